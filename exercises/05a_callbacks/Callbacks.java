import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Exercise 05a: let callbacks do the bookkeeping (lesson 5). As each download completes, a callback stores
 * the flag in the results map and steps the progress counter; downloadMany returns when all are done.
 *
 * Check: jbang exercises/grade.java check 05a_callbacks
 */
public class Callbacks {

    /** Downloads every flag; returns cc -> image; calls progress.step() once per completed download. */
    public static Map<String, byte[]> downloadMany(List<String> ccs, Progress progress) throws Exception {
        Map<String, byte[]> flags = new ConcurrentHashMap<>();  // filled from many threads: a concurrent map
        try (ExecutorService executor = Executors.newFixedThreadPool(ccs.size())) {
            List<CompletableFuture<byte[]>> futures = new ArrayList<>();
            for (String cc : ccs) {
                CompletableFuture<byte[]> future = CompletableFuture.supplyAsync(() -> download(cc), executor);
                // TODO: attach a callback to each future (thenAccept or whenComplete) that puts the flag
                //  into the map under its cc and steps the progress counter.
                futures.add(future);
            }
            // TODO: wait until every future (and so every callback) is done before returning.
        }
        return flags;
    }

    /** Flags.getFlag without the checked exception, so it fits supplyAsync. */
    static byte[] download(String cc) {
        try {
            return Flags.getFlag(cc);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
