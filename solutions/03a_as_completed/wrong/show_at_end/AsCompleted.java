// Wrong answer: records the completion order, but shows every flag only after the last download.
// Expect: not yet
// Expect: flags were shown late, not as soon as each download completed
// Expect: not in a loop after the last download

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Wrong on purpose: the order is completion order, but nothing is shown until everything is done. */
public class AsCompleted {

    static byte[] downloadOne(String cc) throws IOException {
        return Flags.getFlag(cc);
    }

    public static Map<String, byte[]> downloadMany(List<String> ccs) throws Exception {
        var flags = new HashMap<String, byte[]>();
        List<String> completionOrder = Collections.synchronizedList(new ArrayList<>());
        try (ExecutorService executor = Executors.newFixedThreadPool(ccs.size())) {
            var futures = new HashMap<String, CompletableFuture<byte[]>>();
            for (String cc : ccs) {
                futures.put(cc, CompletableFuture.supplyAsync(() -> {
                    try {
                        return downloadOne(cc);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }, executor).whenComplete((image, error) -> completionOrder.add(cc)));
            }
            CompletableFuture.allOf(futures.values().toArray(CompletableFuture[]::new)).join();
            for (String cc : completionOrder) {
                Flags.show(cc);
                flags.put(cc, futures.get(cc).join());
            }
        }
        return flags;
    }
}
