package streamingplatform.jvm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The Python tests' hands on a running Kafka cluster: one command per call, a
 * JSON request on stdin, a JSON answer on stdout. Every answer carries Kafka's
 * own verdict (the exception class and message), never an interpretation.
 *
 * <ul>
 *   <li>{@code wait}: until the cluster lists {@code brokers} brokers.
 *   <li>{@code topics}: CreateTopics for each topic, one request each, in order
 *       (so a later topic meets the earlier ones), real or {@code validateOnly}.
 *   <li>{@code configs}: the broker's effective value of the named configs.
 *   <li>{@code broker-config}: for each case (a property and a value on top of
 *       {@code base}), what KafkaConfig, the validation a broker runs first at
 *       start, makes of it; no broker is started.
 *   <li>{@code scram}: AlterUserScramCredentials for each user, then a client
 *       authenticates with each on the SASL listener, and once with a wrong
 *       password (which must be refused).
 *   <li>{@code access}: as one SCRAM user, produce a record to a topic and
 *       consume it in a group; Kafka's verdict of each (null: allowed).
 *   <li>{@code acl-operations}: the operations Kafka's authorizer accepts per
 *       resource type (AclEntry.supportedOperations).
 * </ul>
 */
public final class KafkaJudge {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int TIMEOUT_MS = 30_000;
  private static final long PROPAGATION_MS = 20_000;

