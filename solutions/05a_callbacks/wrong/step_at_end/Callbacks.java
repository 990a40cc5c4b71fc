// Wrong answer: no callbacks; steps the counter in a loop after waiting for every download.
// Expect: not yet
// Expect: the progress counter lagged behind the downloads

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Wrong on purpose: no callbacks; waits for everything, then fills the map and steps the counter in a loop. */
public class Callbacks {

    public static Map<String, byte[]> downloadMany(List<String> ccs, Progress progress) throws Exception {
        Map<String, byte[]> flags = new ConcurrentHashMap<>();
        try (ExecutorService executor = Executors.newFixedThreadPool(ccs.size())) {
            List<CompletableFuture<byte[]>> futures = new ArrayList<>();
            for (String cc : ccs) {
                futures.add(CompletableFuture.supplyAsync(() -> download(cc), executor));
            }
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
            for (int i = 0; i < ccs.size(); i++) {
                flags.put(ccs.get(i), futures.get(i).join());
                progress.step();
            }
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
