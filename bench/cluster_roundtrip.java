///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 25+
//DEPS com.hazelcast:hazelcast:5.7.0
//SOURCES common/Bench.java
//SOURCES ../cluster/src/main/java/futureskit/cluster/Cluster.java
//SOURCES ../cluster/src/main/java/futureskit/cluster/ClusterMember.java
//SOURCES ../cluster/src/main/java/futureskit/cluster/ClusterTasks.java
//SOURCES ../support/src/main/java/futureskit/HttpStatusException.java
//SOURCES ../support/src/main/java/futureskit/ProcessPool.java
//SOURCES ../support/src/main/java/futureskit/ProcessPoolTasks.java
//SOURCES ../support/src/main/java/futureskit/ProcessPoolWorker.java
//RUNTIME_OPTIONS --sun-misc-unsafe-memory-access=allow

// Lesson 9 benchmark: the round trip of one task (submit, run, answer, get) on a thread pool, on the kit's
// ProcessPool (a worker JVM on this machine) and on a Hazelcast cluster of 3 members (JVMs on loopback),
// for an empty task and for 1 MB sent there and back. One run measures all three, so the ratios compare
// like with like; each figure is the median of 5 rounds after a warm-up round.
// Usage: jbang bench/cluster_roundtrip.java [TINY_TASKS] [MEGABYTE_TASKS]   (per round; default 200 and 20)

import futureskit.ProcessPool;
import futureskit.ProcessPoolTasks;
import futureskit.cluster.Cluster;
import futureskit.cluster.ClusterTasks;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

static final int ROUNDS = 5;

/** Milliseconds per round trip, one task at a time: the median over ROUNDS rounds of {@code times} tasks. */
static double millis(ExecutorService executor, Callable<?> task, int times) throws Exception {
    for (int i = 0; i < times; i++) executor.submit(task).get(60, TimeUnit.SECONDS); // warm-up: JIT, connections
    double[] perTask = new double[ROUNDS];
    for (int r = 0; r < ROUNDS; r++) {
        long t0 = System.nanoTime();
        for (int i = 0; i < times; i++) executor.submit(task).get(60, TimeUnit.SECONDS);
        perTask[r] = (System.nanoTime() - t0) / 1e6 / times;
    }
    Arrays.sort(perTask);
    return perTask[ROUNDS / 2];
}

void main(String... args) throws Exception {
    int tiny = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int big = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    byte[] megabyte = new byte[1 << 20];
    IO.println("%d cores, load average %.2f before".formatted(Runtime.getRuntime().availableProcessors(), Bench.loadAverage()));

    double[] thread, process, cluster;
    try (var pool = Executors.newFixedThreadPool(1)) {
        thread = new double[] {millis(pool, new ProcessPoolTasks.Pid(), tiny), millis(pool, new ProcessPoolTasks.Echo(megabyte), big)};
    }
    long t0 = System.nanoTime();
    try (var pool = new ProcessPool(1)) {
        process = new double[] {millis(pool, new ProcessPoolTasks.Pid(), tiny), millis(pool, new ProcessPoolTasks.Echo(megabyte), big)};
    }
    double processSeconds = (System.nanoTime() - t0) / 1e9;
    t0 = System.nanoTime();
    try (var c = Cluster.start(3)) {
        IO.println("3 members started in %.1fs".formatted((System.nanoTime() - t0) / 1e9));
        var executor = c.executor();
        cluster = new double[] {millis(executor, new ClusterTasks.Where(), tiny), millis(executor, new ClusterTasks.Echo(megabyte), big)};
    }
    IO.println("(ProcessPool part, one worker JVM started and stopped: %.1fs)".formatted(processSeconds));
    IO.println();
    IO.println("round trip, one task at a time   empty task    ratio    1 MB there and back    ratio");
    IO.println("thread pool (1 thread)          %8.3f ms   %6s    %8.3f ms           %6s".formatted(thread[0], "1x", thread[1], "1x"));
    IO.println("ProcessPool (1 worker JVM)      %8.3f ms   %5.0fx    %8.3f ms           %5.0fx".formatted(process[0], process[0] / thread[0], process[1], process[1] / thread[1]));
    IO.println("Hazelcast (3 members, loopback) %8.3f ms   %5.0fx    %8.3f ms           %5.0fx".formatted(cluster[0], cluster[0] / thread[0], cluster[1], cluster[1] / thread[1]));
    IO.println("cluster / ProcessPool           %11.1fx             %11.1fx".formatted(cluster[0] / process[0], cluster[1] / process[1]));
    IO.println("load average %.2f after".formatted(Bench.loadAverage()));
}
