// Wrong answer: shares the jobs out and sends a lost job again, but collects the futures in submission order:
// the loop waits for job 0 before it looks at job 2, so member-3's jobs go out again only when the loop gets
// round to them, long after their futures failed (here job 0 is a slow one).
// Expect: not yet
// Expect: member-3's jobs were sent again only after job 0's result, not when their futures failed
import com.hazelcast.cluster.Member;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.core.MemberLeftException;
import com.hazelcast.spi.exception.TargetDisconnectedException;
import futureskit.cluster.ClusterTasks.Ran;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

public class ClusterSha {

    public static Map<Integer, String> digests(IExecutorService executor, List<Member> members,
                                               List<Callable<Ran<String>>> jobs) throws Exception {
        List<Future<Ran<String>>> futures = new ArrayList<>();
        for (int job = 0; job < jobs.size(); job++) {
            futures.add(executor.submitToMember(jobs.get(job), members.get(job % members.size())));
        }
        var digests = new TreeMap<Integer, String>();
        for (int job = 0; job < futures.size(); job++) {  // job 0 first, whatever finishes first
            Ran<String> ran;
            try {
                ran = futures.get(job).get(60, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TargetDisconnectedException || e.getCause() instanceof MemberLeftException)) throw e;
                ran = executor.submit(jobs.get(job)).get(60, TimeUnit.SECONDS);
            }
            digests.put(job, ran.value());
        }
        return digests;
    }
}
