// Wrong answer: a stream of submit() calls whose count() never runs map(): nothing is submitted at all.
// Expect: not yet
// Expect: no request reached the server
// Expect: count() may skip map()

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Wrong on purpose: streams are lazy, and count() of a stream whose size is known skips map() (Java 9+), so no
 * task is ever submitted; the method still "counts" 20.
 */
public class ThreadPool {

    static final int MAX_WORKERS = 20;

    static String downloadOne(String cc) throws IOException {
        byte[] image = Flags.getFlag(cc);
        Flags.saveFlag(image, cc.toLowerCase(Locale.ROOT) + ".gif");
        Flags.show(cc);
        return cc;
    }

    public static int downloadMany(List<String> ccs) throws Exception {
        try (ExecutorService executor = Executors.newFixedThreadPool(Math.min(MAX_WORKERS, ccs.size()))) {
            return (int) ccs.stream().map(cc -> executor.submit(() -> downloadOne(cc))).count();
        }
    }
}
