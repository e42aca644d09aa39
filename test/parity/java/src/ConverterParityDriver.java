import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.connect.converters.BooleanConverter;
import org.apache.kafka.connect.converters.ByteArrayConverter;
import org.apache.kafka.connect.converters.DoubleConverter;
import org.apache.kafka.connect.converters.FloatConverter;
import org.apache.kafka.connect.converters.IntegerConverter;
import org.apache.kafka.connect.converters.LongConverter;
import org.apache.kafka.connect.converters.ShortConverter;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.storage.Converter;
import org.apache.kafka.connect.storage.HeaderConverter;
import org.apache.kafka.connect.storage.SimpleHeaderConverter;
import org.apache.kafka.connect.storage.StringConverter;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Runs Kafka's own converters over the converter parity corpus. Reads one case per line on stdin
 * (the format is described in test/parity/converters.test.ts), writes one result per line on
 * stdout, in the same order:
 *
 *   {"id", "configureError"?, "schemaError"?, "buildError"?,
 *    "serialized"?: {"base64", "text"} | null, "serializeError"?,
 *    "deserialized"?: {"schema", "value"}, "deserializeError"?}
 *
 * A serialize case (schema + value) serializes, then deserializes its own bytes; a deserialize case
 * (bytes) only deserializes. Errors are {class, message, causes}.
 */
public final class ConverterParityDriver {

    public static void main(String[] args) throws Exception {
        CorpusDriver.answerEachLine(ConverterParityDriver::run);
    }

    private static JsonNode run(JsonNode testCase) {
        ObjectNode result = Tagged.NODES.objectNode();
        result.put("id", testCase.path("id").asText());
        String kind = testCase.path("converter").asText();
        boolean asHeader = "header".equals(testCase.path("as").asText()) || "header".equals(kind);
        boolean isKey = testCase.path("isKey").asBoolean(false);
        String topic = testCase.path("topic").asText("topic");
        String headerKey = testCase.path("headerKey").asText("header");

        Object converter = create(kind);
        try {
            Map<String, Object> config = config(testCase.get("config"));
            if (asHeader) {
                config.put("converter.type", "header");
                ((HeaderConverter) converter).configure(config);
            } else {
                ((Converter) converter).configure(config, isKey);
            }
        } catch (Throwable t) {
            result.set("configureError", Tagged.describeError(t));
            return result;
        }

        byte[] bytes;
        if (testCase.has("bytes")) {
            bytes = bytes(testCase.get("bytes"));
        } else {
            Schema schema;
            try {
                schema = CorpusDriver.schema(testCase.get("schema"));
            } catch (Throwable t) {
                result.set("schemaError", Tagged.describeError(t));
                return result;
            }
            Object value;
            try {
                value = Tagged.fromTagged(schema, testCase.get("value"));
            } catch (Throwable t) {
                result.set("buildError", Tagged.describeError(t));
                return result;
            }
            try {
                bytes = asHeader
                    ? ((HeaderConverter) converter).fromConnectHeader(topic, headerKey, schema, value)
                    : ((Converter) converter).fromConnectData(topic, schema, value);
            } catch (Throwable t) {
                result.set("serializeError", Tagged.describeError(t));
                return result;
            }
            result.set("serialized", describeBytes(bytes));
        }

        try {
            SchemaAndValue sv = asHeader
                ? ((HeaderConverter) converter).toConnectHeader(topic, headerKey, bytes)
                : ((Converter) converter).toConnectData(topic, bytes);
            // SimpleHeaderConverter returns null itself (not SchemaAndValue.NULL) for the text "null".
            ObjectNode deserialized = Tagged.NODES.objectNode();
            deserialized.set("schema", sv == null ? Tagged.NODES.nullNode() : Tagged.describeSchema(sv.schema()));
            deserialized.set("value", sv == null ? Tagged.NODES.nullNode() : Tagged.describe(sv.value()));
            result.set("deserialized", deserialized);
        } catch (Throwable t) {
            result.set("deserializeError", Tagged.describeError(t));
        }
        return result;
    }

    private static Object create(String kind) {
        switch (kind) {
            case "json": return new JsonConverter();
            case "header": return new SimpleHeaderConverter();
            case "string": return new StringConverter();
            case "bytearray": return new ByteArrayConverter();
            case "short": return new ShortConverter();
            case "integer": return new IntegerConverter();
            case "long": return new LongConverter();
            case "float": return new FloatConverter();
            case "double": return new DoubleConverter();
            case "boolean": return new BooleanConverter();
            default: throw new IllegalArgumentException("unknown converter " + kind);
        }
    }

    /** The case's config as Java would receive it from a properties map: strings, booleans, ints. */
    private static Map<String, Object> config(JsonNode node) {
        Map<String, Object> config = new HashMap<>();
        if (node == null) return config;
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            config.put(e.getKey(), v.isBoolean() ? (Object) v.booleanValue() : v.isInt() ? (Object) v.intValue() : v.isNull() ? null : v.asText());
        }
        return config;
    }

    private static byte[] bytes(JsonNode node) {
        if (node == null || node.isNull()) return null;
        if (node.has("base64")) return Base64.getDecoder().decode(node.get("base64").asText());
        return node.get("text").asText().getBytes(StandardCharsets.UTF_8);
    }

    private static JsonNode describeBytes(byte[] bytes) {
        if (bytes == null) return Tagged.NODES.nullNode();
        ObjectNode out = Tagged.NODES.objectNode();
        out.put("base64", Base64.getEncoder().encodeToString(bytes));
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes)).toString();
            out.put("text", text);
        } catch (CharacterCodingException e) {
            out.set("text", Tagged.NODES.nullNode());
        }
        return out;
    }
}
