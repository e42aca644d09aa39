// Writes and reads a Connect cluster's internal topics with Kafka Connect's own stores
// (KafkaConfigBackingStore, KafkaStatusBackingStore, KafkaOffsetBackingStore), for
// test/storage/kafka/stores-parity.test.ts. One JSON command per stdin line, one JSON answer per
// stdout line. Every command carries "worker": the distributed worker's settings (bootstrap.servers,
// group.id, the three topics...), from which the store is built as ConnectDistributed builds it.
//   {"op":"config-write","worker",actions:[...]}   -> "ok"
//       actions: {"type":"connector","name","config",targetState?}, {"type":"tasks","name","configs"},
//       {"type":"target-state","name","state"}, {"type":"remove","name"},
//       {"type":"session-key","key"(base64),"algorithm","timestamp"},
//       {"type":"restart","name","onlyFailed","includeTasks"}, {"type":"task-count","name","count"},
//       {"type":"logger","namespace","level"}
//   {"op":"config-read","worker"}   -> the snapshot (offset, connectors with config, target state,
//       task count, task configs, applied config; inconsistent; session key; task-count records; pending fencing)
//   {"op":"status-write","worker",actions:[{"type":"connector"|"task","name",task?,"state","trace","workerId","generation","version",safe?},
//       {"type":"topic","topic","name","task","timestamp"}, {"type":"delete-topic","topic","name"}]}  -> "ok"
//   {"op":"status-read","worker","connectors":[...]}  -> {name: {connector, tasks, topics}}
//   {"op":"offsets-write","worker","connector","offsets":[[partition, offset|null], ...]}  -> "ok"
//   {"op":"offsets-read","worker","connector","partitions":[...]}  -> {"offsets":[...], "partitions":[...]}
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.runtime.ConnectorStatus;
import org.apache.kafka.connect.runtime.RestartRequest;
import org.apache.kafka.connect.runtime.SessionKey;
import org.apache.kafka.connect.runtime.TargetState;
import org.apache.kafka.connect.runtime.TaskStatus;
import org.apache.kafka.connect.runtime.TopicStatus;
import org.apache.kafka.connect.runtime.AbstractStatus;
import org.apache.kafka.connect.runtime.distributed.DistributedConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.connect.storage.ClusterConfigState;
import org.apache.kafka.connect.storage.ConnectorOffsetBackingStore;
import org.apache.kafka.connect.util.LoggingContext;
import org.apache.kafka.connect.storage.ConfigBackingStore;
import org.apache.kafka.connect.storage.KafkaConfigBackingStore;
import org.apache.kafka.connect.storage.KafkaOffsetBackingStore;
import org.apache.kafka.connect.storage.KafkaStatusBackingStore;
import org.apache.kafka.connect.storage.OffsetStorageReaderImpl;
import org.apache.kafka.connect.storage.OffsetStorageWriter;
import org.apache.kafka.connect.util.ConnectUtils;
import org.apache.kafka.connect.util.ConnectorTaskId;
import org.apache.kafka.connect.util.FutureCallback;
import org.apache.kafka.connect.util.SharedTopicAdmin;

import javax.crypto.spec.SecretKeySpec;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

