import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Exercise 07a, reference answer: a fixed pool of `workers` threads; futures kept in input order. */
public class ParallelSha {

    public static List<String> sha256All(List<byte[]> blobs, int workers) throws Exception {
        try (ExecutorService executor = Executors.newFixedThreadPool(workers)) {
            List<Future<String>> futures = new ArrayList<>();
            for (byte[] blob : blobs) {
                futures.add(executor.submit(() -> Digests.sha256Hex(blob)));
            }
            List<String> digests = new ArrayList<>();
            for (Future<String> future : futures) {
                digests.add(future.get());
            }
            return digests;
        }
    }
}
