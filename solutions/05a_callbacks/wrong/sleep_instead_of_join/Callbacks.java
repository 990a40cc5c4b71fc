// Wrong answer: the callbacks are right, but a sleep stands in for waiting on their futures.
// Expect: not yet
// Expect: downloadMany slept
// Expect: Thread.sleep
// Expect: a sleep only guesses how long that takes

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Wrong on purpose: two seconds are "enough" for downloads of at most 0.6 s; the map is full, the wait is a guess. */
public class Callbacks {

    public static Map<String, byte[]> downloadMany(List<String> ccs, Progress progress) throws Exception {
        Map<String, byte[]> flags = new ConcurrentHashMap<>();
        ExecutorService executor = Executors.newFixedThreadPool(ccs.size());
        for (String cc : ccs) {
            CompletableFuture.supplyAsync(() -> download(cc), executor).thenAccept(image -> {
                flags.put(cc, image);
                progress.step();
            });
        }
        Thread.sleep(2000);  // "the downloads take at most 0.6 s, so 2 s is plenty"
        executor.shutdown();
        return flags;
    }

    static byte[] download(String cc) {
        try {
            return Flags.getFlag(cc);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
