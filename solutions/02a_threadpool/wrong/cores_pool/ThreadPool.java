// Wrong answer: a pool sized to the cores, as for CPU-bound work; the verdict is the same on every machine.
// Expect: not yet
// Expect: the server saw at most 4 requests at a time
// Expect: a pool sized to the cores

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Wrong on purpose: one thread per core suits CPU-bound work; downloads spend their time waiting on the network. */
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
        try (ExecutorService executor = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors())) {
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
