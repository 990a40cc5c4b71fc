// Wrong answer: everything that did not arrive is counted as cancelled, the failed downloads too.
// Expect: not yet
// Expect: the batch counts 6 cancelled and 0 failed
// Expect: it was not cancelled: count the futures whose state() is FAILED

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
 * Wrong on purpose: the flags are right and the stalled downloads are really cancelled, but the report lumps the
 * downloads that failed (the server answered 418, 500 or 503 before the deadline) with those it cancelled.
 */
public class Timeouts {

    public record Batch(Map<String, byte[]> flags, int cancelled, int failed) {
        public int done() {
            return flags.size();
        }
    }

    public static Batch downloadMany(List<String> ccs, Duration deadline) throws Exception {
        var flags = new HashMap<String, byte[]>();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Callable<byte[]>> tasks = new ArrayList<>();
            for (String cc : ccs) {
                tasks.add(() -> Flags.getFlag(cc));
            }
            List<Future<byte[]>> futures = executor.invokeAll(tasks, deadline.toNanos(), TimeUnit.NANOSECONDS);
            for (int i = 0; i < futures.size(); i++) {
                if (futures.get(i).state() == Future.State.SUCCESS) {
                    flags.put(ccs.get(i), futures.get(i).resultNow());
                }
            }
        }
        return new Batch(flags, ccs.size() - flags.size(), 0);
    }
}
