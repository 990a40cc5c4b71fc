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
 * Exercise 08a, reference answer. invokeAll with a timeout returns when every task is done or the deadline
 * passes, whichever comes first, and cancels (interrupts) the tasks still running. On a virtual thread an
 * interrupt closes the socket the download is blocked on, so a cancelled download ends at once: the server sees
 * its client go, and the executor's close() has nothing left to wait for. Each future then says what happened.
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
            // One deadline for the batch, in the unit it is given in: nanoseconds lose nothing.
            List<Future<byte[]>> futures = executor.invokeAll(tasks, deadline.toNanos(), TimeUnit.NANOSECONDS);
            for (int i = 0; i < futures.size(); i++) {
                Future<byte[]> future = futures.get(i);
                switch (future.state()) {
                    case SUCCESS -> flags.put(ccs.get(i), future.resultNow());   // only real flags in the map
                    case FAILED -> failed++;                                       // an HTTP error, before the deadline
                    case CANCELLED -> cancelled++;                                 // still running at the deadline
                    case RUNNING -> throw new IllegalStateException("invokeAll returned an unfinished future");
                }
            }
        }
        return new Batch(flags, cancelled, failed);
    }
}
