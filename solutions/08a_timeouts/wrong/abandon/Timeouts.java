// Wrong answer: platform threads, shutdownNow() and return: the stalled requests are abandoned, not cancelled.
// Expect: not yet
// Expect: 3 of 3 stalled requests were still open on the server 1 s after downloadMany returned
// Expect: interrupted but still blocked reading a socket

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
 * Wrong on purpose: returns in time with the right counts, but the stalled downloads keep running. invokeAll's
 * timeout interrupts them, and shutdownNow() interrupts again, but a platform thread blocked reading a socket
 * ignores interrupts: the requests are abandoned, not cancelled (not closing the pool hides the wait).
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
        ExecutorService executor = Executors.newFixedThreadPool(ccs.size());
        List<Callable<byte[]>> tasks = new ArrayList<>();
        for (String cc : ccs) {
            tasks.add(() -> Flags.getFlag(cc));
        }
        List<Future<byte[]>> futures = executor.invokeAll(tasks, deadline.toNanos(), TimeUnit.NANOSECONDS);
        for (int i = 0; i < futures.size(); i++) {
            switch (futures.get(i).state()) {
                case SUCCESS -> flags.put(ccs.get(i), futures.get(i).resultNow());
                case FAILED -> failed++;
                default -> cancelled++;
            }
        }
        executor.shutdownNow();
        return new Batch(flags, cancelled, failed);
    }
}
