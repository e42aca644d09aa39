import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.transforms.Transformation;
import org.apache.kafka.connect.transforms.predicates.Predicate;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Runs Kafka's own transformations and predicates (connect-transforms) over the transform parity
 * corpus. Reads one case per line on stdin (the format is described in
 * test/parity/transforms.test.ts), writes one result per line on stdout, in the same order:
 *
 *   {"id", "configureError"?, "applyError"?, "result"?: record | null, "test"?: boolean,
 *    "configDef"?: [{"name", "type", "default", "importance", "documentation", "validator"}]}
 *
 * A record is {"topic", "partition", "timestamp", "offset"?, "keySchema", "key", "valueSchema",
 * "value", "headers": [{"key", "schema", "value"}]}, schemas and values described as Tagged does.
 */
public final class TransformParityDriver {

    public static void main(String[] args) throws Exception {
        CorpusDriver.answerEachLine(TransformParityDriver::run);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static JsonNode run(JsonNode testCase) throws Exception {
        ObjectNode result = Tagged.NODES.objectNode();
        result.put("id", testCase.path("id").asText());
        if (testCase.has("configDef")) {
            Object plugin = Class.forName(testCase.get("configDef").asText()).getDeclaredConstructor().newInstance();
            ConfigDef def = plugin instanceof Transformation ? ((Transformation) plugin).config() : ((Predicate) plugin).config();
            result.set("configDef", describeConfigDef(def));
            return result;
        }
        boolean isPredicate = testCase.has("predicate");
        String className = isPredicate ? testCase.get("predicate").asText() : testCase.get("transform").asText();
        Object plugin = Class.forName(className).getDeclaredConstructor().newInstance();
        try {
            Map<String, Object> config = config(testCase.get("config"));
            if (isPredicate) ((Predicate) plugin).configure(config);
            else ((Transformation) plugin).configure(config);
        } catch (Throwable t) {
            result.set("configureError", Tagged.describeError(t));
            return result;
        }
        ConnectRecord record = record(testCase.get("record"));
        try {
            if (isPredicate) {
                result.put("test", ((Predicate) plugin).test(record));
            } else {
                ConnectRecord transformed = ((Transformation) plugin).apply(record);
                result.set("result", transformed == null ? Tagged.NODES.nullNode() : describeRecord(transformed));
            }
        } catch (Throwable t) {
            result.set("applyError", Tagged.describeError(t));
        } finally {
            if (isPredicate) ((Predicate) plugin).close();
            else ((Transformation) plugin).close();
        }
        return result;
    }

    /** Settings as a connector configuration gives them: strings (or null). */
    private static Map<String, Object> config(JsonNode node) {
        Map<String, Object> config = new HashMap<>();
        if (node == null) return config;
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            config.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText());
        }
        return config;
    }

    private static ConnectRecord<?> record(JsonNode node) {
        String topic = node.path("topic").asText("topic");
        Integer partition = node.has("partition") && !node.get("partition").isNull() ? node.get("partition").asInt() : null;
        Long timestamp = node.has("timestamp") && !node.get("timestamp").isNull() ? node.get("timestamp").asLong() : null;
        Schema keySchema = CorpusDriver.schema(node.get("keySchema"));
        Schema valueSchema = CorpusDriver.schema(node.get("valueSchema"));
        Object key = Tagged.fromTagged(keySchema, node.get("key"));
        Object value = Tagged.fromTagged(valueSchema, node.get("value"));
        ConnectHeaders headers = new ConnectHeaders();
        if (node.has("headers")) {
            for (JsonNode h : node.get("headers")) {
                Schema schema = CorpusDriver.schema(h.get("schema"));
                headers.add(h.get("key").asText(), Tagged.fromTagged(schema, h.get("value")), schema);
            }
        }
        if ("source".equals(node.path("kind").asText("sink"))) {
            return new SourceRecord(Map.of("source", "parity"), Map.of("position", 1), topic, partition,
                keySchema, key, valueSchema, value, timestamp, headers);
        }
        long offset = node.path("offset").asLong(0);
        return new SinkRecord(topic, partition == null ? 0 : partition, keySchema, key, valueSchema, value, offset,
            timestamp, TimestampType.CREATE_TIME, headers);
    }

    private static JsonNode describeRecord(ConnectRecord<?> record) {
        ObjectNode out = Tagged.NODES.objectNode();
        out.put("topic", record.topic());
        if (record.kafkaPartition() == null) out.putNull("partition");
        else out.put("partition", record.kafkaPartition());
        if (record.timestamp() == null) out.putNull("timestamp");
        else out.put("timestamp", record.timestamp());
        if (record instanceof SinkRecord sink) out.put("offset", Long.toString(sink.kafkaOffset()));
        out.set("keySchema", Tagged.describeSchema(record.keySchema()));
        out.set("key", Tagged.describe(record.key()));
        out.set("valueSchema", Tagged.describeSchema(record.valueSchema()));
        out.set("value", Tagged.describe(record.value()));
        ArrayNode headers = Tagged.NODES.arrayNode();
        for (Header header : record.headers()) {
            ObjectNode h = Tagged.NODES.objectNode();
            h.put("key", header.key());
            h.set("schema", Tagged.describeSchema(header.schema()));
            h.set("value", Tagged.describe(header.value()));
            headers.add(h);
        }
        out.set("headers", headers);
        return out;
    }

    private static JsonNode describeConfigDef(ConfigDef def) {
        ArrayNode keys = Tagged.NODES.arrayNode();
        for (ConfigDef.ConfigKey key : def.configKeys().values()) {
            ObjectNode k = Tagged.NODES.objectNode();
            k.put("name", key.name);
            k.put("type", key.type.name());
            if (key.defaultValue == ConfigDef.NO_DEFAULT_VALUE) k.put("default", "<required>");
            else k.put("default", ConfigDef.convertToString(key.defaultValue, key.type));
            k.put("importance", key.importance.name());
            k.put("documentation", key.documentation);
            k.put("validator", key.validator == null ? null : key.validator.toString());
            keys.add(k);
        }
        return keys;
    }
}
