// Reads and writes standalone offsets files with Kafka Connect's own classes, for
// test/storage/offsets-file-parity.test.ts. One JSON command per stdin line, one JSON answer per
// stdout line:
//   {"op":"write","file","connector","offsets":[[partition, offset|null], ...]}  -> "ok"
//       FileOffsetBackingStore + OffsetStorageWriter, as a source task's offset commit does.
//   {"op":"read","file","connector","partitions":[partition, ...]}
//       -> {"offsets":[offset|null, ...], "partitions":[every partition the store lists for the connector]}
//       FileOffsetBackingStore + OffsetStorageReaderImpl, as a task's context does.
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.storage.FileOffsetBackingStore;
import org.apache.kafka.connect.storage.OffsetStorageReaderImpl;
import org.apache.kafka.connect.storage.OffsetStorageWriter;
import org.apache.kafka.connect.util.FutureCallback;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

public class OffsetsFileDriver {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        JsonConverter keyConverter = new JsonConverter();
        keyConverter.configure(Map.of("schemas.enable", "false"), true);
        JsonConverter valueConverter = new JsonConverter();
        valueConverter.configure(Map.of("schemas.enable", "false"), false);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            @SuppressWarnings("unchecked")
            Map<String, Object> command = JSON.readValue(line, Map.class);
            FileOffsetBackingStore store = new FileOffsetBackingStore(keyConverter);
            // configure() wants a whole StandaloneConfig; the file is all it takes from it.
            Field file = FileOffsetBackingStore.class.getDeclaredField("file");
            file.setAccessible(true);
            file.set(store, new File((String) command.get("file")));
            store.start();
            String connector = (String) command.get("connector");
            try {
                if ("write".equals(command.get("op"))) {
                    OffsetStorageWriter writer = new OffsetStorageWriter(store, connector, keyConverter, valueConverter);
                    @SuppressWarnings("unchecked")
                    List<List<Map<String, Object>>> offsets = (List<List<Map<String, Object>>>) command.get("offsets");
                    for (List<Map<String, Object>> entry : offsets) writer.offset(entry.get(0), entry.get(1));
                    writer.beginFlush();
                    FutureCallback<Void> done = new FutureCallback<>();
                    writer.doFlush(done).get(10, TimeUnit.SECONDS);
                    System.out.println("\"ok\"");
                } else {
                    OffsetStorageReaderImpl reader = new OffsetStorageReaderImpl(store, connector, keyConverter, valueConverter);
                    @SuppressWarnings("unchecked")
                    List<Map<String, Object>> partitions = (List<Map<String, Object>>) command.get("partitions");
                    Map<Map<String, Object>, Map<String, Object>> found = reader.offsets(partitions);
                    List<Object> offsets = new ArrayList<>();
                    for (Map<String, Object> partition : partitions) offsets.add(found.get(partition));
                    List<Map<String, Object>> listed = new ArrayList<>(store.connectorPartitions(connector));
                    listed.sort(Comparator.comparing(Object::toString));
                    Map<String, Object> answer = new LinkedHashMap<>();
                    answer.put("offsets", offsets);
                    answer.put("partitions", listed);
                    System.out.println(JSON.writeValueAsString(answer));
                }
            } finally {
                store.stop();
            }
        }
    }
}
