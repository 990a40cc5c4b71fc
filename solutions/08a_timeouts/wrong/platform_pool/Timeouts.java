// Wrong answer: the reference answer on platform threads: close() waits for downloads that ignore interrupts.
// Expect: not yet
// Expect: downloadMany was still waiting in ExecutorService.close
// Expect: close() waits for its tasks, and these do not end
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
 * Wrong on purpose: the reference answer on a pool of platform threads. invokeAll still returns at the
 * deadline, but an interrupt does not unblock a platform thread reading a socket, so close() waits for the
 * stalled downloads (until OkHttp gives up after 10 s): the method returns far too late.
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
        try (ExecutorService executor = Executors.newFixedThreadPool(ccs.size())) {
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
        }
        return new Batch(flags, cancelled, failed);
    }
}
