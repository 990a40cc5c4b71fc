import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * Exercise 02a: turn the sequential downloadMany of lesson 1 into a thread pool (lesson 2).
 *
 * The grader calls downloadMany(POP20_CC) against a flag server with 0.15 s latency and watches how many
 * requests the server has in flight. Check: jbang exercises/grade.java check 02a_threadpool
 */
public class ThreadPool {

    static final int MAX_WORKERS = 20;

    /** Downloads, saves and shows one flag: the loop body of the sequential version. Keep it as is. */
    static String downloadOne(String cc) throws IOException {
        byte[] image = Flags.getFlag(cc);
        Flags.saveFlag(image, cc.toLowerCase(Locale.ROOT) + ".gif");
        Flags.show(cc);
        return cc;
    }

    /** Downloads every flag in {@code ccs} and returns how many it downloaded. */
    public static int downloadMany(List<String> ccs) throws Exception {
        // TODO: this is lesson 1's sequential loop: one download after the other.
        //  Run downloadOne(cc) for every cc on a thread pool of min(MAX_WORKERS, ccs.size()) threads
        //  (an ExecutorService in try-with-resources), then count the results.
        int count = 0;
        for (String cc : ccs.stream().sorted().toList()) {
            downloadOne(cc);
            count++;
        }
        return count;
    }
}
