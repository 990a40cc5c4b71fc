// Wrong answer: a scope that waits for every subtask, failed or not: one failure does not stop the others.
// Expect: not yet
// Expect: did not fail fast
// Expect: Joiner.awaitAll

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.StructuredTaskScope;
import java.util.concurrent.StructuredTaskScope.Joiner;
import java.util.concurrent.StructuredTaskScope.Subtask;

/**
 * Wrong on purpose: Joiner.awaitAll() never cancels the scope, so join() waits for every download, including
 * those that stall, before the failure is even looked at.
 */
public class Structured {

    public static Map<String, byte[]> downloadMany(List<String> ccs) throws Exception {
        try (var scope = StructuredTaskScope.open(Joiner.<byte[]>awaitAll())) {
            var subtasks = new LinkedHashMap<String, Subtask<byte[]>>();
            for (String cc : ccs) {
                subtasks.put(cc, scope.fork(() -> Flags.getFlag(cc)));
            }
            scope.join();
            var flags = new HashMap<String, byte[]>();
            for (var e : subtasks.entrySet()) {
                if (e.getValue().state() == Subtask.State.FAILED) {
                    throw new IllegalStateException("download of " + e.getKey() + " failed", e.getValue().exception());
                }
                flags.put(e.getKey(), e.getValue().get());
            }
            return flags;
        }
    }
}
