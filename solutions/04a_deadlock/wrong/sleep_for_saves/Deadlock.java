// Wrong answer: stops waiting inside the task, then sleeps "until the saves are done" instead of waiting for them.
// Expect: not yet
// Expect: downloadMany slept
// Expect: a sleep guesses how long the saves take

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Wrong on purpose: the inner futures are dropped, and a sleep stands in for waiting on them. */
public class Deadlock {

    public static int downloadMany(List<String> ccs) throws Exception {
        try (ExecutorService executor = Executors.newSingleThreadExecutor()) {
            List<Future<String>> futures = new ArrayList<>();
            for (String cc : ccs) {
                futures.add(executor.submit(() -> downloadOne(executor, cc)));
            }
            int count = 0;
            for (Future<String> future : futures) {
                future.get();
                count++;
            }
            Thread.sleep(1000);  // "give the saving tasks time to finish"
            return count;
        }
    }

    static String downloadOne(ExecutorService executor, String cc) throws Exception {
        byte[] image = Flags.getFlag(cc);
        executor.submit(() -> {
            Flags.saveFlag(image, cc.toLowerCase(Locale.ROOT) + ".gif");
            Flags.show(cc);
            return null;
        });
        return cc;
    }
}
