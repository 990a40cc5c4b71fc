import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Exercise 08a: one deadline for a whole batch. Return by `deadline` with the flags that arrived in time,
 * cancel the downloads still running (for real: the server must see them go), and count exactly how many
 * were cancelled and how many failed.
 *
 * The grader calls this twice: against a server that answers every flag quickly, then against one where some
 * flags stall (no answer, ever) and some fail (418, 500, 503), watching from the server side.
 * Check: jbang exercises/grade.java check 08a_timeouts
 */
public class Timeouts {

    /** What the batch came to: the flags that arrived in time, and how many downloads were cancelled or failed. */
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
            // TODO: invokeAll waits for every task, however long the server takes. Give the whole batch the
            //  deadline (invokeAll has a variant with a timeout), keep the flags that arrived in time, and count
            //  the downloads that were cancelled and those that failed: future.state() tells them apart.
            List<Future<byte[]>> futures = executor.invokeAll(tasks);
            for (int i = 0; i < futures.size(); i++) {
                flags.put(ccs.get(i), futures.get(i).get());
            }
        }
        return new Batch(flags, cancelled, failed);
    }
}
