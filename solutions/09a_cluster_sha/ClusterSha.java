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

/**
 * Exercise 09a, reference answer: lesson 9's failure cell. Every job is submitted first, to the member that
 * owns its share; a callback puts each future in a queue the moment it completes, so the loop sees results
 * (and failures) in completion order, and the Map<Future, Integer> says which job a future was for. A future
 * whose member left fails with TargetDisconnectedException (the client lost its connection to the member) or
 * MemberLeftException: its job goes out again with submit, which picks a member still in the cluster, and its
 * new future gets its own turn in the loop. A SHA-256 has no side effects, so running it twice is safe.
 */
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
                track(executor.submit(jobs.get(job)), job, toDo, done);  // Hazelcast picks a living member
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
