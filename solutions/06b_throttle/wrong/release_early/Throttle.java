// Wrong answer: the semaphore is held while submitting, not while downloading, so nothing is throttled.
// Expect: not yet
// Expect: requests at once; the limit was 3
// Expect: a permit taken around submit() limits how fast you submit, not how many run

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/** Wrong on purpose: the permit is held while submitting, not while downloading, so nothing is throttled. */
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
                permits.acquire();
                try {
                    futures.add(executor.submit(() -> downloadOne(cc)));
                } finally {
                    permits.release();
                }
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
