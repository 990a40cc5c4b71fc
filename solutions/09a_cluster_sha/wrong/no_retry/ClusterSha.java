// Wrong answer: shares the jobs out and collects them in completion order, but treats a lost member as the
// end of the run: the ExecutionException of member-3's jobs propagates, and their digests never come back.
// Expect: not yet
// Expect: member-3's jobs were lost with it: your method threw instead of sending them again
import com.hazelcast.cluster.Member;
import com.hazelcast.core.IExecutorService;
import futureskit.cluster.ClusterTasks.Ran;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

public class ClusterSha {

    public static Map<Integer, String> digests(IExecutorService executor, List<Member> members,
                                               List<Callable<Ran<String>>> jobs) throws Exception {
        Map<Future<Ran<String>>, Integer> toDo = new HashMap<>();
        BlockingQueue<Future<Ran<String>>> done = new LinkedBlockingQueue<>();
        for (int job = 0; job < jobs.size(); job++) {
            Future<Ran<String>> future = executor.submitToMember(jobs.get(job), members.get(job % members.size()));
            toDo.put(future, job);
            ((CompletionStage<Ran<String>>) future).whenComplete((ran, error) -> done.add(future));
        }
        var digests = new TreeMap<Integer, String>();
        for (int i = 0; i < toDo.size(); i++) {
            Future<Ran<String>> future = done.poll(60, TimeUnit.SECONDS);
            digests.put(toDo.get(future), future.get().value());  // a lost member's ExecutionException ends it all
        }
        return digests;
    }
}
