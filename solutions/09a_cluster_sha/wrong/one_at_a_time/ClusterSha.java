// Wrong answer: shares the jobs out and sends a lost job again, but waits for each job before it submits the
// next one: the three members take turns instead of working together, and after member-3's death the next job
// meant for it fails at once.
// Expect: not yet
// Expect: the jobs ran one at a time: at most 1 was running on the whole cluster at once
import com.hazelcast.cluster.Member;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.core.MemberLeftException;
import com.hazelcast.spi.exception.TargetDisconnectedException;
import futureskit.cluster.ClusterTasks.Ran;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

public class ClusterSha {

    public static Map<Integer, String> digests(IExecutorService executor, List<Member> members,
                                               List<Callable<Ran<String>>> jobs) throws Exception {
        var digests = new TreeMap<Integer, String>();
        for (int job = 0; job < jobs.size(); job++) {
            Ran<String> ran;
            try {
                ran = executor.submitToMember(jobs.get(job), members.get(job % members.size())).get(60, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TargetDisconnectedException || e.getCause() instanceof MemberLeftException)) throw e;
                ran = executor.submit(jobs.get(job)).get(60, TimeUnit.SECONDS);
            }
            digests.put(job, ran.value());
        }
        return digests;
    }
}
