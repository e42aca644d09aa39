import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The language-neutral "tagged" form of Connect values shared by the parity tests and the
 * TypeScript side (test/support/tagged.ts holds the same rules; keep the two in step).
 *
 * Building a value (fromTagged) is guided by the schema: int64 is a decimal string, bytes base64,
 * Decimal a decimal string, Date/Time/Timestamp epoch milliseconds, maps [[k, v], ...], structs
 * objects. Without a schema, a whole number below 2^53 (1.0 included) is an Integer (or a Long
 * when it needs more bits) and any other number a Double, as TypeScript sees a number; an object
 * is a string-keyed map. An object with one key "$type" builds exactly that
 * type whatever the schema says: $int8 $int16 $int32 $int64 $float32 $float64 $boolean $string
 * $bytes $decimal $date $array $map.
 *
 * Describing a value (describe) follows the value's own class, so a wrong type shows up: numbers
 * are {"int32": 5}, {"int64": "5"}, {"float64": "0x..."} (raw IEEE bits), bytes {"bytes": b64},
 * decimals {"decimal": toString}, dates {"date": ms}, maps {"map": [[k, v], ...]} sorted by key,
 * structs {"struct": [[field, value], ...]} in field order.
 */
final class Tagged {
    /** Reads numbers as JsonConverter does: floats as exact BigDecimals, so "1.50" keeps its scale. */
    static final ObjectMapper MAPPER = new ObjectMapper()
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Tagged() {
    }

    static Object fromTagged(Schema schema, JsonNode t) {
        if (t == null || t.isNull()) return null;
        if (t.isObject() && t.size() == 1) {
            String key = t.fieldNames().next();
            if (key.startsWith("$")) return explicit(key.substring(1), t.get(key));
        }
        if (schema == null) return untyped(t);
        String name = schema.name();
        if (Decimal.LOGICAL_NAME.equals(name)) return new BigDecimal(t.asText());
        if (Date.LOGICAL_NAME.equals(name) || Time.LOGICAL_NAME.equals(name) || Timestamp.LOGICAL_NAME.equals(name))
            return new java.util.Date(t.asLong());
        switch (schema.type()) {
            case INT8: return (byte) t.asInt();
            case INT16: return (short) t.asInt();
            case INT32: return t.asInt();
            case INT64: return Long.parseLong(t.asText());
            case FLOAT32: return (float) parseDouble(t);
            case FLOAT64: return parseDouble(t);
            case BOOLEAN: return t.asBoolean();
            case STRING: return t.asText();
            case BYTES: return Base64.getDecoder().decode(t.asText());
            case ARRAY: {
                List<Object> list = new ArrayList<>();
                for (JsonNode e : t) list.add(fromTagged(schema.valueSchema(), e));
                return list;
            }
            case MAP: {
                Map<Object, Object> map = new LinkedHashMap<>();
                if (t.isObject()) {
                    for (Iterator<Map.Entry<String, JsonNode>> it = t.fields(); it.hasNext(); ) {
                        Map.Entry<String, JsonNode> e = it.next();
                        map.put(e.getKey(), fromTagged(schema.valueSchema(), e.getValue()));
                    }
                } else {
                    for (JsonNode e : t) map.put(fromTagged(schema.keySchema(), e.get(0)), fromTagged(schema.valueSchema(), e.get(1)));
                }
                return map;
            }
            case STRUCT: {
                Struct struct = new Struct(schema);
                for (Iterator<Map.Entry<String, JsonNode>> it = t.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    Field field = schema.field(e.getKey());
                    struct.put(e.getKey(), fromTagged(field == null ? null : field.schema(), e.getValue()));
                }
                return struct;
            }
            default:
                throw new IllegalArgumentException("unknown schema type " + schema.type());
        }
    }

    private static double parseDouble(JsonNode t) {
        return t.isTextual() ? Double.parseDouble(t.textValue()) : Double.parseDouble(t.asText());
    }

    private static Object explicit(String type, JsonNode v) {
        switch (type) {
            case "int8": return (byte) v.asInt();
            case "int16": return (short) v.asInt();
            case "int32": return v.asInt();
            case "int64": return Long.parseLong(v.asText());
            case "float32": return (float) parseDouble(v);
            case "float64": return parseDouble(v);
            case "boolean": return v.asBoolean();
            case "string": return v.asText();
            case "bytes": return Base64.getDecoder().decode(v.asText());
            case "decimal": return new BigDecimal(v.asText());
            case "date": return new java.util.Date(v.asLong());
            case "array": {
                List<Object> list = new ArrayList<>();
                for (JsonNode e : v) list.add(fromTagged(null, e));
                return list;
            }
            case "map": {
                Map<Object, Object> map = new LinkedHashMap<>();
                for (JsonNode e : v) map.put(fromTagged(null, e.get(0)), fromTagged(null, e.get(1)));
                return map;
            }
            default:
                throw new IllegalArgumentException("unknown explicit type $" + type);
        }
    }

