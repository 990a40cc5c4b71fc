// Wrong answer: a fixed pool of maxInFlight platform threads instead of virtual threads and a semaphore.
// Expect: not yet
// Expect: the downloads ran on platform threads, not on virtual threads
// Expect: keep Executors.newVirtualThreadPerTaskExecutor()

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Wrong on purpose: it limits (the pool's size), but drops the virtual threads the statement asks to keep. */
public class Throttle {

    static String downloadOne(String cc) throws IOException {
        byte[] image = Flags.getFlag(cc);
        Flags.saveFlag(image, cc.toLowerCase(Locale.ROOT) + ".gif");
        return cc;
    }

    public static int downloadMany(List<String> ccs, int maxInFlight) throws Exception {
        try (ExecutorService executor = Executors.newFixedThreadPool(maxInFlight)) {
            List<Future<String>> futures = new ArrayList<>();
            for (String cc : ccs) {
                futures.add(executor.submit(() -> downloadOne(cc)));
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
