// Wrong answer: each future gets the whole deadline in turn, so three stalled downloads cost three deadlines.
// Expect: not yet
// Expect: the deadline for the whole batch was 1 s
// Expect: you gave each future the whole deadline in turn

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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Wrong on purpose: a timeout per get() is not a deadline for the batch. The first stalled download waits out
 * the deadline, then the second one waits it out again, and so on.
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
            var futures = new ArrayList<Future<byte[]>>();
            for (String cc : ccs) {
                futures.add(executor.submit(() -> Flags.getFlag(cc)));
            }
            for (int i = 0; i < futures.size(); i++) {
                try {
                    flags.put(ccs.get(i), futures.get(i).get(deadline.toNanos(), TimeUnit.NANOSECONDS));
                } catch (TimeoutException e) {
                    futures.get(i).cancel(true);
                    cancelled++;
                } catch (ExecutionException e) {
                    failed++;
                }
            }
        }
        return new Batch(flags, cancelled, failed);
    }
}
