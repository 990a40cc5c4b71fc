// Wrong answer: a key for every cc, with null for the downloads that did not arrive: done() counts them all.
// Expect: not yet
// Expect: 6 of the 20 keys in the batch's map hold null instead of a flag

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Wrong on purpose: the counts are right, but the map says every country has a flag: null for those that were
 * cancelled or failed. done() is flags.size(), 20, although only 14 flags arrived.
 */
public class Timeouts {

    public record Batch(Map<String, byte[]> flags, int cancelled, int failed) {
        public int done() {
            return flags.size();
        }
    }

    public static Batch downloadMany(List<String> ccs, Duration deadline) throws Exception {
        var flags = new HashMap<String, byte[]>();
        int cancelled = 0;
        int failed = 0;
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Callable<byte[]>> tasks = new ArrayList<>();
            for (String cc : ccs) {
                tasks.add(() -> Flags.getFlag(cc));
            }
            List<Future<byte[]>> futures = executor.invokeAll(tasks, deadline.toNanos(), TimeUnit.NANOSECONDS);
            for (int i = 0; i < futures.size(); i++) {
                Future<byte[]> future = futures.get(i);
                flags.put(ccs.get(i), future.state() == Future.State.SUCCESS ? future.resultNow() : null);
                if (future.state() == Future.State.FAILED) {
                    failed++;
                } else if (future.state() == Future.State.CANCELLED) {
                    cancelled++;
                }
            }
        }
        return new Batch(flags, cancelled, failed);
    }
}
