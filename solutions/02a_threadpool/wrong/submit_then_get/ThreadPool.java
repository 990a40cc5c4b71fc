// Wrong answer: submit(...).get() in the loop, so the downloads still run one by one.
// Expect: not yet
// Expect: the server never saw more than 1 request at a time

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Wrong on purpose: a pool, but get() right after each submit, so the downloads still run one by one. */
public class ThreadPool {

    static final int MAX_WORKERS = 20;

    static String downloadOne(String cc) throws IOException {
        byte[] image = Flags.getFlag(cc);
        Flags.saveFlag(image, cc.toLowerCase(Locale.ROOT) + ".gif");
        Flags.show(cc);
        return cc;
    }

    public static int downloadMany(List<String> ccs) throws Exception {
        int count = 0;
        try (ExecutorService executor = Executors.newFixedThreadPool(Math.min(MAX_WORKERS, ccs.size()))) {
            for (String cc : ccs) {
                executor.submit(() -> downloadOne(cc)).get();
                count++;
            }
        }
        return count;
    }
}
