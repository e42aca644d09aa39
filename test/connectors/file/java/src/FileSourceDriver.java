// Runs Kafka's own FileStreamSourceTask over files and prints what it produced, so that
// test/connectors/file/source-parity.test.ts can compare ours with it.
//
// stdin: one JSON case per line, {"file": path, "position": committed position or null,
//        "batchSize": n or null}
// stdout: one JSON line per case, {"records": [[value, position], ...]} or {"error": message}
//
// The task is polled until a poll returns nothing, which Java does only after waiting a second,
// so the cases run in parallel threads.

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.connect.file.FileStreamSourceTask;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

public class FileSourceDriver {
    static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        List<String> lines = new ArrayList<>();
        for (String line = in.readLine(); line != null; line = in.readLine()) lines.add(line);
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, lines.size()));
        List<Future<String>> results = new ArrayList<>();
        for (String line : lines) results.add(pool.submit(() -> runCase(JSON.readTree(line))));
        StringBuilder out = new StringBuilder();
        for (Future<String> result : results) out.append(result.get()).append('\n');
        pool.shutdown();
        System.out.write(out.toString().getBytes(StandardCharsets.UTF_8));
        System.out.flush();
    }

    static String runCase(JsonNode c) throws Exception {
        ObjectNode result = JSON.createObjectNode();
        FileStreamSourceTask task = new FileStreamSourceTask();
        try {
            String file = c.get("file").asText();
            JsonNode position = c.get("position");
            Map<String, Object> committed = position == null || position.isNull()
                ? null : Map.of("position", position.asLong());
            task.initialize(new SourceTaskContext() {
                public Map<String, String> configs() { return Map.of(); }
                public org.apache.kafka.common.metrics.PluginMetrics pluginMetrics() { return null; }
                public OffsetStorageReader offsetStorageReader() {
                    return new OffsetStorageReader() {
                        public <T> Map<String, Object> offset(Map<String, T> partition) { return committed; }
                        public <T> Map<Map<String, T>, Map<String, Object>> offsets(Collection<Map<String, T>> partitions) {
                            Map<Map<String, T>, Map<String, Object>> all = new HashMap<>();
                            for (Map<String, T> p : partitions) all.put(p, committed);
                            return all;
                        }
                    };
                }
            });
            Map<String, String> props = new HashMap<>();
            props.put("file", file);
            props.put("topic", "t");
            JsonNode batchSize = c.get("batchSize");
            if (batchSize != null && !batchSize.isNull()) props.put("batch.size", batchSize.asText());
            task.start(props);
            ArrayNode records = result.putArray("records");
            while (true) {
                List<SourceRecord> polled = task.poll();
                if (polled == null || polled.isEmpty()) break;
                for (SourceRecord r : polled) {
                    ArrayNode pair = records.addArray();
                    pair.add((String) r.value());
                    pair.add((Long) r.sourceOffset().get("position"));
                }
            }
        } catch (Exception e) {
            result.put("error", e.toString());
        } finally {
            task.stop();
        }
        return JSON.writeValueAsString(result);
    }
}
