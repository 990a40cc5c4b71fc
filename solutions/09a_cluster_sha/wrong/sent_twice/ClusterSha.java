// Wrong answer: shares the jobs out, collects them in completion order, and sends each job lost with member-3
// again twice "to be safe": every lost job then runs three times, and the cluster does work for nothing.
// Expect: not yet
// Expect: some jobs ran more often than needed
// Expect: ran 3 times (on member-3,
import com.hazelcast.cluster.Member;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.core.MemberLeftException;
import com.hazelcast.spi.exception.TargetDisconnectedException;
import futureskit.cluster.ClusterTasks.Ran;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

public class ClusterSha {

    public static Map<Integer, String> digests(IExecutorService executor, List<Member> members,
                                               List<Callable<Ran<String>>> jobs) throws Exception {
        Map<Future<Ran<String>>, Integer> toDo = new HashMap<>();
        BlockingQueue<Future<Ran<String>>> done = new LinkedBlockingQueue<>();
        for (int job = 0; job < jobs.size(); job++) {
            track(executor.submitToMember(jobs.get(job), members.get(job % members.size())), job, toDo, done);
        }
        var digests = new TreeMap<Integer, String>();
        for (int i = 0; i < toDo.size(); i++) {  // a job sent again adds a future, and a turn
            Future<Ran<String>> future = done.poll(60, TimeUnit.SECONDS);
            if (future == null) {
                throw new IllegalStateException("no job finished within 60 s");
            }
            int job = toDo.get(future);
            try {
                digests.put(job, future.get(60, TimeUnit.SECONDS).value());
            } catch (ExecutionException e) {
                if (!memberLeft(e.getCause())) {
                    throw e;  // the job's own failure: running it again would fail again
                }
                track(executor.submit(jobs.get(job)), job, toDo, done);
                track(executor.submit(jobs.get(job)), job, toDo, done);  // a second copy "to be safe"
            }
        }
        return digests;
    }

    /** The member that had the task is gone: the task may or may not have run, and no answer will come. */
    static boolean memberLeft(Throwable e) {
        return e instanceof TargetDisconnectedException || e instanceof MemberLeftException;
    }

    private static void track(Future<Ran<String>> future, int job, Map<Future<Ran<String>>, Integer> toDo,
                              BlockingQueue<Future<Ran<String>>> done) {
        toDo.put(future, job);  // before the callback can fire: the loop looks the future up
        ((CompletionStage<Ran<String>>) future).whenComplete((ran, error) -> done.add(future));
    }
}
