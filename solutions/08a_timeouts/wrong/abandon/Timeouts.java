// Wrong answer: platform threads, shutdownNow() and return: the late requests are abandoned, not cancelled.
// Expect: not yet
// Expect: 10 of 10 requests were still open on the server 2 s after downloadMany returned

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
 * Wrong on purpose: returns in time, but the late downloads keep running. invokeAll's timeout interrupts
 * them, and shutdownNow() interrupts again, but a platform thread blocked reading a socket ignores
 * interrupts: the requests are abandoned, not cancelled (not closing the pool hides the wait).
 */
public class Timeouts {

    public static Map<String, byte[]> downloadMany(List<String> ccs, Duration timeout) throws Exception {
        var flags = new HashMap<String, byte[]>();
        ExecutorService executor = Executors.newFixedThreadPool(ccs.size());
        List<Callable<byte[]>> tasks = new ArrayList<>();
        for (String cc : ccs) {
            tasks.add(() -> Flags.getFlag(cc));
        }
        List<Future<byte[]>> futures = executor.invokeAll(tasks, timeout.toNanos(), TimeUnit.NANOSECONDS);
        for (int i = 0; i < futures.size(); i++) {
            if (futures.get(i).state() == Future.State.SUCCESS) {
                flags.put(ccs.get(i), futures.get(i).resultNow());
            }
        }
        executor.shutdownNow();
        return flags;
    }
}
