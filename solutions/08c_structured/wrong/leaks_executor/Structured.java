// Wrong answer: each subtask waits for a download submitted to another executor, which the scope cannot cancel.
// Expect: not yet
// Expect: still running after downloadMany threw
// Expect: fork the downloads themselves

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.StructuredTaskScope;
import java.util.concurrent.StructuredTaskScope.Subtask;

/**
 * Wrong on purpose: the scope fails fast and cancels its subtasks, but the subtasks only wait for futures of a
 * pool of their own; the downloads run on the pool's threads, which the scope does not know, so they outlive it.
 */
public class Structured {

    private static final ExecutorService POOL = Executors.newFixedThreadPool(20);

    public static Map<String, byte[]> downloadMany(List<String> ccs) throws Exception {
        try (var scope = StructuredTaskScope.open()) {
            var subtasks = new LinkedHashMap<String, Subtask<byte[]>>();
            for (String cc : ccs) {
                var download = POOL.submit(() -> Flags.getFlag(cc));
                subtasks.put(cc, scope.fork(() -> download.get()));
            }
            scope.join();
            var flags = new HashMap<String, byte[]>();
            subtasks.forEach((cc, subtask) -> flags.put(cc, subtask.get()));
            return flags;
        }
    }
}