    private static Object untyped(JsonNode t) {
        if (t.isBoolean()) return t.booleanValue();
        if (t.isTextual()) return t.textValue();
        if (t.isNumber()) {
            // As a JavaScript number behaves: a whole number (1.0 too) below 2^53 is an Integer, or a
            // Long when it needs more bits; anything else a Double.
            BigDecimal d = t.decimalValue();
            if (d.signum() == 0) return 0;
            if (d.stripTrailingZeros().scale() <= 0 && d.abs().compareTo(BigDecimal.valueOf(1L << 53)) <= 0) {
                long l = d.longValueExact();
                return l == (int) l ? (Object) (int) l : (Object) l;
            }
            return t.doubleValue();
        }
        if (t.isArray()) {
            List<Object> list = new ArrayList<>();
            for (JsonNode e : t) list.add(untyped(e));
            return list;
        }
        if (t.isObject()) {
            Map<Object, Object> map = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = t.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                map.put(e.getKey(), fromTagged(null, e.getValue()));
            }
            return map;
        }
        return null;
    }

    static JsonNode describe(Object v) {
        if (v == null) return NODES.nullNode();
        if (v instanceof Byte b) return one("int8", NODES.numberNode(b.intValue()));
        if (v instanceof Short s) return one("int16", NODES.numberNode(s.intValue()));
        if (v instanceof Integer i) return one("int32", NODES.numberNode(i));
        if (v instanceof Long l) return one("int64", NODES.textNode(Long.toString(l)));
        if (v instanceof Float f) return one("float32", NODES.textNode(String.format("0x%08x", Float.floatToRawIntBits(f))));
        if (v instanceof Double d) return one("float64", NODES.textNode(String.format("0x%016x", Double.doubleToRawLongBits(d))));
        if (v instanceof Boolean b) return NODES.booleanNode(b);
        if (v instanceof String s) return NODES.textNode(s);
        if (v instanceof byte[] b) return one("bytes", NODES.textNode(Base64.getEncoder().encodeToString(b)));
        if (v instanceof ByteBuffer bb) {
            ByteBuffer copy = bb.duplicate();
            byte[] b = new byte[copy.remaining()];
            copy.get(b);
            return one("bytes", NODES.textNode(Base64.getEncoder().encodeToString(b)));
        }
        if (v instanceof BigDecimal d) return one("decimal", NODES.textNode(d.toString()));
        if (v instanceof java.util.Date d) return one("date", NODES.numberNode(d.getTime()));
        if (v instanceof List<?> list) {
            ArrayNode out = NODES.arrayNode();
            for (Object e : list) out.add(describe(e));
            return out;
        }
        if (v instanceof Map<?, ?> map) {
            List<ArrayNode> entries = new ArrayList<>();
            for (Map.Entry<?, ?> e : map.entrySet()) entries.add(NODES.arrayNode().add(describe(e.getKey())).add(describe(e.getValue())));
            entries.sort(Comparator.comparing(e -> e.get(0).toString()));
            ArrayNode out = NODES.arrayNode();
            entries.forEach(out::add);
            return one("map", out);
        }
        if (v instanceof Struct s) {
            ArrayNode out = NODES.arrayNode();
            for (Field f : s.schema().fields()) out.add(NODES.arrayNode().add(f.name()).add(describe(s.getWithoutDefault(f.name()))));
            return one("struct", out);
        }
        return one("unknown", NODES.textNode(v.getClass().getName() + ": " + v));
    }

    static JsonNode describeSchema(Schema schema) {
        if (schema == null) return NODES.nullNode();
        ObjectNode out = NODES.objectNode();
        out.put("type", schema.type().toString());
        out.put("optional", schema.isOptional());
        out.set("name", schema.name() == null ? NODES.nullNode() : NODES.textNode(schema.name()));
        out.set("version", schema.version() == null ? NODES.nullNode() : NODES.numberNode(schema.version()));
        out.set("doc", schema.doc() == null ? NODES.nullNode() : NODES.textNode(schema.doc()));
        if (schema.parameters() == null) {
            out.set("parameters", NODES.nullNode());
        } else {
            ObjectNode params = NODES.objectNode();
            schema.parameters().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> params.put(e.getKey(), e.getValue()));
            out.set("parameters", params);
        }
        out.set("default", describe(schema.defaultValue()));
        switch (schema.type()) {
            case ARRAY:
                out.set("items", describeSchema(schema.valueSchema()));
                break;
            case MAP:
                out.set("keys", describeSchema(schema.keySchema()));
                out.set("values", describeSchema(schema.valueSchema()));
                break;
            case STRUCT: {
                ArrayNode fields = NODES.arrayNode();
                for (Field f : schema.fields()) {
                    ObjectNode field = NODES.objectNode();
                    field.put("name", f.name());
                    field.put("index", f.index());
                    field.set("schema", describeSchema(f.schema()));
                    fields.add(field);
                }
                out.set("fields", fields);
                break;
            }
            default:
                break;
        }
        return out;
    }

    /** An error as {class, message, causes}: the simple class name and each cause's message. */
    static JsonNode describeError(Throwable t) {
        ObjectNode out = NODES.objectNode();
        out.put("class", t.getClass().getSimpleName());
        out.set("message", t.getMessage() == null ? NODES.nullNode() : NODES.textNode(t.getMessage()));
        ArrayNode causes = NODES.arrayNode();
        for (Throwable c = t.getCause(); c != null && c != c.getCause(); c = c.getCause())
            causes.add(c.getClass().getSimpleName() + ": " + c.getMessage());
        out.set("causes", causes);
        return out;
    }

    private static ObjectNode one(String key, JsonNode value) {
        ObjectNode out = NODES.objectNode();
        out.set(key, value);
        return out;
    }
}
