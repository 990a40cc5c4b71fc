// Wrong answer: submits every download, then sleeps "long enough" instead of waiting for the futures.
// Expect: not yet
// Expect: downloadMany slept
// Expect: Thread.sleep
// Expect: not for a fixed time

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Wrong on purpose: 1.5 s of sleep is "surely enough" for 20 downloads; it is too long here, too short elsewhere. */
public class ThreadPool {

    static final int MAX_WORKERS = 20;

    static String downloadOne(String cc) throws IOException {
        byte[] image = Flags.getFlag(cc);
        Flags.saveFlag(image, cc.toLowerCase(Locale.ROOT) + ".gif");
        Flags.show(cc);
        return cc;
    }

    public static int downloadMany(List<String> ccs) throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(Math.min(MAX_WORKERS, ccs.size()));
        for (String cc : ccs) {
            executor.submit(() -> downloadOne(cc));
        }
        executor.shutdown();
        Thread.sleep(1500);  // "enough time for the downloads"
        return ccs.size();
    }
}
