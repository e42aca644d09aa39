import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.GroupRebalanceConfig;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.utils.LogContext;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.connect.runtime.distributed.ConnectAssignor;
import org.apache.kafka.connect.runtime.distributed.ConnectProtocol;
import org.apache.kafka.connect.runtime.distributed.ConnectProtocolCompatibility;
import org.apache.kafka.connect.runtime.distributed.EagerAssignor;
import org.apache.kafka.connect.runtime.distributed.ExtendedAssignment;
import org.apache.kafka.connect.runtime.distributed.ExtendedWorkerState;
import org.apache.kafka.connect.runtime.distributed.IncrementalCooperativeAssignor;
import org.apache.kafka.connect.runtime.distributed.IncrementalCooperativeConnectProtocol;
import org.apache.kafka.connect.runtime.distributed.WorkerCoordinator;
import org.apache.kafka.connect.runtime.distributed.WorkerRebalanceListener;
import org.apache.kafka.connect.storage.ClusterConfigState;
import org.apache.kafka.connect.storage.ConfigBackingStore;
import org.apache.kafka.connect.util.ConnectorTaskId;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Runs Kafka Connect's group protocol classes for test/parity/connect-protocol.test.ts: the
 * metadata and assignment codecs (ConnectProtocol, IncrementalCooperativeConnectProtocol) and the
 * leader's assignors (EagerAssignor, IncrementalCooperativeAssignor, kept by name across lines so a
 * scenario runs round after round on one leader's state, with a clock the test sets). One JSON
 * request per stdin line, one JSON answer per stdout line; a failure answers {"error": message}.
 */
