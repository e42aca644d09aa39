import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.json.JsonConverter;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * What the corpus drivers (ConverterParityDriver, TransformParityDriver) share: one case per stdin
 * line in, one result per stdout line out, in the same order (test/support/parity.ts matches them
 * by id). A case the driver itself cannot run, or whose result cannot be written, is answered with
 * {"id", "driverError"}, so one broken case does not end the run.
 */
final class CorpusDriver {

    /** Runs one case of the corpus through Kafka's classes. */
    interface CaseRunner {
        JsonNode run(JsonNode testCase) throws Exception;
    }

    private CorpusDriver() {
    }

    static void answerEachLine(CaseRunner runner) throws Exception {
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        // ASCII-only output: a lone surrogate in a value must reach the test as \uD800, not as '?'.
        ObjectWriter writer = Tagged.MAPPER.writer().with(JsonWriteFeature.ESCAPE_NON_ASCII);
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isBlank()) continue;
            JsonNode testCase = Tagged.MAPPER.readTree(line);
            JsonNode result;
            try {
                result = runner.run(testCase);
            } catch (Throwable t) {
                result = driverError(testCase, t);
            }
            String text;
            try {
                text = writer.writeValueAsString(result);
            } catch (Exception e) {
                text = writer.writeValueAsString(driverError(testCase, e));
            }
            out.println(text);
            out.flush();
        }
    }

    /** Schemas are written in JsonConverter's own schema form; a default converter reads them. */
    static Schema schema(JsonNode node) {
        if (node == null || node.isNull()) return null;
        JsonConverter reader = new JsonConverter();
        reader.configure(Map.of("converter.type", "value"));
        return reader.asConnectSchema(node);
    }

    private static JsonNode driverError(JsonNode testCase, Throwable t) {
        ObjectNode failure = Tagged.NODES.objectNode();
        failure.put("id", testCase.path("id").asText());
        failure.set("driverError", Tagged.describeError(t));
        return failure;
    }
}
