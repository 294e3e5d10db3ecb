package io.ebmperception.stream.ops;

import io.ebmperception.schemas.FrameRecords;
import io.ebmperception.runtime.kafka.KafkaAccessException;
import io.ebmperception.runtime.kafka.KafkaErrors;
import io.ebmperception.stream.topology.Topics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the app's topics when they do not exist yet (partitions are the unit of scale) and makes
 * every topic that carries frames admit them: the frames topic records of
 * {@link FrameRecords#limit}, the dead-letter topic and the partition buffer's changelog records of
 * {@link FrameRecords#wrappedLimit} (the broker's default of 1 MB would refuse an ordinary HD
 * JPEG). An existing topic with a lower {@code max.message.bytes} is raised, with one log line
 * naming it; where the app may not alter it (no ALTER_CONFIGS permission), starting fails with one
 * line that names the topic and the command to run.
 */
public final class TopicAdmin {
  private static final Logger LOG = LoggerFactory.getLogger(TopicAdmin.class);

  private TopicAdmin() {}

  /** {@link #ensure(String, Properties, Topics, int, short, int, List)} without internal topics. */
  public static void ensure(String bootstrap, Properties clientSettings, Topics topics, int partitions,
      short replication, int frameMaxBytes) {
    ensure(bootstrap, clientSettings, topics, partitions, replication, frameMaxBytes, List.of());
  }

  /**
   * @param internal internal topics that carry frame records (created by Kafka Streams with the
   *                 right limit; only raised here when an earlier run left them smaller)
   */
  public static void ensure(String bootstrap, Properties clientSettings, Topics topics, int partitions,
      short replication, int frameMaxBytes, List<String> internal) {
    Map<String, Integer> limits = new LinkedHashMap<>();
    limits.put(topics.frames(), FrameRecords.limit(frameMaxBytes));
    limits.put(topics.deadLetters(), FrameRecords.wrappedLimit(frameMaxBytes));
    internal.forEach(t -> limits.put(t, FrameRecords.wrappedLimit(frameMaxBytes)));
    Properties p = new Properties();
    p.putAll(clientSettings);
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (Admin admin = Admin.create(p)) {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<NewTopic> missing = new ArrayList<>();
      for (String t : List.of(topics.frames(), topics.predictions(), topics.deadLetters())) {
        if (!existing.contains(t)) {
          NewTopic topic = new NewTopic(t, partitions, replication);
          if (limits.containsKey(t)) {
            topic.configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(limits.get(t))));
          }
          missing.add(topic);
        }
      }
      if (!missing.isEmpty()) {
        admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
        LOG.info("created topics {} with {} partitions (frames up to {} bytes)",
            missing.stream().map(NewTopic::name).toList(), partitions, FrameRecords.limit(frameMaxBytes));
      }
      Map<String, Integer> toCheck = new LinkedHashMap<>();
      limits.forEach((t, limit) -> {
        if (existing.contains(t)) {
          toCheck.put(t, limit);
        }
      });
      raiseIfTooSmall(admin, toCheck, frameMaxBytes);
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
      KafkaErrors.securityCause(cause).ifPresent(refused -> {
        throw new KafkaAccessException("cannot prepare the topics on " + bootstrap + ": " + refused);
      });
      throw new IllegalStateException("cannot prepare the topics on " + bootstrap + ": " + cause.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    }
  }

  private static void raiseIfTooSmall(Admin admin, Map<String, Integer> limits, int frameMaxBytes)
      throws ExecutionException, InterruptedException, TimeoutException {
    if (limits.isEmpty()) {
      return;
    }
    List<ConfigResource> resources = limits.keySet().stream()
        .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
    Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get(30, TimeUnit.SECONDS);
    for (Map.Entry<ConfigResource, Config> e : configs.entrySet()) {
      String topic = e.getKey().name();
      int needed = limits.get(topic);
      ConfigEntry entry = e.getValue().get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
      if (entry == null || Long.parseLong(entry.value()) >= needed) {
        continue;
      }
      try {
        admin.incrementalAlterConfigs(Map.of(e.getKey(), List.of(new AlterConfigOp(
            new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(needed)), AlterConfigOp.OpType.SET))))
            .all().get(30, TimeUnit.SECONDS);
        LOG.info("topic {} admitted records up to {} bytes; raised max.message.bytes to {} for frames of up to "
            + "frame.max.bytes {}", topic, entry.value(), needed, frameMaxBytes);
      } catch (ExecutionException refused) {
        throw new IllegalStateException("topic " + topic + " admits records up to " + entry.value()
            + " bytes, frames of frame.max.bytes " + frameMaxBytes + " need " + needed + ", and the app may not "
            + "raise it (" + KafkaErrors.describe(refused.getCause()) + "); run kafka-configs --alter --entity-type "
            + "topics --entity-name " + topic + " --add-config max.message.bytes=" + needed, refused);
      }
    }
  }
}
