// Wrong answer: each task makes its own Semaphore(maxInFlight), so every task has permits of its own.
// Expect: not yet
// Expect: requests at once; the limit was 3
// Expect: a Semaphore made inside each task (Throttle.java:
// Expect: let every task acquire from that shared one

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/** Wrong on purpose: acquire and release in finally, all right, but on a semaphore nobody else shares. */
public class Throttle {

    static String downloadOne(String cc) throws IOException {
        byte[] image = Flags.getFlag(cc);
        Flags.saveFlag(image, cc.toLowerCase(Locale.ROOT) + ".gif");
        return cc;
    }

    public static int downloadMany(List<String> ccs, int maxInFlight) throws Exception {
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<String>> futures = new ArrayList<>();
            for (String cc : ccs) {
                futures.add(executor.submit(() -> {
                    var permits = new Semaphore(maxInFlight);
                    permits.acquire();
                    try {
                        return downloadOne(cc);
                    } finally {
                        permits.release();
                    }
                }));
            }
            int count = 0;
            for (Future<String> future : futures) {
                try {
                    future.get();
                    count++;
                } catch (ExecutionException e) {
                    // A failed download is not counted, and does not stop the others.
                }
            }
            return count;
        }
    }
}
