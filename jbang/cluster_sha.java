///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 25+
//DEPS com.hazelcast:hazelcast:5.7.0
//SOURCES ../cluster/src/main/java/futureskit/cluster/Cluster.java
//SOURCES ../cluster/src/main/java/futureskit/cluster/ClusterMember.java
//SOURCES ../cluster/src/main/java/futureskit/cluster/ClusterTasks.java
//SOURCES ../support/src/main/java/futureskit/HttpStatusException.java
//SOURCES ../support/src/main/java/futureskit/ProcessPool.java
//SOURCES ../support/src/main/java/futureskit/ProcessPoolTasks.java
//SOURCES ../support/src/main/java/futureskit/ProcessPoolWorker.java
//RUNTIME_OPTIONS --sun-misc-unsafe-memory-access=allow

// Lesson 9: lesson 7's SHA-256 of 12 arrays of 1 MB (sha_futures.java), on a cluster: each job is a task
// for Hazelcast's distributed ExecutorService, results are shown in completion order, and a job whose member
// died is sent again to one still alive.
//
//   jbang jbang/cluster_sha.java             # starts 3 members of its own (child JVMs on 127.0.0.1)
//   jbang jbang/cluster_sha.java --kill 3    # ... and kills member-3 half a second into the run
//   jbang jbang/cluster_sha.java --join      # uses the members of jbang/cluster_member.java (Ctrl-C one mid-run)
//   options: --members N (default 3), --rounds N (default 128: each job hashes its 1 MB N times)

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.core.MemberLeftException;
import com.hazelcast.spi.exception.TargetDisconnectedException;
import futureskit.cluster.Cluster;
import futureskit.cluster.ClusterTasks;
import futureskit.cluster.ClusterTasks.Ran;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

static final int JOBS = 12;
static final String USAGE = "usage: cluster_sha.java [--members N] [--rounds N] [--kill MEMBER | --join]";

/** The member that had the task is gone: it may or may not have run it, and a digest is safe to compute twice. */
static boolean memberLost(Throwable e) {
    return e instanceof TargetDisconnectedException || e instanceof MemberLeftException;
}

/** Submits {@code job}; a callback puts its future in {@code done} when it completes, in completion order. */
static Future<Ran<String>> submit(IExecutorService executor, int job, int rounds, Map<Future<Ran<String>>, Integer> toDo,
                                  BlockingQueue<Future<Ran<String>>> done) {
    Future<Ran<String>> future = executor.submit(new ClusterTasks.Sha256(job, rounds));
    toDo.put(future, job);
    ((CompletionStage<Ran<String>>) future).whenComplete((ran, error) -> done.add(future));
    return future;
}

static void runJobs(HazelcastInstance client, int rounds, Runnable midRun) throws Exception {
    IExecutorService executor = client.getExecutorService(Cluster.EXECUTOR);
    Map<Future<Ran<String>>, Integer> toDo = new HashMap<>();
    BlockingQueue<Future<Ran<String>>> done = new LinkedBlockingQueue<>();
    long t0 = System.nanoTime();
    for (int job = 0; job < JOBS; job++) submit(executor, job, rounds, toDo, done);
    midRun.run();
    var perMember = new TreeMap<String, Integer>();
    var retried = new ArrayList<Integer>();
    for (int i = 0; i < toDo.size(); i++) {  // toDo grows with each retry
        Future<Ran<String>> future = done.poll(120, TimeUnit.SECONDS);
        if (future == null) throw new IllegalStateException("no job finished within 120 s");
        int job = toDo.get(future);
        try {
            Ran<String> ran = future.get();
            IO.println("%2d %s %s".formatted(job, ran.value(), ran.member()));
            perMember.merge(ran.member(), 1, Integer::sum);
        } catch (ExecutionException e) {
            if (!memberLost(e.getCause())) throw e;
            IO.println("%2d lost with its member (%s): sent again".formatted(job, e.getCause().getClass().getSimpleName()));
            retried.add(job);
            submit(executor, job, rounds, toDo, done);
        }
    }
    IO.println("%d digests in %.2fs; jobs per member: %s; retried: %s".formatted(
            JOBS, (System.nanoTime() - t0) / 1e9, perMember, retried));
}

void main(String... args) throws Exception {
    int members = 3, rounds = 128, kill = 0;
    boolean join = false;
    try {
        for (int a = 0; a < args.length; a++) {
            switch (args[a]) {
                case "--members" -> members = Integer.parseInt(args[++a]);
                case "--rounds" -> rounds = Integer.parseInt(args[++a]);
                case "--kill" -> kill = Integer.parseInt(args[++a]);
                case "--join" -> join = true;
                case "-h", "--help" -> {
                    IO.println(USAGE);
                    return;
                }
                default -> throw new IllegalArgumentException("unknown argument: " + args[a]);
            }
        }
        if (members < 1 || members > 9 || rounds < 1) throw new IllegalArgumentException("--members is 1 to 9, --rounds at least 1");
        if (kill != 0 && (join || kill < 1 || kill > members)) {
            throw new IllegalArgumentException("--kill takes a member this script started, 1 to " + members + " (not with --join)");
        }
    } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
        usage("numbers expected after --members, --rounds and --kill");
    } catch (IllegalArgumentException e) {
        usage(e.getMessage());
    }
    IO.println("%d jobs: SHA-256 of %d x 1 MB each".formatted(JOBS, rounds));
    if (join) {
        var ports = IntStream.rangeClosed(1, members).mapToObj(n -> Cluster.BASE_PORT + n).toList();
        HazelcastInstance client;
        try {
            client = Cluster.connect(Cluster.SCRIPT_CLUSTER, ports, 10);
        } catch (IllegalStateException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
            return;
        }
        try {
            IO.println("joined cluster '%s': %d members".formatted(Cluster.SCRIPT_CLUSTER, client.getCluster().getMembers().size()));
            runJobs(client, rounds, () -> { });
        } finally {
            client.shutdown();
        }
        return;
    }
    long t0 = System.nanoTime();
    try (var cluster = Cluster.start(members)) {
        IO.println("started %d members in %.1fs: %s".formatted(members, (System.nanoTime() - t0) / 1e9, cluster.members()));
        int victim = kill;
        runJobs(cluster.client(), rounds, () -> {
            if (victim == 0) return;
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            cluster.kill(victim);
            IO.println("killed member-%d (pid %d)".formatted(victim, cluster.member(victim).pid()));
        });
    }
}

static void usage(String message) {
    System.err.println("error: " + message);
    System.err.println(USAGE);
    System.exit(2);
}
