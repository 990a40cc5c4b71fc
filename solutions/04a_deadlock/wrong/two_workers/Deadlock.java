// Wrong answer: a second worker "fixes" the deadlock; both wait in FutureTask.get (pool starvation).
// Expect: timed out
// Expect: 2 threads (pool-1-thread-1, pool-1-thread-2) (WAITING) in FutureTask.get

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Wrong on purpose: "fixed" with a second worker. Both workers run outer tasks and wait for inner ones
 * queued behind 18 more outer tasks: pool starvation, the same deadlock with two threads.
 *
 * The grader stops code that hangs after 6 s and shows where its threads wait.
 * Check: jbang exercises/grade.java check 04a_deadlock
 */
public class Deadlock {

    /** Downloads every flag on a single worker thread and returns how many it saved. */
    public static int downloadMany(List<String> ccs) throws Exception {
        try (ExecutorService executor = Executors.newFixedThreadPool(2)) {
            List<Future<String>> futures = new ArrayList<>();
            for (String cc : ccs) {
                futures.add(executor.submit(() -> downloadOne(executor, cc)));
            }
            int count = 0;
            for (Future<String> future : futures) {
                future.get();
                count++;
            }
            return count;
        }
    }

    /** Runs on the pool: downloads a flag, hands the saving to the same pool, and waits for it. */
    static String downloadOne(ExecutorService executor, String cc) throws Exception {
        byte[] image = Flags.getFlag(cc);
        Future<?> saved = executor.submit(() -> {
            Flags.saveFlag(image, cc.toLowerCase(Locale.ROOT) + ".gif");
            return null;
        });
        // TODO: the pool's only thread is running this task, so the saving task waits in the queue for it,
        //  while it waits here for the saving task. Don't wait inside a task for work queued to its own pool:
        //  return the inner future and wait for it in downloadMany, or chain the steps with CompletableFuture.
        saved.get();
        Flags.show(cc);
        return cc;
    }
}
