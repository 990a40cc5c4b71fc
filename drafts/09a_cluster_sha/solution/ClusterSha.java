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

/** Reference answer for 09a_cluster_sha. */
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
            if (future == null) throw new IllegalStateException("no job finished within 60 s");
            int job = toDo.get(future);
            try {
                digests.put(job, future.get(60, TimeUnit.SECONDS).value());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TargetDisconnectedException || e.getCause() instanceof MemberLeftException)) throw e;
                track(executor.submit(jobs.get(job)), job, toDo, done);  // Hazelcast picks a living member
            }
        }
        return digests;
    }

    private static void track(Future<Ran<String>> future, int job, Map<Future<Ran<String>>, Integer> toDo,
                              BlockingQueue<Future<Ran<String>>> done) {
        toDo.put(future, job);
        ((CompletionStage<Ran<String>>) future).whenComplete((ran, error) -> done.add(future));
    }
}
