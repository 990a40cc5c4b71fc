// Wrong answer: releases the permit after the download, but not in finally: a failed download keeps it.
// Expect: timed out
// Expect: your code stopped making progress
// Expect: Semaphore.acquire
// Expect: must release its permit too

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/** Wrong on purpose: right while nothing fails; each failed download leaks a permit, until none is left. */
public class Throttle {

    static String downloadOne(String cc) throws IOException {
        byte[] image = Flags.getFlag(cc);
        Flags.saveFlag(image, cc.toLowerCase(Locale.ROOT) + ".gif");
        return cc;
    }

    public static int downloadMany(List<String> ccs, int maxInFlight) throws Exception {
        var permits = new Semaphore(maxInFlight);
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<String>> futures = new ArrayList<>();
            for (String cc : ccs) {
                futures.add(executor.submit(() -> {
                    permits.acquire();
                    String done = downloadOne(cc);
                    permits.release();
                    return done;
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
