package io.ebmperception.runtime.kafka;

import java.time.Duration;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * Asks a cluster for its brokers before anything is built on it, so that a wrong address or a
 * broker that is down ends a command within a bounded time and in one line, instead of clients
 * that retry for minutes.
 */
public final class ClusterProbe {
  /** How long a command waits for the first answer of a cluster by default. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);

  private ClusterProbe() {}

  /**
   * Settings of an admin client for {@code bootstrap} whose every call gives up after
   * {@code timeout}, and which retries a silent broker at most every 2 s.
   */
  public static Properties adminSettings(String bootstrap, Properties clientSettings, Duration timeout) {
    Properties p = new Properties();
    p.putAll(clientSettings);
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    p.putIfAbsent(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 2000);
    return p;
  }

  /**
   * Returns the number of brokers the cluster at {@code bootstrap} reports.
   *
   * @param topics topics that must exist there (a producer would otherwise wait for them until it
   *               times out)
   * @throws KafkaUnreachableException if none answered within {@code timeout}
   * @throws KafkaAccessException      if the cluster refused this client (authentication, TLS, ACL)
   * @throws IllegalArgumentException  if one of {@code topics} does not exist
   */
  public static int requireReachable(String bootstrap, Properties clientSettings, Duration timeout,
      String... topics) {
    int ms = (int) timeout.toMillis();
    try (Admin admin = Admin.create(adminSettings(bootstrap, clientSettings, timeout))) {
      int brokers = admin.describeCluster(new DescribeClusterOptions().timeoutMs(ms))
          .nodes().get(ms + 1000L, TimeUnit.MILLISECONDS).size();
      if (topics.length > 0) {
        Set<String> existing = admin.listTopics().names().get(ms + 1000L, TimeUnit.MILLISECONDS);
        for (String t : topics) {
          if (!existing.contains(t)) {
            // A topic this principal may not describe is not listed either: ask for it by name.
            admin.describeTopics(Set.of(t)).allTopicNames().get(ms + 1000L, TimeUnit.MILLISECONDS);
          }
        }
      }
      return brokers;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException) {
        throw new IllegalArgumentException("topic " + String.join(", ", topics) + " does not exist on " + bootstrap
            + " (the app creates its topics when it starts; or create it with kafka-topics)");
      }
      java.util.Optional<String> refused = KafkaErrors.securityCause(e);
      if (refused.isPresent()) {
        throw new KafkaAccessException("Kafka at " + bootstrap + ": " + refused.get());
      }
      throw unreachable(bootstrap, timeout);
    } catch (TimeoutException e) {
      throw unreachable(bootstrap, timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaUnreachableException("interrupted while reaching Kafka at " + bootstrap);
    } catch (org.apache.kafka.common.KafkaException e) {
      java.util.Optional<String> refused = KafkaErrors.securityCause(e);
      if (refused.isPresent()) {
        throw new KafkaAccessException("Kafka at " + bootstrap + ": " + refused.get());
      }
      throw new KafkaUnreachableException("cannot use the Kafka address " + bootstrap + ": " + e.getMessage());
    }
  }

  private static KafkaUnreachableException unreachable(String bootstrap, Duration timeout) {
    return new KafkaUnreachableException("cannot reach Kafka at " + bootstrap + " within "
          + timeout.toSeconds() + " s (is a broker running there? set the address with "
          + "--bootstrap-servers or bootstrap.servers)");
  }
}
