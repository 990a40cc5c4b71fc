// Wrong answer: shows and stores each flag in a callback, as it completes, but into a plain HashMap.
// Expect: not yet
// Expect: a data race: the HashMap you return was filled from
// Expect: java.util.HashMap is not thread-safe

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Wrong on purpose: completion order and timing are right (callbacks run as each download completes), but the
 * callbacks run on the pool's threads and put into one HashMap: a data race that loses an entry now and then.
 */
public class AsCompleted {

    static byte[] downloadOne(String cc) throws IOException {
        return Flags.getFlag(cc);
    }

    public static Map<String, byte[]> downloadMany(List<String> ccs) throws Exception {
        var flags = new HashMap<String, byte[]>();
        try (ExecutorService executor = Executors.newFixedThreadPool(ccs.size())) {
            var done = new ArrayList<CompletableFuture<Void>>();
            for (String cc : ccs) {
                done.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return downloadOne(cc);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }, executor).thenAccept(image -> {
                    Flags.show(cc);
                    flags.put(cc, image);
                }));
            }
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).join();
        }
        return flags;
    }
}
