// Wrong answer: downloadOne made synchronized "to be safe", so the pool's 20 threads take turns.
// Expect: not yet
// Expect: a lock let one download run at a time
// Expect: threads waited to lock a class (a static synchronized method
// Expect: ThreadPool.downloadOne

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Wrong on purpose: a static synchronized downloadOne lets one thread at a time in: the downloads run one by one. */
public class ThreadPool {

    static final int MAX_WORKERS = 20;

    static synchronized String downloadOne(String cc) throws IOException {
        byte[] image = Flags.getFlag(cc);
        Flags.saveFlag(image, cc.toLowerCase(Locale.ROOT) + ".gif");
        Flags.show(cc);
        return cc;
    }

    public static int downloadMany(List<String> ccs) throws Exception {
        var futures = new ArrayList<Future<String>>();
        try (ExecutorService executor = Executors.newFixedThreadPool(Math.min(MAX_WORKERS, ccs.size()))) {
            for (String cc : ccs) {
                futures.add(executor.submit(() -> downloadOne(cc)));
            }
            int count = 0;
            for (Future<String> future : futures) {
                future.get();
                count++;
            }
            return count;
        }
    }
}
