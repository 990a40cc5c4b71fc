///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 25+
//DEPS com.hazelcast:hazelcast:5.7.0
//SOURCES flags.java
//SOURCES ../cluster/src/main/java/futureskit/cluster/Cluster.java
//SOURCES ../cluster/src/main/java/futureskit/cluster/ClusterMember.java
//SOURCES ../cluster/src/main/java/futureskit/cluster/ClusterTasks.java
//SOURCES ../support/src/main/java/futureskit/ProcessPool.java
//SOURCES ../support/src/main/java/futureskit/ProcessPoolTasks.java
//SOURCES ../support/src/main/java/futureskit/ProcessPoolWorker.java
//RUNTIME_OPTIONS --sun-misc-unsafe-memory-access=allow

// Lesson 9: the 20 flags of flags.java, downloaded by the members of a cluster. As in flags_threadpool.java
// only downloadMany changed: each download is a task for Hazelcast's distributed ExecutorService, the member
// answers with the image, and this program saves it and shows the code as its future completes.
//
//   jbang jbang/cluster_flags.java           # 3 members of its own (child JVMs), the embedded flag server
//   jbang jbang/cluster_flags.java --join    # the members of jbang/cluster_member.java
//   (flags.java's options too: --delay, --server)

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import futureskit.cluster.Cluster;
import futureskit.cluster.ClusterTasks;
import futureskit.cluster.ClusterTasks.Ran;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;

static IExecutorService executor;

static int downloadMany(List<String> ccList) throws Exception {
    Map<Future<Ran<byte[]>>, String> toDo = new HashMap<>();
    BlockingQueue<Future<Ran<byte[]>>> done = new LinkedBlockingQueue<>();
    for (String cc : ccList.stream().sorted().toList()) {
        Future<Ran<byte[]>> future = executor.submit(new ClusterTasks.GetFlag(cc, Flags.BASE_URL));
        toDo.put(future, cc);
        ((CompletionStage<Ran<byte[]>>) future).whenComplete((ran, error) -> done.add(future));  // completion order
    }
    var perMember = new TreeMap<String, Integer>();
    for (int i = 0; i < toDo.size(); i++) {
        Future<Ran<byte[]>> future = done.poll(60, TimeUnit.SECONDS);
        if (future == null) throw new IllegalStateException("no download finished within 60 s");
        String cc = toDo.get(future);
        Ran<byte[]> ran = future.get();  // rethrows a download's exception
        Flags.saveFlag(ran.value(), cc.toLowerCase(Locale.ROOT) + ".gif");
        Flags.show(cc);
        perMember.merge(ran.member(), 1, Integer::sum);
    }
    System.out.printf("%ndownloads per member: %s", perMember);
    return toDo.size();
}

void main(String... args) throws Exception {
    var rest = new ArrayList<>(Arrays.asList(args));
    boolean join = rest.remove("--join");
    if (rest.contains("-h") || rest.contains("--help")) {
        System.out.println("usage: cluster_flags.java [--join] and flags.java's options:");
        Flags.main(new String[] {"--help"});
    }
    // Bad options and a missing fixtures folder are reported now, before members take seconds to start.
    try {
        var options = new flags2_common.LessonOptions();
        var cli = new CommandLine(options);
        cli.parseArgs(rest.toArray(String[]::new));
        options.site.check(cli, null);
        futureskit.Fixtures.flagsDir();
    } catch (CommandLine.ParameterException | IllegalStateException e) {
        System.err.println("error: " + e.getMessage());
        System.exit(e instanceof CommandLine.ParameterException ? 2 : 1);
    }
    if (join) {
        HazelcastInstance client;
        try {
            client = Cluster.connect(Cluster.SCRIPT_CLUSTER, List.of(5701, 5702, 5703), 10);
        } catch (IllegalStateException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
            return;
        }
        try {
            System.out.printf("joined cluster '%s': %d members%n", Cluster.SCRIPT_CLUSTER, client.getCluster().getMembers().size());
            executor = client.getExecutorService(Cluster.EXECUTOR);
            Flags.main(rest.toArray(String[]::new), ccList -> downloadMany(ccList));
        } finally {
            client.shutdown();
        }
        return;
    }
    long t0 = System.nanoTime();
    try (var cluster = Cluster.start(3)) {
        System.out.printf("started 3 members in %.1fs: %s%n", (System.nanoTime() - t0) / 1e9, cluster.members());
        executor = cluster.executor();
        Flags.main(rest.toArray(String[]::new), ccList -> downloadMany(ccList));
    }
}
