// Wrong answer: CompletableFutures with completeOnTimeout, then cancel(true): nothing is interrupted.
// Expect: not yet
// Expect: stalled requests were still open on the server 1 s after downloadMany returned
// Expect: never interrupted: CompletableFuture.cancel(true) does not interrupt

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Wrong on purpose: returns in time with the right counts, but CompletableFuture.cancel(true) only completes the
 * future with a CancellationException; it does not interrupt the thread that runs the download (a
 * CompletableFuture does not know it). The stalled requests go on until OkHttp's read timeout.
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
        ExecutorService pool = Executors.newFixedThreadPool(ccs.size());
        var futures = new ArrayList<CompletableFuture<byte[]>>();
        for (String cc : ccs) {
            futures.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return Flags.getFlag(cc);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, pool));
        }
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                .completeOnTimeout(null, deadline.toNanos(), TimeUnit.NANOSECONDS)
                .exceptionally(e -> null)
                .join();
        for (int i = 0; i < futures.size(); i++) {
            var future = futures.get(i);
            if (!future.isDone()) {
                future.cancel(true);
                cancelled++;
            } else if (future.isCompletedExceptionally()) {
                failed++;
            } else {
                flags.put(ccs.get(i), future.join());
            }
        }
        pool.shutdown();
        return new Batch(flags, cancelled, failed);
    }
}
