import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Exercise 06c, reference answer: invokeAll with a timeout cancels (interrupts) the tasks still running when
 * it expires; on a virtual thread, an interrupt closes the socket the download is blocked on, so the task
 * ends at once, the server sees the connection go, and the executor's close() does not wait for 60 s.
 */
public class Timeouts {

    public static Map<String, byte[]> downloadMany(List<String> ccs, Duration timeout) throws Exception {
        var flags = new HashMap<String, byte[]>();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Callable<byte[]>> tasks = new ArrayList<>();
            for (String cc : ccs) {
                tasks.add(() -> Flags.getFlag(cc));
            }
            List<Future<byte[]>> futures = executor.invokeAll(tasks, timeout.toNanos(), TimeUnit.NANOSECONDS);
            for (int i = 0; i < futures.size(); i++) {
                Future<byte[]> future = futures.get(i);
                if (future.state() == Future.State.SUCCESS) {  // the others failed or were cancelled
                    flags.put(ccs.get(i), future.resultNow());
                }
            }
        }
        return flags;
    }
}
