// Wrong answer: the deadline in seconds, passed as milliseconds: everything is cancelled after 3 ms.
// Expect: not yet
// Expect: downloadMany gave up after
// Expect: check the unit of your timeout

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
 * Wrong on purpose: deadline.toSeconds() is 3 for a 3 s deadline, and TimeUnit.MILLISECONDS makes that 3 ms.
 * invokeAll cancels every download before the first answer. (toMillis() with SECONDS would wait 50 minutes.)
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
            List<Future<byte[]>> futures = executor.invokeAll(tasks, deadline.toSeconds(), TimeUnit.MILLISECONDS);
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
