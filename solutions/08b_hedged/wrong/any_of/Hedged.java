// Wrong answer: CompletableFuture.anyOf, then cancel(true) on the others: nothing interrupts the losing request.
// Expect: not yet
// Expect: the stalled mirror still had
// Expect: CompletableFuture.cancel(true) does not interrupt

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Wrong on purpose: anyOf gives the first answer in time, but cancel(true) on a CompletableFuture only
 * completes it: it does not interrupt the thread that runs the request, which goes on until OkHttp's read
 * timeout (not closing the executor hides the wait).
 */
public class Hedged {

    private static final ExecutorService THREADS = Executors.newVirtualThreadPerTaskExecutor();

    public static byte[] getFlag(String cc, List<String> mirrors) throws Exception {
        List<CompletableFuture<byte[]>> asks = mirrors.stream()
                .map(mirror -> CompletableFuture.supplyAsync(() -> {
                    try {
                        return Flags.getFlag(mirror, cc);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }, THREADS))
                .toList();
        byte[] first = (byte[]) CompletableFuture.anyOf(asks.toArray(CompletableFuture[]::new)).join();
        asks.forEach(ask -> ask.cancel(true));
        return first;
    }
}
