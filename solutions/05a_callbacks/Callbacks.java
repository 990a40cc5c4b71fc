import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Exercise 05a, reference answer: thenAccept is add_done_callback; allOf(...).join() waits for all of them. */
public class Callbacks {

    public static Map<String, byte[]> downloadMany(List<String> ccs, Progress progress) throws Exception {
        Map<String, byte[]> flags = new ConcurrentHashMap<>();
        try (ExecutorService executor = Executors.newFixedThreadPool(ccs.size())) {
            List<CompletableFuture<Void>> done = new ArrayList<>();
            for (String cc : ccs) {
                // cc is effectively final: each callback captures its own country code.
                done.add(CompletableFuture.supplyAsync(() -> download(cc), executor)
                        .thenAccept(image -> {
                            flags.put(cc, image);
                            progress.step();
                        }));
            }
            // Wait for the callbacks' futures, not the downloads': a download can be done before its callback.
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
