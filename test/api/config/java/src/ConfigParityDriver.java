import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.runtime.AbstractHerder;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Asks Kafka's ConfigDef and AbstractHerder what they make of configuration cases. Reads one case
 * per line on stdin (the format is described in test/api/config/config-parity.test.ts) and writes
 * one result per line on stdout, in the same order:
 *
 *   {"id", "defineError"?, "validate"?: ConfigInfos as the REST API writes it,
 *    "parse"?: {"values": {name: text | [texts] | null}} | {"error"},
 *    "parseTypes": [{"value": text | [texts] | null} | {"error"}]}
 */
public final class ConfigParityDriver {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isBlank()) continue;
            out.println(MAPPER.writeValueAsString(run(MAPPER.readTree(line))));
            out.flush();
        }
    }

    private static ObjectNode run(JsonNode testCase) {
        ObjectNode result = MAPPER.createObjectNode();
        result.put("id", testCase.path("id").asText());

        ArrayNode parseTypes = result.putArray("parseTypes");
        for (JsonNode parseCase : testCase.path("parseTypes")) {
            ConfigDef.Type type = ConfigDef.Type.valueOf(parseCase.get("type").asText());
            ObjectNode outcome = parseTypes.addObject();
            try {
                outcome.set("value", text(ConfigDef.parseType("x", javaValue(parseCase.get("value")), type), type));
            } catch (ConfigException e) {
                outcome.put("error", e.getMessage());
            }
        }
        if (!testCase.has("keys")) return result;

        ConfigDef def = new ConfigDef();
        try {
            for (JsonNode key : testCase.get("keys")) define(def, key);
        } catch (ConfigException e) {
            result.put("defineError", e.getMessage());
            return result;
        }

        Map<String, String> props = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = testCase.path("props").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            props.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText());
        }
        result.set("validate", MAPPER.valueToTree(
            AbstractHerder.generateResult("TestConnector", def.configKeys(), def.validate(props), def.groups())));

        ObjectNode parse = result.putObject("parse");
        try {
            Map<String, Object> parsed = def.parse(props);
            ObjectNode values = parse.putObject("values");
            for (ConfigDef.ConfigKey key : def.configKeys().values()) values.set(key.name, text(parsed.get(key.name), key.type));
        } catch (ConfigException e) {
            parse.put("error", e.getMessage());
        }
        return result;
    }

    private static void define(ConfigDef def, JsonNode key) {
        String name = key.get("name").asText();
        ConfigDef.Type type = ConfigDef.Type.valueOf(key.get("type").asText());
        Object defaultValue = key.has("default") ? javaValue(key.get("default")) : ConfigDef.NO_DEFAULT_VALUE;
        List<String> dependents = new ArrayList<>();
        key.path("dependents").forEach(d -> dependents.add(d.asText()));
        def.define(name, type, defaultValue, validator(key.get("validator")),
            ConfigDef.Importance.valueOf(key.path("importance").asText("MEDIUM")),
            key.has("documentation") ? key.get("documentation").asText() : null,
            key.has("group") ? key.get("group").asText() : null,
            key.path("orderInGroup").asInt(-1),
            ConfigDef.Width.valueOf(key.path("width").asText("NONE")),
            key.path("displayName").asText(name),
            dependents,
            recommender(key.get("recommender")));
    }

    private static ConfigDef.Validator validator(JsonNode spec) {
        if (spec == null || spec.isNull()) return null;
        switch (spec.get("kind").asText()) {
            case "atLeast": return ConfigDef.Range.atLeast(number(spec.get("min")));
            case "between": return ConfigDef.Range.between(number(spec.get("min")), number(spec.get("max")));
            case "validString": return ConfigDef.ValidString.in(strings(spec.get("values")));
            case "validList":
                return spec.has("emptyAllowed")
                    ? ConfigDef.ValidList.in(spec.get("emptyAllowed").asBoolean(), strings(spec.get("values")))
                    : ConfigDef.ValidList.in(strings(spec.get("values")));
            case "anyNonDuplicateValues":
                return ConfigDef.ValidList.anyNonDuplicateValues(spec.get("emptyAllowed").asBoolean(), spec.get("nullAllowed").asBoolean());
            case "caseInsensitive": return ConfigDef.CaseInsensitiveValidString.in(strings(spec.get("values")));
            case "nonEmptyString": return new ConfigDef.NonEmptyString();
            case "nonNull": return new ConfigDef.NonNullValidator();
            case "nonEmptyStringWithoutControlChars": return new ConfigDef.NonEmptyStringWithoutControlChars();
            case "listSize": return ConfigDef.ListSize.atMostOfSize(spec.get("max").asInt());
            case "composite": {
                List<ConfigDef.Validator> validators = new ArrayList<>();
                spec.get("of").forEach(v -> validators.add(validator(v)));
                return ConfigDef.CompositeValidator.of(validators.toArray(new ConfigDef.Validator[0]));
            }
            default: throw new IllegalArgumentException("unknown validator " + spec);
        }
    }

    /** Recommends fixed values; visible when String.valueOf(parsed[config]) equals the given text. */
    private static ConfigDef.Recommender recommender(JsonNode spec) {
        if (spec == null || spec.isNull()) return null;
        return new ConfigDef.Recommender() {
            @Override
            public List<Object> validValues(String name, Map<String, Object> parsedConfig) {
                List<Object> values = new ArrayList<>();
                spec.path("values").forEach(v -> values.add(javaValue(v)));
                return values;
            }

            @Override
            public boolean visible(String name, Map<String, Object> parsedConfig) {
                JsonNode visibleIf = spec.get("visibleIf");
                if (visibleIf == null) return true;
                return Objects.equals(String.valueOf(parsedConfig.get(visibleIf.get("config").asText())), visibleIf.get("equals").asText());
            }
        };
    }

    private static String[] strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values.toArray(new String[0]);
    }

    private static Number number(JsonNode n) {
        if (n.isIntegralNumber()) return n.canConvertToInt() ? (Number) n.asInt() : (Number) n.asLong();
        return n.asDouble();
    }

    private static Object javaValue(JsonNode v) {
        if (v == null || v.isNull()) return null;
        if (v.isTextual()) return v.asText();
        if (v.isBoolean()) return v.asBoolean();
        if (v.isIntegralNumber()) return v.canConvertToInt() ? (Object) v.asInt() : (Object) v.asLong();
        if (v.isNumber()) return v.asDouble();
        if (v.isArray()) {
            List<Object> list = new ArrayList<>();
            v.forEach(e -> list.add(javaValue(e)));
            return list;
        }
        throw new IllegalArgumentException("unsupported value " + v);
    }

    /** A parsed value as text (convertToString), or as an array of texts for a list. */
    private static JsonNode text(Object value, ConfigDef.Type type) {
        if (value instanceof List) {
            ArrayNode array = MAPPER.createArrayNode();
            for (Object element : (List<?>) value) array.add(String.valueOf(element));
            return array;
        }
        return MAPPER.getNodeFactory().textNode(ConfigDef.convertToString(value, type));
    }
}
