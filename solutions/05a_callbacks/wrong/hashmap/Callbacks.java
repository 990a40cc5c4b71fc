// Wrong answer: callbacks fill a plain HashMap from the pool's threads: right on most runs, a data race on all.
// Expect: not yet
// Expect: a data race: the HashMap you return was filled from
// Expect: keep the ConcurrentHashMap of the starter

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Wrong on purpose: the ConcurrentHashMap became a HashMap; callbacks on several threads put into it at once. */
public class Callbacks {

    public static Map<String, byte[]> downloadMany(List<String> ccs, Progress progress) throws Exception {
        Map<String, byte[]> flags = new HashMap<>();
        try (ExecutorService executor = Executors.newFixedThreadPool(ccs.size())) {
            List<CompletableFuture<Void>> done = new ArrayList<>();
            for (String cc : ccs) {
                done.add(CompletableFuture.supplyAsync(() -> download(cc), executor)
                        .thenAccept(image -> {
                            flags.put(cc, image);
                            progress.step();
                        }));
            }
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).join();
        }
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
