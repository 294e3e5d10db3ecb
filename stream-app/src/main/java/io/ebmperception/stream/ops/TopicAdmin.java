package io.ebmperception.stream.ops;

import io.ebmperception.stream.io.FrameRecords;
import io.ebmperception.stream.topology.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the app's topics when they do not exist yet (partitions are the unit of scale). The
 * topics that carry frames (frames, dead letters) get a {@code max.message.bytes} that admits the
 * app's own {@code frame.max.bytes}: the broker's default of 1 MB would refuse larger frames before
 * the app could ever see them. An existing topic with a lower limit is reported, not changed.
 */
public final class TopicAdmin {
  private static final Logger LOG = LoggerFactory.getLogger(TopicAdmin.class);

  private TopicAdmin() {}

  public static void ensure(String bootstrap, Properties clientSettings, Topics topics, int partitions,
      short replication, int frameMaxBytes) {
    String limit = Integer.toString(FrameRecords.limit(frameMaxBytes));
    Properties p = new Properties();
    p.putAll(clientSettings);
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (Admin admin = Admin.create(p)) {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<NewTopic> missing = new ArrayList<>();
      for (String t : List.of(topics.frames(), topics.predictions(), topics.deadLetters())) {
        if (!existing.contains(t)) {
          NewTopic topic = new NewTopic(t, partitions, replication);
          if (!t.equals(topics.predictions())) {
            topic.configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, limit));
          }
          missing.add(topic);
        }
      }
      if (!missing.isEmpty()) {
        admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
        LOG.info("created topics {} with {} partitions (records up to {} bytes)",
            missing.stream().map(NewTopic::name).toList(), partitions, limit);
      }
      warnIfTooSmall(admin, topics, frameMaxBytes, missing);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot create topics on " + bootstrap + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    }
  }

  private static void warnIfTooSmall(Admin admin, Topics topics, int frameMaxBytes, List<NewTopic> created)
      throws ExecutionException, InterruptedException, TimeoutException {
    List<ConfigResource> existing = new ArrayList<>();
    for (String t : List.of(topics.frames(), topics.deadLetters())) {
      if (created.stream().noneMatch(n -> n.name().equals(t))) {
        existing.add(new ConfigResource(ConfigResource.Type.TOPIC, t));
      }
    }
    if (existing.isEmpty()) {
      return;
    }
    Map<ConfigResource, Config> configs = admin.describeConfigs(existing).all().get(30, TimeUnit.SECONDS);
    configs.forEach((resource, config) -> {
      ConfigEntry entry = config.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
      if (entry != null && Long.parseLong(entry.value()) < FrameRecords.limit(frameMaxBytes)) {
        LOG.warn("topic {} admits records up to {} bytes, less than frame.max.bytes {} + {}: larger "
            + "frames are refused by the broker (raise it with kafka-configs --alter --add-config "
            + "max.message.bytes={})", resource.name(), entry.value(), frameMaxBytes,
            FrameRecords.OVERHEAD_BYTES, FrameRecords.limit(frameMaxBytes));
      }
    });
  }
}
