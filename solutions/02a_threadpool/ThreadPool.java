import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Exercise 02a, reference answer: the loop body becomes a task; the pool's close() is Python's "with". */
public class ThreadPool {

    static final int MAX_WORKERS = 20;

    static String downloadOne(String cc) throws IOException {
        byte[] image = Flags.getFlag(cc);
        Flags.saveFlag(image, cc.toLowerCase(Locale.ROOT) + ".gif");
        Flags.show(cc);
        return cc;
    }

    public static int downloadMany(List<String> ccs) throws Exception {
        int workers = Math.min(MAX_WORKERS, ccs.size());
        var futures = new ArrayList<Future<String>>();
        try (ExecutorService executor = Executors.newFixedThreadPool(workers)) {
            for (String cc : ccs.stream().sorted().toList()) {
                futures.add(executor.submit(() -> downloadOne(cc)));
            }
            // Submit everything first: a get() inside the loop above would wait for each download in turn.
            int count = 0;
            for (Future<String> future : futures) {
                future.get();
                count++;
            }
            return count;
        }
    }
}
