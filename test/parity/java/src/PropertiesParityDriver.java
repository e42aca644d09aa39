import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Reads .properties files as Kafka Connect's Utils.loadProps does (java.util.Properties.load of
 * the file's bytes), for test/parity/properties.test.ts. One case per stdin line: the file's bytes
 * in base64. One answer per stdout line: {"entries": {key: value, ...}} sorted by key, or
 * {"error": "<exception class>: <message>"}.
 */
public class PropertiesParityDriver {
    public static void main(String[] args) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            Map<String, Object> answer = new TreeMap<>();
            try {
                Properties props = new Properties();
                props.load(new ByteArrayInputStream(Base64.getDecoder().decode(line)));
                Map<String, String> entries = new TreeMap<>();
                for (String name : props.stringPropertyNames()) entries.put(name, props.getProperty(name));
                answer.put("entries", entries);
            } catch (Exception e) {
                answer.put("error", e.getClass().getName() + ": " + e.getMessage());
            }
            System.out.println(mapper.writeValueAsString(answer));
        }
    }
}
