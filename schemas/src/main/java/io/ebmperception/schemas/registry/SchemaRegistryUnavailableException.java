package io.ebmperception.schemas.registry;

/**
 * The schema registry did not answer in time, could not be reached, or answered with a server
 * error: an outage of someone else's service, which a consumer waits out (the record is kept and
 * tried again) instead of dead-lettering the record. The client does not ask again before
 * {@link SchemaRegistryClient#unavailable()} clears; until then lookups fail at once with this.
 */
public class SchemaRegistryUnavailableException extends SchemaRegistryException {
  private static final long serialVersionUID = 1L;

  public SchemaRegistryUnavailableException(String message) {
    super(message);
  }
}
