// Wrong answer: the callbacks are right, but nothing waits for them before returning the map.
// Expect: not yet
// Expect: downloadMany returned with
// Expect: of 20 flags in its map
// Expect: callbacks were still running after you returned

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/** Wrong on purpose: the callbacks are right, but nothing waits for them before returning the map. */
public class Callbacks {

    public static Map<String, byte[]> downloadMany(List<String> ccs, Progress progress) throws Exception {
        Map<String, byte[]> flags = new ConcurrentHashMap<>();
        for (String cc : ccs) {
            CompletableFuture.supplyAsync(() -> download(cc)).thenAccept(image -> {
                flags.put(cc, image);
                progress.step();
            });
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
