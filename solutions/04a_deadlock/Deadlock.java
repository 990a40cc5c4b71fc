import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Exercise 04a, reference answer: the task returns the inner future instead of waiting on it, and the
 * caller (not a pool thread) unwraps it. The one worker never blocks on its own queue.
 */
public class Deadlock {

    public static int downloadMany(List<String> ccs) throws Exception {
        try (ExecutorService executor = Executors.newSingleThreadExecutor()) {
            List<Future<Future<String>>> futures = new ArrayList<>();
            for (String cc : ccs) {
                futures.add(executor.submit(() -> downloadOne(executor, cc)));
            }
            int count = 0;
            for (Future<Future<String>> future : futures) {
                future.get().get();  // outer: downloaded, inner: saved; waited for here, outside the pool
                count++;
            }
            return count;
        }
    }

    static Future<String> downloadOne(ExecutorService executor, String cc) throws Exception {
        byte[] image = Flags.getFlag(cc);
        return executor.submit(() -> {
            Flags.saveFlag(image, cc.toLowerCase(Locale.ROOT) + ".gif");
            Flags.show(cc);
            return cc;
        });
    }
}
