// Wrong answer: the scope fails fast, but the failure is swallowed and a partial map returned.
// Expect: not yet
// Expect: returned instead of failing

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.StructuredTaskScope;
import java.util.concurrent.StructuredTaskScope.Subtask;

/**
 * Wrong on purpose: the scope is right, but catching FailedException and returning what succeeded tells the
 * caller the download worked: it only has fewer flags, and no one knows why.
 */
public class Structured {

    public static Map<String, byte[]> downloadMany(List<String> ccs) throws Exception {
        var flags = new HashMap<String, byte[]>();
        try (var scope = StructuredTaskScope.open()) {
            var subtasks = new LinkedHashMap<String, Subtask<byte[]>>();
            for (String cc : ccs) {
                subtasks.put(cc, scope.fork(() -> Flags.getFlag(cc)));
            }
            try {
                scope.join();
            } catch (StructuredTaskScope.FailedException e) {
                // keep what we have
            }
            subtasks.forEach((cc, subtask) -> {
                if (subtask.state() == Subtask.State.SUCCESS) {
                    flags.put(cc, subtask.get());
                }
            });
        }
        return flags;
    }
}
