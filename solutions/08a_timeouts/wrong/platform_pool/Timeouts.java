// Wrong answer: the reference answer on platform threads: close() waits for downloads that ignore interrupts.
// Expect: timed out
// Expect: in ExecutorService.close

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
 * Wrong on purpose: the reference answer on a pool of platform threads. invokeAll still returns after the
 * timeout, but an interrupt does not unblock a platform thread reading a socket, so close() waits for
 * the downloads (until OkHttp gives up after 10 s): the method returns far too late.
 */
public class Timeouts {

    public static Map<String, byte[]> downloadMany(List<String> ccs, Duration timeout) throws Exception {
        var flags = new HashMap<String, byte[]>();
        try (ExecutorService executor = Executors.newFixedThreadPool(ccs.size())) {
            List<Callable<byte[]>> tasks = new ArrayList<>();
            for (String cc : ccs) {
                tasks.add(() -> Flags.getFlag(cc));
            }
            List<Future<byte[]>> futures = executor.invokeAll(tasks, timeout.toNanos(), TimeUnit.NANOSECONDS);
            for (int i = 0; i < futures.size(); i++) {
                Future<byte[]> future = futures.get(i);
                if (future.state() == Future.State.SUCCESS) {  // the others failed or were cancelled
                    flags.put(ccs.get(i), future.resultNow());
                }
            }
        }
        return flags;
    }
}
