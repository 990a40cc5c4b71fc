import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Exercise 08b, reference answer. invokeAny runs every request, returns the result of the first that succeeds
 * and cancels the others with an interrupt. On virtual threads the interrupt closes the socket a losing request
 * is blocked on, so the mirror that stalled sees its client go at once, and close() has nothing to wait for.
 */
public class Hedged {

    public static byte[] getFlag(String cc, List<String> mirrors) throws Exception {
        List<Callable<byte[]>> asks = mirrors.stream()
                .map(mirror -> (Callable<byte[]>) () -> Flags.getFlag(mirror, cc))
                .toList();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            return executor.invokeAny(asks);   // the first success; the losers are cancelled
        }
    }
}
