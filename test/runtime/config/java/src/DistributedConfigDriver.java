// For each line of stdin (a JSON object of worker settings), prints what Kafka's DistributedConfig
// makes of them: every defined setting's parsed value as text, or the exception's message.

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.connect.runtime.distributed.DistributedConfig;

public class DistributedConfigDriver {
    public static void main(String[] args) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            @SuppressWarnings("unchecked")
            Map<String, String> props = mapper.readValue(line, Map.class);
            Map<String, Object> out = new TreeMap<>();
            try {
                DistributedConfig config = new DistributedConfig(props);
                Map<String, String> values = new TreeMap<>();
                for (Map.Entry<String, ?> entry : config.values().entrySet()) values.put(entry.getKey(), text(entry.getValue()));
                out.put("values", values);
                out.put("exactlyOnceSourceEnabled", config.exactlyOnceSourceEnabled());
                out.put("transactionalLeaderEnabled", config.transactionalLeaderEnabled());
                out.put("transactionalProducerId", config.transactionalProducerId());
                out.put("configTopicSettings", stringMap(config.configStorageTopicSettings()));
                out.put("offsetTopicSettings", stringMap(config.offsetStorageTopicSettings()));
            } catch (Exception e) {
                out.put("error", e.getMessage());
            }
            System.out.println(mapper.writeValueAsString(out));
        }
    }

    private static Map<String, String> stringMap(Map<String, Object> map) {
        Map<String, String> result = new TreeMap<>();
        for (Map.Entry<String, Object> entry : map.entrySet()) result.put(entry.getKey(), text(entry.getValue()));
        return result;
    }

    private static String text(Object value) {
        if (value == null) return null;
        if (value instanceof List) return ((List<?>) value).stream().map(String::valueOf).collect(Collectors.joining(","));
        if (value instanceof Class) return ((Class<?>) value).getName();
        return String.valueOf(value);
    }
}
