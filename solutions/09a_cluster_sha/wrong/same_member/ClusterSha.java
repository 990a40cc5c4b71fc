// Wrong answer: shares the jobs out, collects them in completion order and sends a lost job again, but to the
// member it was given at first: for member-3's jobs that is the member that just died, so the new future
// fails too (TargetNotMemberException), and the run ends without them.
// Expect: not yet
// Expect: a job was sent again to member-3, which had left the cluster
// Expect: TargetNotMemberException
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
            send(executor, members.get(job % members.size()), jobs.get(job), job, toDo, done);
        }
        var digests = new TreeMap<Integer, String>();
        for (int i = 0; i < toDo.size(); i++) {
            Future<Ran<String>> future = done.poll(60, TimeUnit.SECONDS);
            int job = toDo.get(future);
            try {
                digests.put(job, future.get(60, TimeUnit.SECONDS).value());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TargetDisconnectedException || e.getCause() instanceof MemberLeftException)) throw e;
                send(executor, members.get(job % members.size()), jobs.get(job), job, toDo, done);  // the same member
            }
        }
        return digests;
    }

    private static void send(IExecutorService executor, Member member, Callable<Ran<String>> task, int job,
                             Map<Future<Ran<String>>, Integer> toDo, BlockingQueue<Future<Ran<String>>> done) {
        Future<Ran<String>> future = executor.submitToMember(task, member);
        toDo.put(future, job);
        ((CompletionStage<Ran<String>>) future).whenComplete((ran, error) -> done.add(future));
    }
}
