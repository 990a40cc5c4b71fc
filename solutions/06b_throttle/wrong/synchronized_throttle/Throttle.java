// Wrong answer: a lock "to limit the downloads": it limits them to one at a time, whatever the limit.
// Expect: not yet
// Expect: the server never saw more than 1 request at a time (limit 3)
// Expect: a lock admits one thread at a time
// Expect: a ReentrantLock

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.ReentrantLock;

/** Wrong on purpose: a lock admits one thread; the exercise's limit is maxInFlight. */
public class Throttle {

    static String downloadOne(String cc) throws IOException {
        byte[] image = Flags.getFlag(cc);
        Flags.saveFlag(image, cc.toLowerCase(Locale.ROOT) + ".gif");
        return cc;
    }

    public static int downloadMany(List<String> ccs, int maxInFlight) throws Exception {
        var lock = new ReentrantLock();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<String>> futures = new ArrayList<>();
            for (String cc : ccs) {
                futures.add(executor.submit(() -> {
                    lock.lock();
                    try {
                        return downloadOne(cc);
                    } finally {
                        lock.unlock();
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
