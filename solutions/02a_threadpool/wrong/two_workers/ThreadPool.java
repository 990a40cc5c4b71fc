// Wrong answer: a pool of 2 threads, so at most 2 downloads overlap.
// Expect: not yet
// Expect: the server saw at most 2 requests at a time

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Wrong on purpose: concurrent, but a pool of 2 threads for 20 downloads that mostly wait on the network. */
public class ThreadPool {

    static final int MAX_WORKERS = 20;

    static String downloadOne(String cc) throws IOException {
        byte[] image = Flags.getFlag(cc);
        Flags.saveFlag(image, cc.toLowerCase(Locale.ROOT) + ".gif");
        Flags.show(cc);
        return cc;
    }

    public static int downloadMany(List<String> ccs) throws Exception {
        var futures = new ArrayList<Future<String>>();
        try (ExecutorService executor = Executors.newFixedThreadPool(2)) {
            for (String cc : ccs) {
                futures.add(executor.submit(() -> downloadOne(cc)));
            }
            for (Future<String> future : futures) {
                future.get();
            }
        }
        return futures.size();
    }
}
