// Wrong answer: parallelStream() runs on the common pool, whatever workers says.
// Expect: not yet
// Expect: with workers = 1,
// Expect: digests were computed at the same time
// Expect: the digests ran on the common pool

import java.util.List;

/** Wrong on purpose: a parallel stream runs on the common pool, whatever `workers` says. */
public class ParallelSha {

    public static List<String> sha256All(List<byte[]> blobs, int workers) throws Exception {
        return blobs.parallelStream().map(Digests::sha256Hex).toList();
    }
}
