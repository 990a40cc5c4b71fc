// Wrong answer: sleeps for the deadline instead of waiting for the futures, so it always takes the whole deadline.
// Expect: not yet
// Expect: s after the last download had ended
// Expect: Thread.sleep(deadline) waits out the deadline

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
 * Wrong on purpose: right results, wrong waiting. Sleeping for the deadline and then taking what is done gives
 * the right batch, but takes the whole deadline even when every flag arrived in a fraction of it.
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
            Thread.sleep(deadline);
            for (int i = 0; i < futures.size(); i++) {
                Future<byte[]> future = futures.get(i);
                if (!future.isDone()) {
                    future.cancel(true);
                }
                switch (future.state()) {
                    case SUCCESS -> flags.put(ccs.get(i), future.resultNow());
                    case FAILED -> failed++;
                    default -> cancelled++;
                }
            }
        }
        return new Batch(flags, cancelled, failed);
    }
}
