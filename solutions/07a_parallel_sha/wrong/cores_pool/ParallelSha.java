// Wrong answer: a pool sized to the cores, whatever workers says; on every machine the grader shows it 4 cores.
// Expect: not yet
// Expect: with workers = 1,
// Expect: digests were computed at the same time
// Expect: the cores the grader reports

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Wrong on purpose: availableProcessors() threads is a fine default for CPU-bound work, but the caller said `workers`. */
public class ParallelSha {

    public static List<String> sha256All(List<byte[]> blobs, int workers) throws Exception {
        try (ExecutorService executor = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors())) {
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