  private KafkaJudge() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: KafkaJudge wait|topics|configs|scram  (request as JSON on stdin)");
      System.exit(2);
    }
    JsonNode request = JSON.readTree(System.in);
    ObjectNode answer =
        switch (args[0]) {
          case "wait" -> waitForBrokers(request);
          case "topics" -> createTopics(request);
          case "configs" -> describeConfigs(request);
          case "scram" -> scram(request);
          case "broker-config" -> brokerConfig(request);
          case "access" -> access(request);
          case "acl-operations" -> aclOperations();
          case "group-offsets" -> groupOffsets(request);
          case "copy-topic" -> copyTopic(request);
          default -> throw new IllegalArgumentException("unknown command " + args[0]);
        };
    System.out.println(JSON.writeValueAsString(answer));
  }

  private static Admin admin(String bootstrap, Map<String, String> extra) {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Integer.toString(TIMEOUT_MS));
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Integer.toString(TIMEOUT_MS));
    props.putAll(extra);
    return Admin.create(props);
  }

  /** Kafka's verdict: null when accepted, else "ExceptionClass: message" of the cause. */
  private static String verdict(ExecutionException failure) {
    Throwable cause = failure.getCause() == null ? failure : failure.getCause();
    return cause.getClass().getSimpleName() + ": " + cause.getMessage();
  }

  private static ObjectNode waitForBrokers(JsonNode request) throws Exception {
    int brokers = request.get("brokers").asInt();
    long deadline = System.currentTimeMillis() + request.path("timeoutMs").asLong(60_000);
    try (Admin admin = admin(request.get("bootstrap").asText(), Map.of())) {
      int seen = 0;
      while (System.currentTimeMillis() < deadline) {
        try {
          seen = admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size();
          if (seen >= brokers) {
            return JSON.createObjectNode().put("brokers", seen);
          }
        } catch (Exception notYet) {
          // the brokers are still starting
        }
        Thread.sleep(200);
      }
      throw new IllegalStateException("the cluster lists " + seen + " of " + brokers + " brokers");
    }
  }

  private static ObjectNode createTopics(JsonNode request) throws Exception {
    boolean validateOnly = request.path("validateOnly").asBoolean(false);
    ObjectNode results = JSON.createObjectNode();
    try (Admin admin = admin(request.get("bootstrap").asText(), Map.of())) {
      for (JsonNode topic : request.get("topics")) {
        String name = topic.get("name").asText();
        NewTopic newTopic =
            new NewTopic(
                name, topic.get("partitions").asInt(), (short) topic.get("replicationFactor").asInt());
        newTopic.configs(strings(topic.path("configs")));
        try {
          admin
              .createTopics(List.of(newTopic), new CreateTopicsOptions().validateOnly(validateOnly))
              .all()
              .get();
          results.putNull(name);
        } catch (ExecutionException refused) {
          results.put(name, verdict(refused));
        }
      }
    }
    return JSON.createObjectNode().set("results", results);
  }

  /**
   * What MSK Replicator does to a topic with identical names, for a test: every record of
   * {@code topic} on {@code bootstrap} (keys, values and nulls as bytes) written to the same topic
   * and partition on {@code targetBootstrap}, in order. {"copied": count}.
   */
  private static ObjectNode copyTopic(JsonNode request) throws Exception {
    String topic = request.get("topic").asText();
    Properties in = new Properties();
    in.put("bootstrap.servers", request.get("bootstrap").asText());
    in.put("key.deserializer", ByteArrayDeserializer.class.getName());
    in.put("value.deserializer", ByteArrayDeserializer.class.getName());
    in.put("enable.auto.commit", "false");
    Properties out = new Properties();
    out.put("bootstrap.servers", request.get("targetBootstrap").asText());
    out.put("key.serializer", ByteArraySerializer.class.getName());
    out.put("value.serializer", ByteArraySerializer.class.getName());
    out.put("acks", "all");
    int copied = 0;
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(in);
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(out)) {
      List<TopicPartition> partitions = new ArrayList<>();
      consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          producer.send(new ProducerRecord<>(topic, r.partition(), r.key(), r.value())).get();
          copied++;
        }
      }
    }
    return JSON.createObjectNode().put("copied", copied);
  }

  /** The committed offsets of each group: {"groups": {group: {"topic-partition": offset}}}. */
  private static ObjectNode groupOffsets(JsonNode request) throws Exception {
    ObjectNode groups = JSON.createObjectNode();
    try (Admin admin = admin(request.get("bootstrap").asText(), Map.of())) {
      for (JsonNode group : request.get("groups")) {
        ObjectNode offsets = groups.putObject(group.asText());
        admin
            .listConsumerGroupOffsets(group.asText())
            .partitionsToOffsetAndMetadata()
            .get()
            .forEach((partition, offset) -> offsets.put(partition.toString(), offset.offset()));
      }
    }
    return JSON.createObjectNode().set("groups", groups);
  }

  private static ObjectNode brokerConfig(JsonNode request) {
    Map<String, String> base = strings(request.get("base"));
    com.fasterxml.jackson.databind.node.ArrayNode results = JSON.createArrayNode();
    for (JsonNode pair : request.get("cases")) {
      Properties props = new Properties();
      props.putAll(base);
      props.put(pair.get(0).asText(), pair.get(1).asText());
      try {
        kafka.server.KafkaConfig.fromProps(props, false);
        results.addNull();
      } catch (RuntimeException refused) {
        results.add(refused.getClass().getSimpleName() + ": " + refused.getMessage());
      }
    }
    return JSON.createObjectNode().set("results", results);
  }

  private static ObjectNode describeConfigs(JsonNode request) throws Exception {
    ConfigResource broker =
        new ConfigResource(ConfigResource.Type.BROKER, request.get("broker").asText());
    ObjectNode values = JSON.createObjectNode();
    try (Admin admin = admin(request.get("bootstrap").asText(), Map.of())) {
      Config config = admin.describeConfigs(List.of(broker)).all().get().get(broker);
      for (JsonNode name : request.get("names")) {
        ConfigEntry entry = config.get(name.asText());
        if (entry == null) {
          values.putNull(name.asText());
        } else {
          values.put(name.asText(), entry.value());
        }
      }
    }
    return JSON.createObjectNode().set("configs", values);
  }

  private static ObjectNode scram(JsonNode request) throws Exception {
    ScramMechanism mechanism = ScramMechanism.fromMechanismName(request.get("mechanism").asText());
    int iterations = request.path("iterations").asInt(4096);
    List<UserScramCredentialAlteration> upserts = new ArrayList<>();
    for (JsonNode user : request.get("users")) {
      upserts.add(
          new UserScramCredentialUpsertion(
              user.get("name").asText(),
              new ScramCredentialInfo(mechanism, iterations),
              user.get("password").asText()));
    }
    ObjectNode created = JSON.createObjectNode();
    try (Admin admin = admin(request.get("bootstrap").asText(), Map.of())) {
      for (Map.Entry<String, org.apache.kafka.common.KafkaFuture<Void>> result :
          admin.alterUserScramCredentials(upserts).values().entrySet()) {
        try {
          result.getValue().get();
          created.putNull(result.getKey());
        } catch (ExecutionException refused) {
          created.put(result.getKey(), verdict(refused));
        }
      }
    }
    ObjectNode authenticated = JSON.createObjectNode();
    String saslBootstrap = request.get("saslBootstrap").asText();
    Map<String, String> tls = truststore(request.path("tls"));
    for (JsonNode user : request.get("users")) {
      String name = user.get("name").asText();
      // The client's JAAS line as given (e.g. what a start script assembles), else built here.
      String jaas =
          user.has("jaasConfig")
              ? user.get("jaasConfig").asText()
              : jaasConfig(name, user.get("password").asText());
      // A new credential reaches each broker when it replays the metadata
      // record: retry a refusal for a while before taking it as Kafka's answer.
      long deadline = System.currentTimeMillis() + PROPAGATION_MS;
      String refused = authenticate(saslBootstrap, tls, mechanism, jaas);
      while (refused != null && System.currentTimeMillis() < deadline) {
        Thread.sleep(500);
        refused = authenticate(saslBootstrap, tls, mechanism, jaas);
      }
      authenticated.put(name, refused);
    }
    Iterator<JsonNode> first = request.get("users").elements();
    String wrong =
        first.hasNext()
            ? authenticate(
                saslBootstrap,
                tls,
                mechanism,
                jaasConfig(first.next().get("name").asText(), "not-the-password"))
            : null;
    ObjectNode answer = JSON.createObjectNode();
    answer.set("created", created);
    answer.set("authenticated", authenticated);
    answer.put("wrongPassword", wrong);
    return answer;
  }

  private static ObjectNode access(JsonNode request) {
    Map<String, String> client = new LinkedHashMap<>(truststore(request.path("tls")));
    client.put("sasl.mechanism", request.path("mechanism").asText("SCRAM-SHA-512"));
    client.put(
        "sasl.jaas.config",
        jaasConfig(request.get("user").asText(), request.get("password").asText()));
    String bootstrap = request.get("saslBootstrap").asText();
    String topic = request.get("topic").asText();
    ObjectNode answer = JSON.createObjectNode();
    Properties producer = new Properties();
    producer.putAll(client);
    producer.put("bootstrap.servers", bootstrap);
    producer.put("key.serializer", org.apache.kafka.common.serialization.StringSerializer.class.getName());
    producer.put("value.serializer", org.apache.kafka.common.serialization.StringSerializer.class.getName());
    // Not idempotent: a refused write is Kafka's TopicAuthorizationException itself,
    // not the idempotent producer's fatal state around a cluster-level refusal.
    producer.put("enable.idempotence", "false");
    producer.put("acks", "all");
    producer.put("max.block.ms", "10000");
    producer.put("delivery.timeout.ms", "10000");
    producer.put("request.timeout.ms", "5000");
    try (org.apache.kafka.clients.producer.KafkaProducer<String, String> sender =
        new org.apache.kafka.clients.producer.KafkaProducer<>(producer)) {
      sender.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, "k", "v")).get();
      answer.putNull("produce");
    } catch (Exception refused) {
      answer.put("produce", describe(refused));
    }
    Properties consumer = new Properties();
    consumer.putAll(client);
    consumer.put("bootstrap.servers", bootstrap);
    consumer.put("group.id", request.get("group").asText());
    consumer.put("auto.offset.reset", "earliest");
    consumer.put("key.deserializer", org.apache.kafka.common.serialization.StringDeserializer.class.getName());
    consumer.put("value.deserializer", org.apache.kafka.common.serialization.StringDeserializer.class.getName());
    try (org.apache.kafka.clients.consumer.KafkaConsumer<String, String> receiver =
        new org.apache.kafka.clients.consumer.KafkaConsumer<>(consumer)) {
      receiver.subscribe(List.of(topic));
      int records = 0;
      long deadline = System.currentTimeMillis() + request.path("pollMs").asLong(8000);
      while (records == 0 && System.currentTimeMillis() < deadline) {
        records += receiver.poll(java.time.Duration.ofMillis(500)).count();
      }
      answer.putNull("consume");
      answer.put("records", records);
    } catch (Exception refused) {
      answer.put("consume", describe(refused));
    }
    return answer;
  }

  private static String describe(Throwable failure) {
    Throwable cause = failure instanceof ExecutionException && failure.getCause() != null ? failure.getCause() : failure;
    return cause.getClass().getSimpleName() + ": " + cause.getMessage();
  }

  private static ObjectNode aclOperations() {
    ObjectNode answer = JSON.createObjectNode();
    for (org.apache.kafka.common.resource.ResourceType type :
        List.of(
            org.apache.kafka.common.resource.ResourceType.TOPIC,
            org.apache.kafka.common.resource.ResourceType.GROUP,
            org.apache.kafka.common.resource.ResourceType.CLUSTER,
            org.apache.kafka.common.resource.ResourceType.TRANSACTIONAL_ID)) {
      com.fasterxml.jackson.databind.node.ArrayNode operations = answer.putArray(type.name());
      for (org.apache.kafka.common.acl.AclOperation operation :
          org.apache.kafka.security.authorizer.AclEntry.supportedOperations(type)) {
        operations.add(operation.name());
      }
    }
    return answer;
  }

  /** SASL over TLS (as MSK's SCRAM port 9096), trusting the test broker's certificate. */
  private static Map<String, String> truststore(JsonNode tls) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put(AdminClientConfig.SECURITY_PROTOCOL_CONFIG, "SASL_SSL");
    settings.put("ssl.truststore.type", "PKCS12");
    settings.put("ssl.truststore.location", tls.get("truststore").asText());
    settings.put("ssl.truststore.password", tls.get("password").asText());
    return settings;
  }

  private static String jaasConfig(String user, String password) {
    return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
        + user.replace("\\", "\\\\").replace("\"", "\\\"")
        + "\" password=\""
        + password.replace("\\", "\\\\").replace("\"", "\\\"")
        + "\";";
  }

  /** null when the JAAS line authenticates and may describe the cluster, else Kafka's verdict. */
  private static String authenticate(
      String bootstrap, Map<String, String> tls, ScramMechanism mechanism, String jaas)
      throws InterruptedException {
    Map<String, String> sasl = new LinkedHashMap<>(tls);
    sasl.put("sasl.mechanism", mechanism.mechanismName());
    sasl.put("sasl.jaas.config", jaas);
    try (Admin admin = admin(bootstrap, sasl)) {
      admin.describeCluster().clusterId().get();
      return null;
    } catch (ExecutionException refused) {
      return verdict(refused);
    }
  }

  private static Map<String, String> strings(JsonNode object) {
    Map<String, String> values = new LinkedHashMap<>();
    object.fields().forEachRemaining(field -> values.put(field.getKey(), field.getValue().asText()));
    return values;
  }
}
