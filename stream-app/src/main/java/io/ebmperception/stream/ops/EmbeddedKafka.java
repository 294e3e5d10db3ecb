package io.ebmperception.stream.ops;

import io.ebmperception.runtime.config.SharedSettings;
import io.ebmperception.runtime.http.PortTakenException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker in KRaft mode (combined broker and controller) running inside
 * this JVM, from Kafka's own server jars. Its log directory is formatted on first use and kept
 * in {@code dataDir}, so topics and offsets survive a restart. For development and the demo; a
 * deployment points {@code bootstrap.servers} at a real cluster instead.
 */
public final class EmbeddedKafka implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
  private final KafkaRaftServer server;
  private final String bootstrapServers;
  private final String saslBootstrapServers;

  /**
   * A second listener that authenticates with SASL/PLAIN and authorises by ACLs (Kafka's
   * StandardAuthorizer), for trying and testing secured clients locally. The plain listener stays
   * for the broker's own traffic; its anonymous principal is a super user.
   *
   * @param passwords  user → password the broker accepts
   * @param superUsers users allowed everything; every other user needs ACLs
   */
  public record SaslPlain(java.util.Map<String, String> passwords, java.util.Set<String> superUsers) {
    public SaslPlain {
      passwords = java.util.Map.copyOf(passwords);
      superUsers = java.util.Set.copyOf(superUsers);
    }
  }

  private EmbeddedKafka(KafkaRaftServer server, String bootstrapServers, String saslBootstrapServers) {
    this.server = server;
    this.bootstrapServers = bootstrapServers;
    this.saslBootstrapServers = saslBootstrapServers;
  }

  /**
   * Starts a broker.
   *
   * @param dataDir folder for its logs (created and formatted when new; a broker started again on
   *                the same folder keeps its topics, offsets and controller port)
   * @param port    client port; 0 picks a free one
   */
  public static EmbeddedKafka start(Path dataDir, int port) {
    return start(dataDir, port, null);
  }

  /** Like {@link #start(Path, int)}, with a SASL/PLAIN listener on a free port when {@code sasl} is not null. */
  public static EmbeddedKafka start(Path dataDir, int port, SaslPlain sasl) {
    try {
      Files.createDirectories(dataDir);
      int brokerPort = port == 0 ? freePort() : port;
      requireFree(brokerPort);
      int controllerPort = previousControllerPort(dataDir).orElse(freePort());
      Properties props = new Properties();
      props.put("process.roles", "broker,controller");
      props.put("node.id", "1");
      props.put("controller.quorum.voters", "1@localhost:" + controllerPort);
      props.put("listeners", "PLAINTEXT://localhost:" + brokerPort + ",CONTROLLER://localhost:" + controllerPort);
      props.put("advertised.listeners", "PLAINTEXT://localhost:" + brokerPort);
      props.put("controller.listener.names", "CONTROLLER");
      props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
      props.put("inter.broker.listener.name", "PLAINTEXT");
      props.put("log.dirs", dataDir.resolve("logs").toAbsolutePath().toString());
      props.put("offsets.topic.replication.factor", "1");
      props.put("offsets.topic.num.partitions", "4");
      props.put("transaction.state.log.replication.factor", "1");
      props.put("transaction.state.log.min.isr", "1");
      props.put("transaction.state.log.num.partitions", "4");
      props.put("group.initial.rebalance.delay.ms", "0");
      props.put("share.coordinator.state.topic.replication.factor", "1");
      props.put("share.coordinator.state.topic.min.isr", "1");
      props.put("auto.create.topics.enable", "false");
      int saslPort = sasl == null ? -1 : freePort();
      if (sasl != null) {
        addSasl(props, brokerPort, controllerPort, saslPort, sasl);
      }
      if (!Files.exists(dataDir.resolve("logs").resolve("meta.properties"))) {
        format(props, dataDir);
      }
      KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
      server.startup();
      String bootstrap = "localhost:" + brokerPort;
      LOG.info("embedded Kafka broker (KRaft) listening on {}, data in {}", bootstrap, dataDir.toAbsolutePath());
      return new EmbeddedKafka(server, bootstrap, sasl == null ? null : "localhost:" + saslPort);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the embedded broker in " + dataDir, e);
    }
  }

  /**
   * Refuses at once, in one line, a broker port that another process holds (a local Kafka on 9092,
   * or another {@code ./ebm run} or demo), instead of Kafka's start-up failing with its stack trace.
   */
  private static void requireFree(int port) {
    try (ServerSocket probe = new ServerSocket()) {
      probe.setReuseAddress(true);
      probe.bind(new java.net.InetSocketAddress("localhost", port));
    } catch (IOException e) {
      throw new PortTakenException("the embedded broker", "localhost:" + port, SharedSettings.EMBEDDED_PORT.key(),
          " (a local Kafka, or another ./ebm run or demo; bootstrap.servers uses a running cluster instead)");
    }
  }

  private static void addSasl(Properties props, int brokerPort, int controllerPort, int saslPort, SaslPlain sasl) {
    props.put("listeners", "PLAINTEXT://localhost:" + brokerPort + ",SASL_PLAINTEXT://localhost:" + saslPort
        + ",CONTROLLER://localhost:" + controllerPort);
    props.put("advertised.listeners", "PLAINTEXT://localhost:" + brokerPort + ",SASL_PLAINTEXT://localhost:" + saslPort);
    props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT");
    props.put("sasl.enabled.mechanisms", "PLAIN");
    StringBuilder jaas = new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required");
    sasl.passwords().forEach((user, password) -> jaas.append(" user_").append(user).append("=\"").append(password).append('"'));
    props.put("listener.name.sasl_plaintext.plain.sasl.jaas.config", jaas.append(';').toString());
    props.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
    StringBuilder supers = new StringBuilder("User:ANONYMOUS");
    sasl.superUsers().forEach(u -> supers.append(";User:").append(u));
    props.put("super.users", supers.toString());
  }

  private static void format(Properties props, Path dataDir) throws IOException {
    Path file = dataDir.resolve("server.properties");
    try (OutputStream out = Files.newOutputStream(file)) {
      props.store(out, "embedded ebm-perception broker");
    }
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    int rc = StorageTool.execute(new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c",
        file.toString()}, new PrintStream(log, true, StandardCharsets.UTF_8));
    if (rc != 0) {
      throw new IllegalStateException("formatting the broker's storage failed: " + log.toString(StandardCharsets.UTF_8));
    }
  }

  /**
   * The controller port a broker restarted on its data directory had before: the metadata log
   * remembers the voter's address, so a restart keeps it.
   */
  private static java.util.OptionalInt previousControllerPort(Path dataDir) throws IOException {
    Path file = dataDir.resolve("server.properties");
    if (!Files.exists(file)) {
      return java.util.OptionalInt.empty();
    }
    Properties previous = new Properties();
    try (java.io.InputStream in = Files.newInputStream(file)) {
      previous.load(in);
    }
    String voters = previous.getProperty("controller.quorum.voters", "");
    int colon = voters.lastIndexOf(':');
    return colon < 0 ? java.util.OptionalInt.empty()
        : java.util.OptionalInt.of(Integer.parseInt(voters.substring(colon + 1).strip()));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** {@code host:port} for clients. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** {@code host:port} of the SASL/PLAIN listener, when the broker was started with one. */
  public java.util.Optional<String> saslBootstrapServers() {
    return java.util.Optional.ofNullable(saslBootstrapServers);
  }

  @Override
  public void close() {
    server.shutdown();
    server.awaitShutdown();
  }
}