public class ConnectProtocolParityDriver {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final SettableTime TIME = new SettableTime();
    private static final Map<String, ConnectAssignor> ASSIGNORS = new HashMap<>();
    private static FakeCoordinator coordinator;

    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            ObjectNode answer;
            try {
                answer = handle(MAPPER.readTree(line));
            } catch (Exception e) {
                answer = MAPPER.createObjectNode();
                answer.put("error", e.getMessage() == null ? e.getClass().getName() : e.getMessage());
                answer.put("class", e.getClass().getName());
            }
            System.out.println(MAPPER.writeValueAsString(answer));
        }
    }

    private static ObjectNode handle(JsonNode request) throws Exception {
        String op = request.get("op").asText();
        ObjectNode answer = MAPPER.createObjectNode();
        switch (op) {
            case "encodeMetadata": {
                int version = request.get("version").asInt();
                String url = request.get("url").asText();
                long offset = Long.parseLong(request.get("offset").asText());
                ByteBuffer bytes = version == 0
                    ? ConnectProtocol.serializeMetadata(new ConnectProtocol.WorkerState(url, offset))
                    : IncrementalCooperativeConnectProtocol.serializeMetadata(
                        new ExtendedWorkerState(url, offset, assignment(request.get("assignment"))), version == 2);
                answer.put("bytes", base64(bytes));
                return answer;
            }
            case "joinProtocols": {
                String url = request.get("url").asText();
                long offset = Long.parseLong(request.get("offset").asText());
                ConnectProtocolCompatibility mode = ConnectProtocolCompatibility.compatibility(request.get("mode").asText());
                ExtendedWorkerState state = new ExtendedWorkerState(url, offset, assignment(request.get("assignment")));
                JoinGroupRequestData.JoinGroupRequestProtocolCollection protocols = mode == ConnectProtocolCompatibility.EAGER
                    ? ConnectProtocol.metadataRequest(state)
                    : IncrementalCooperativeConnectProtocol.metadataRequest(state, mode == ConnectProtocolCompatibility.SESSIONED);
                ArrayNode list = answer.putArray("protocols");
                for (JoinGroupRequestData.JoinGroupRequestProtocol protocol : protocols) {
                    ObjectNode entry = list.addObject();
                    entry.put("name", protocol.name());
                    entry.put("bytes", Base64.getEncoder().encodeToString(protocol.metadata()));
                }
                return answer;
            }
            case "encodeAssignment": {
                int version = request.get("version").asInt();
                ExtendedAssignment assignment = assignment(request.get("assignment"));
                ByteBuffer bytes = version == 0
                    ? ConnectProtocol.serializeAssignment(new ConnectProtocol.Assignment(assignment.error(), assignment.leader(),
                        assignment.leaderUrl(), assignment.offset(), assignment.connectors(), assignment.tasks()))
                    : IncrementalCooperativeConnectProtocol.serializeAssignment(assignment, version == 2);
                answer.put("bytes", base64(bytes));
                return answer;
            }
            case "decodeMetadata": {
                ExtendedWorkerState state = IncrementalCooperativeConnectProtocol.deserializeMetadata(bytes(request.get("bytes")));
                answer.put("url", state.url());
                answer.put("offset", Long.toString(state.offset()));
                if (state.assignment() == ExtendedAssignment.empty()) answer.putNull("assignment");
                else answer.set("assignment", assignmentJson(state.assignment()));
                return answer;
            }
            case "decodeAssignment": {
                ExtendedAssignment assignment = IncrementalCooperativeConnectProtocol.deserializeAssignment(bytes(request.get("bytes")));
                answer.set("assignment", assignmentJson(assignment));
                return answer;
            }
            case "assign": {
                String name = request.get("assignor").asText();
                ConnectAssignor assignor = ASSIGNORS.get(name);
                if (assignor == null) {
                    assignor = request.get("kind").asText().equals("eager")
                        ? new EagerAssignor(new LogContext())
                        : new IncrementalCooperativeAssignor(new LogContext(), TIME, request.get("maxDelay").asInt());
                    ASSIGNORS.put(name, assignor);
                }
                TIME.now = request.get("now").asLong();
                if (coordinator == null) coordinator = new FakeCoordinator();
                coordinator.snapshot = snapshot(request.get("snapshot"));
                coordinator.fresh = request.hasNonNull("fresh") ? snapshot(request.get("fresh")) : coordinator.snapshot;
                coordinator.generation = request.get("generationId").asInt();
                coordinator.lastCompletedGeneration = request.get("lastCompletedGenerationId").asInt();
                List<JoinGroupResponseData.JoinGroupResponseMember> members = new ArrayList<>();
                for (JsonNode member : request.get("members")) {
                    members.add(new JoinGroupResponseData.JoinGroupResponseMember()
                        .setMemberId(member.get("memberId").asText())
                        .setMetadata(Base64.getDecoder().decode(member.get("bytes").asText())));
                }
                Map<String, ByteBuffer> result = assignor.performAssignment(request.get("leaderId").asText(),
                    ConnectProtocolCompatibility.fromProtocol(request.get("protocol").asText()), members, coordinator);
                ObjectNode assignments = answer.putObject("assignments");
                for (Map.Entry<String, ByteBuffer> entry : result.entrySet()) assignments.put(entry.getKey(), base64(entry.getValue()));
                answer.put("snapshotOffset", Long.toString(coordinator.snapshot.offset()));
                return answer;
            }
            default:
                throw new IllegalArgumentException("unknown op " + op);
        }
    }

    private static ExtendedAssignment assignment(JsonNode json) {
        if (json == null || json.isNull()) return null;
        return new ExtendedAssignment(
            (short) json.get("version").asInt(),
            (short) json.get("error").asInt(),
            json.get("leader").asText(),
            json.get("leaderUrl").asText(),
            Long.parseLong(json.get("offset").asText()),
            strings(json.get("connectors")),
            tasks(json.get("tasks")),
            strings(json.get("revokedConnectors")),
            tasks(json.get("revokedTasks")),
            json.get("delay").asInt());
    }

    private static List<String> strings(JsonNode json) {
        List<String> list = new ArrayList<>();
        for (JsonNode item : json) list.add(item.asText());
        return list;
    }

    private static List<ConnectorTaskId> tasks(JsonNode json) {
        List<ConnectorTaskId> list = new ArrayList<>();
        for (JsonNode item : json) list.add(new ConnectorTaskId(item.get(0).asText(), item.get(1).asInt()));
        return list;
    }

    private static ObjectNode assignmentJson(ExtendedAssignment assignment) {
        ObjectNode json = MAPPER.createObjectNode();
        json.put("version", assignment.version());
        json.put("error", assignment.error());
        json.put("leader", assignment.leader());
        json.put("leaderUrl", assignment.leaderUrl());
        json.put("offset", Long.toString(assignment.offset()));
        ArrayNode connectors = json.putArray("connectors");
        for (String connector : assignment.connectors()) connectors.add(connector);
        ArrayNode tasks = json.putArray("tasks");
        for (ConnectorTaskId task : assignment.tasks()) tasks.addArray().add(task.connector()).add(task.task());
        ArrayNode revokedConnectors = json.putArray("revokedConnectors");
        for (String connector : assignment.revokedConnectors()) revokedConnectors.add(connector);
        ArrayNode revokedTasks = json.putArray("revokedTasks");
        for (ConnectorTaskId task : assignment.revokedTasks()) revokedTasks.addArray().add(task.connector()).add(task.task());
        json.put("delay", assignment.delay());
        return json;
    }

    /** {"offset": "5", "connectors": {"name": taskCount, ...}} as a ClusterConfigState. */
    private static ClusterConfigState snapshot(JsonNode json) {
        Map<String, Integer> taskCounts = new HashMap<>();
        Map<String, Map<String, String>> configs = new HashMap<>();
        json.get("connectors").fields().forEachRemaining(entry -> {
            taskCounts.put(entry.getKey(), entry.getValue().asInt());
            configs.put(entry.getKey(), new HashMap<>());
        });
        return new ClusterConfigState(Long.parseLong(json.get("offset").asText()), null, taskCounts, configs, new HashMap<>(),
            new HashMap<>(), new HashMap<>(), new HashMap<>(), new HashMap<>(), new HashSet<>(), new HashSet<>());
    }

    private static String base64(ByteBuffer buffer) {
        if (buffer == null) return null;
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static ByteBuffer bytes(JsonNode json) {
        return json == null || json.isNull() ? null : ByteBuffer.wrap(Base64.getDecoder().decode(json.asText()));
    }

    @SuppressWarnings("unchecked")
    private static <T> T inert(Class<T> type) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type}, (proxy, method, args) -> {
            if (method.getName().equals("toString")) return type.getSimpleName();
            return null;
        });
    }

    /** The coordinator callbacks an assignor makes, answered from the request. */
    static class FakeCoordinator extends WorkerCoordinator {
        ClusterConfigState snapshot;
        ClusterConfigState fresh;
        int generation;
        int lastCompletedGeneration;

        FakeCoordinator() {
            super(new GroupRebalanceConfig(10000, 60000, 3000, "parity", Optional.empty(), null, 100L, 1000L),
                new LogContext(), null, new Metrics(), "connect", TIME, "http://parity:8083/",
                inert(ConfigBackingStore.class), inert(WorkerRebalanceListener.class), ConnectProtocolCompatibility.SESSIONED, 300000);
        }

        @Override
        public ClusterConfigState configSnapshot() {
            return snapshot;
        }

        @Override
        public void configSnapshot(ClusterConfigState update) {
            snapshot = update;
        }

        @Override
        public ClusterConfigState configFreshSnapshot() {
            return fresh;
        }

        @Override
        public int generationId() {
            return generation;
        }

        @Override
        public int lastCompletedGenerationId() {
            return lastCompletedGeneration;
        }

        @Override
        public String memberId() {
            return "parity";
        }
    }

    /** A clock the requests set. */
    static class SettableTime implements Time {
        volatile long now;

        @Override
        public long milliseconds() {
            return now;
        }

        @Override
        public long nanoseconds() {
            return now * 1_000_000L;
        }

        @Override
        public void sleep(long ms) {
            now += ms;
        }

        @Override
        public void waitObject(Object obj, Supplier<Boolean> condition, long deadlineMs) {
            throw new UnsupportedOperationException();
        }
    }
}
