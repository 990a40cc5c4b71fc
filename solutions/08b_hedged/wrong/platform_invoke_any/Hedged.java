// Wrong answer: invokeAny on platform threads: the interrupt does not stop the losing request.
// Expect: not yet
// Expect: the stalled mirror still had
// Expect: interrupted but still blocked reading a socket

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Wrong on purpose: the first answer comes back in time, and invokeAny cancels the other request with an
 * interrupt, but a platform thread blocked reading a socket ignores it: the losing request stays open on the
 * stalled mirror (shutdownNow instead of close hides the wait).
 */
public class Hedged {

    public static byte[] getFlag(String cc, List<String> mirrors) throws Exception {
        List<Callable<byte[]>> asks = mirrors.stream()
                .map(mirror -> (Callable<byte[]>) () -> Flags.getFlag(mirror, cc))
                .toList();
        ExecutorService executor = Executors.newFixedThreadPool(mirrors.size());
        try {
            return executor.invokeAny(asks);
        } finally {
            executor.shutdownNow();
        }
    }
}