public class KafkaStoresDriver {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            @SuppressWarnings("unchecked")
            Map<String, Object> command = JSON.readValue(line, Map.class);
            System.out.println(JSON.writeValueAsString(run(command)));
        }
    }

    @SuppressWarnings("unchecked")
    private static Object run(Map<String, Object> command) throws Exception {
        Map<String, String> props = (Map<String, String>) command.get("worker");
        DistributedConfig config = new DistributedConfig(props);
        String clientIdBase = ConnectUtils.clientIdBase(config);
        Map<String, Object> adminProps = new HashMap<>(config.originals());
        adminProps.put("client.id", clientIdBase + "shared-admin");
        JsonConverter internalKeyConverter = new JsonConverter();
        internalKeyConverter.configure(Map.of("schemas.enable", "false"), true);
        JsonConverter internalValueConverter = new JsonConverter();
        internalValueConverter.configure(Map.of("schemas.enable", "false"), false);
        String op = (String) command.get("op");
        try (SharedTopicAdmin admin = new SharedTopicAdmin(adminProps)) {
            switch (op) {
                case "config-write":
                case "config-read": {
                    KafkaConfigBackingStore store = new KafkaConfigBackingStore(internalValueConverter, config, null, admin, clientIdBase);
                    store.setUpdateListener(new IgnoringListener());
                    store.start();
                    try {
                        if (op.equals("config-read")) return snapshot(store.snapshot());
                        store.claimWritePrivileges();
                        for (Map<String, Object> action : (List<Map<String, Object>>) command.get("actions")) configAction(store, action);
                        return "ok";
                    } finally {
                        store.stop();
                    }
                }
                case "status-write":
                case "status-read": {
                    KafkaStatusBackingStore store = new KafkaStatusBackingStore(Time.SYSTEM, internalValueConverter, admin, clientIdBase);
                    store.configure(config);
                    store.start();
                    try {
                        if (op.equals("status-read")) return statuses(store, (List<String>) command.get("connectors"));
                        for (Map<String, Object> action : (List<Map<String, Object>>) command.get("actions")) statusAction(store, action);
                        store.flush();
                        return "ok";
                    } finally {
                        store.stop();
                    }
                }
                case "offsets-write":
                case "offsets-read": {
                    KafkaOffsetBackingStore store = new KafkaOffsetBackingStore(admin, () -> clientIdBase, internalKeyConverter);
                    store.configure(config);
                    store.start();
                    String connector = (String) command.get("connector");
                    try {
                        if (op.equals("offsets-write")) {
                            OffsetStorageWriter writer = new OffsetStorageWriter(store, connector, internalKeyConverter, internalValueConverter);
                            for (List<Map<String, Object>> entry : (List<List<Map<String, Object>>>) command.get("offsets")) writer.offset(entry.get(0), entry.get(1));
                            writer.beginFlush();
                            writer.doFlush(new FutureCallback<>()).get(30, TimeUnit.SECONDS);
                            return "ok";
                        }
                        OffsetStorageReaderImpl reader = new OffsetStorageReaderImpl(store, connector, internalKeyConverter, internalValueConverter);
                        List<Map<String, Object>> partitions = (List<Map<String, Object>>) command.get("partitions");
                        Map<Map<String, Object>, Map<String, Object>> found = reader.offsets(partitions);
                        List<Object> offsets = new ArrayList<>();
                        for (Map<String, Object> partition : partitions) offsets.add(found.get(partition));
                        List<Map<String, Object>> listed = new ArrayList<>(store.connectorPartitions(connector));
                        listed.sort(Comparator.comparing(Object::toString));
                        Map<String, Object> answer = new LinkedHashMap<>();
                        answer.put("offsets", offsets);
                        answer.put("partitions", listed);
                        return answer;
                    } finally {
                        store.stop();
                    }
                }
                case "connector-offsets-read": {
                    // A connector with an offsets topic of its own, the worker's topic behind it, as Worker builds it.
                    KafkaOffsetBackingStore workerStore = new KafkaOffsetBackingStore(admin, () -> clientIdBase, internalKeyConverter);
                    workerStore.configure(config);
                    workerStore.start();
                    Map<String, Object> consumerProps = new HashMap<>(config.originals());
                    consumerProps.put("key.deserializer", ByteArrayDeserializer.class.getName());
                    consumerProps.put("value.deserializer", ByteArrayDeserializer.class.getName());
                    consumerProps.remove("group.id");
                    String topic = (String) command.get("topic");
                    KafkaOffsetBackingStore connectorStore = KafkaOffsetBackingStore.readOnlyStore(topic, new KafkaConsumer<>(consumerProps), admin.get(), internalKeyConverter);
                    connectorStore.configure(config);
                    ConnectorOffsetBackingStore store = ConnectorOffsetBackingStore.withConnectorAndWorkerStores(
                        () -> LoggingContext.forConnector((String) command.get("connector")), workerStore, connectorStore, topic, admin.get());
                    store.start();
                    try {
                        OffsetStorageReaderImpl reader = new OffsetStorageReaderImpl(store, (String) command.get("connector"), internalKeyConverter, internalValueConverter);
                        List<Map<String, Object>> partitions = (List<Map<String, Object>>) command.get("partitions");
                        Map<Map<String, Object>, Map<String, Object>> found = reader.offsets(partitions);
                        List<Object> offsets = new ArrayList<>();
                        for (Map<String, Object> partition : partitions) offsets.add(found.get(partition));
                        return offsets;
                    } finally {
                        connectorStore.stop();
                        workerStore.stop();
                    }
                }
                default:
                    throw new IllegalArgumentException("unknown op " + op);
            }
        }
    }

    /** The herder's listener; the driver reads snapshots instead. */
    private static final class IgnoringListener implements ConfigBackingStore.UpdateListener {
        @Override public void onConnectorConfigRemove(String connector) { }
        @Override public void onConnectorConfigUpdate(String connector) { }
        @Override public void onTaskConfigUpdate(Collection<ConnectorTaskId> tasks) { }
        @Override public void onConnectorTargetStateChange(String connector) { }
        @Override public void onSessionKeyUpdate(SessionKey sessionKey) { }
        @Override public void onRestartRequest(RestartRequest restartRequest) { }
        @Override public void onLoggingLevelUpdate(String namespace, String level) { }
    }

    @SuppressWarnings("unchecked")
    private static void configAction(KafkaConfigBackingStore store, Map<String, Object> action) {
        String name = (String) action.get("name");
        switch ((String) action.get("type")) {
            case "connector":
                String state = (String) action.get("targetState");
                store.putConnectorConfig(name, (Map<String, String>) action.get("config"), state == null ? null : TargetState.valueOf(state));
                break;
            case "tasks":
                store.putTaskConfigs(name, (List<Map<String, String>>) action.get("configs"));
                break;
            case "target-state":
                store.putTargetState(name, TargetState.valueOf((String) action.get("state")));
                break;
            case "remove":
                store.removeConnectorConfig(name);
                break;
            case "session-key":
                byte[] key = Base64.getDecoder().decode((String) action.get("key"));
                store.putSessionKey(new SessionKey(new SecretKeySpec(key, (String) action.get("algorithm")), ((Number) action.get("timestamp")).longValue()));
                break;
            case "restart":
                store.putRestartRequest(new RestartRequest(name, (Boolean) action.get("onlyFailed"), (Boolean) action.get("includeTasks")));
                break;
            case "task-count":
                store.putTaskCountRecord(name, ((Number) action.get("count")).intValue());
                break;
            case "logger":
                store.putLoggerLevel((String) action.get("namespace"), (String) action.get("level"));
                break;
            default:
                throw new IllegalArgumentException("unknown config action " + action);
        }
    }

    private static Map<String, Object> snapshot(ClusterConfigState state) {
        Map<String, Object> connectors = new TreeMap<>();
        for (String name : state.connectors()) {
            Map<String, Object> connector = new LinkedHashMap<>();
            connector.put("config", state.rawConnectorConfig(name));
            connector.put("targetState", state.targetState(name) == null ? null : state.targetState(name).name());
            connector.put("taskCount", state.taskCount(name));
            List<Object> tasks = new ArrayList<>();
            for (ConnectorTaskId id : state.tasks(name)) tasks.add(state.rawTaskConfig(id));
            connector.put("tasks", tasks);
            connector.put("applied", state.appliedConnectorConfig(name));
            connector.put("taskCountRecord", state.taskCountRecord(name));
            connector.put("taskConfigGeneration", state.taskConfigGeneration(name));
            connector.put("pendingFencing", state.pendingFencing(name));
            connectors.put(name, connector);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("offset", state.offset());
        answer.put("connectors", connectors);
        List<String> inconsistent = new ArrayList<>(state.inconsistentConnectors());
        inconsistent.sort(null);
        answer.put("inconsistent", inconsistent);
        SessionKey key = state.sessionKey();
        if (key == null) {
            answer.put("sessionKey", null);
        } else {
            Map<String, Object> sessionKey = new LinkedHashMap<>();
            sessionKey.put("key", Base64.getEncoder().encodeToString(key.key().getEncoded()));
            sessionKey.put("algorithm", key.key().getAlgorithm());
            sessionKey.put("timestamp", key.creationTimestamp());
            answer.put("sessionKey", sessionKey);
        }
        return answer;
    }

    private static void statusAction(KafkaStatusBackingStore store, Map<String, Object> action) {
        String name = (String) action.get("name");
        boolean safe = Boolean.TRUE.equals(action.get("safe"));
        switch ((String) action.get("type")) {
            case "connector": {
                ConnectorStatus status = new ConnectorStatus(name, AbstractStatus.State.valueOf((String) action.get("state")), (String) action.get("trace"),
                    (String) action.get("workerId"), ((Number) action.get("generation")).intValue(), (String) action.get("version"));
                if (safe) store.putSafe(status); else store.put(status);
                break;
            }
            case "task": {
                TaskStatus status = new TaskStatus(new ConnectorTaskId(name, ((Number) action.get("task")).intValue()),
                    AbstractStatus.State.valueOf((String) action.get("state")), (String) action.get("workerId"),
                    ((Number) action.get("generation")).intValue(), (String) action.get("trace"), (String) action.get("version"));
                if (safe) store.putSafe(status); else store.put(status);
                break;
            }
            case "topic":
                store.put(new TopicStatus((String) action.get("topic"), name, ((Number) action.get("task")).intValue(), ((Number) action.get("timestamp")).longValue()));
                break;
            case "delete-topic":
                store.deleteTopic(name, (String) action.get("topic"));
                break;
            default:
                throw new IllegalArgumentException("unknown status action " + action);
        }
    }

    private static Map<String, Object> statuses(KafkaStatusBackingStore store, List<String> connectors) {
        Map<String, Object> answer = new TreeMap<>();
        for (String name : connectors) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("connector", status(store.get(name)));
            Map<String, Object> tasks = new TreeMap<>();
            for (TaskStatus task : store.getAll(name)) tasks.put(String.valueOf(task.id().task()), status(task));
            entry.put("tasks", tasks);
            List<Map<String, Object>> topics = new ArrayList<>();
            for (TopicStatus topic : store.getAllTopics(name)) {
                Map<String, Object> t = new LinkedHashMap<>();
                t.put("topic", topic.topic());
                t.put("connector", topic.connector());
                t.put("task", topic.task());
                t.put("discoverTimestamp", topic.discoverTimestamp());
                topics.add(t);
            }
            topics.sort(Comparator.comparing(t -> (String) t.get("topic")));
            entry.put("topics", topics);
            answer.put(name, entry);
        }
        return answer;
    }

    private static Map<String, Object> status(AbstractStatus<?> status) {
        if (status == null) return null;
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("state", status.state().name());
        result.put("trace", status.trace());
        result.put("workerId", status.workerId());
        result.put("generation", status.generation());
        result.put("version", status.version());
        return result;
    }
}
