import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Exercise 06c: a server that stalls must not stall you. Return within `timeout` with the flags that arrived
 * in time, and cancel the downloads still running so they stop using the server.
 *
 * The grader calls this twice: against a fast server (every flag must arrive), then against a server that
 * answers after 60 s, watching from the server side that your requests go away after the timeout.
 * Check: jbang exercises/grade.java check 06c_timeouts
 */
public class Timeouts {

    /** cc -> image for the flags downloaded within {@code timeout}; the others are given up and cancelled. */
    public static Map<String, byte[]> downloadMany(List<String> ccs, Duration timeout) throws Exception {
        var flags = new HashMap<String, byte[]>();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Callable<byte[]>> tasks = new ArrayList<>();
            for (String cc : ccs) {
                tasks.add(() -> Flags.getFlag(cc));
            }
            // TODO: invokeAll waits for every task, however long the server takes. Bound the wait by
            //  `timeout`, keep the results of the tasks that succeeded, and make sure the others are cancelled.
            List<Future<byte[]>> futures = executor.invokeAll(tasks);
            for (int i = 0; i < futures.size(); i++) {
                flags.put(ccs.get(i), futures.get(i).get());
            }
        }
        return flags;
    }
}
