// Wrong answer: gives the first mirror half a second, then asks the second: a stall still costs the timeout.
// Expect: not yet
// Expect: asked the second mirror only after giving up on the first

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Wrong on purpose: a fallback, not a hedge. The answer is right and the stalled request is cancelled, but when
 * the first mirror stalls every flag takes the whole timeout before the second mirror is even asked.
 */
public class Hedged {

    public static byte[] getFlag(String cc, List<String> mirrors) throws Exception {
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<byte[]> first = executor.submit(() -> Flags.getFlag(mirrors.get(0), cc));
            try {
                return first.get(500, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                first.cancel(true);
                return executor.submit(() -> Flags.getFlag(mirrors.get(1), cc)).get();
            }
        }
    }
}
