package io.ebmperception.schemas.registry;

import io.ebmperception.schemas.cli.UserFacingException;

/**
 * The schema registry could not be reached, refused a request, or answered something that is not a
 * registry's answer. Its message is one line meant for the operator (it names the registry's URL,
 * never credentials). It is not a fault of the record being read or written: a consumer should not
 * dead-letter a record because the registry is away.
 */
public class SchemaRegistryException extends UserFacingException {
  private static final long serialVersionUID = 1L;

  public SchemaRegistryException(String message) {
    super(message);
  }
}
