///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 25+
//SOURCES ../support/src/main/java/futureskit/ThreadDumps.java

// The nested-wait deadlock from the concurrent.futures docs, in Java, made safe: the main thread waits
// for results with a deadline, so a deadlocked pool is diagnosed (thread dump) and ended instead of hanging.
//
//   jbang jbang/deadlock.java                     one worker, one task that waits on a nested task: deadlock
//   jbang jbang/deadlock.java --starvation        N workers, N such tasks: every worker stuck (N = 4)
//   jbang jbang/deadlock.java --fix compose       the same work done right; fixes: return-future,
//                                                 more-workers, compose, virtual, forkjoin
//   options: --tasks N (how many outer tasks), --timeout SECONDS (default 2; raise it to try jcmd),
//            --threads (list live non-daemon threads at exit)
// Exit status: 0 every result arrived, 1 deadlock detected (and ended), 2 usage error, 3 a thread leaked.

import futureskit.ThreadDumps;

static final String WORKER = "pool-worker-";
static final ThreadFactory WORKERS = Thread.ofPlatform().name(WORKER, 1).factory();
static final List<String> FIXES = List.of("none", "return-future", "more-workers", "compose", "virtual", "forkjoin");
static final long START = System.nanoTime();
static final String USAGE = """
        usage: deadlock.java [--fix none|return-future|more-workers|compose|virtual|forkjoin] [--starvation]
                             [--tasks N] [--timeout SECONDS] [--threads]
          --fix          how the outer task gets its result (none: blocks a worker on the same pool)
          --starvation   4 outer tasks on 4 workers (or --tasks N) instead of 1 on 1
          --timeout      how long main waits before diagnosing a deadlock (default 2)
          --threads      list live non-daemon threads at exit
        exit status: 0 every result arrived, 1 deadlock detected (and ended), 2 usage error, 3 a thread leaked""";

record Answer(int base, long value, String outerThread, String innerThread) {
    @Override public String toString() {
        return "pow(%d, 2) = %d  (outer task on %s, inner task on %s)".formatted(base, value, outerThread, innerThread);
    }
}

static String threadName() {
    var name = Thread.currentThread().getName();
    return name.isEmpty() ? Thread.currentThread().toString() : name;
}

/** The inner task: what the docs' example submits, pow(5, 2). */
static long pow(int base, int exponent) {
    return (long) Math.pow(base, exponent);
}

static CountDownLatch together;

/** The mistake: a task that blocks a pool thread on a task queued to the same pool. */
static Answer waitOnFuture(ExecutorService pool, int base) throws Exception {
    var outerThread = threadName();
    // Start together, as under load: each outer task holds its worker before any submits its inner task.
    // Otherwise it's a race: while a pool is still growing, a submitted task gets a new worker of its own.
    together.countDown();
    together.await(1, TimeUnit.SECONDS);
    Future<String> inner = pool.submit(() -> pow(base, 2) + " " + threadName());
    var parts = inner.get().split(" ", 2);   // parks this worker until some worker runs the inner task
    return new Answer(base, Long.parseLong(parts[0]), outerThread, parts[1]);
}

/** Fix: don't wait inside; return the inner future and let the caller (not a pool thread) unwrap it. */
static Future<Answer> returnFuture(ExecutorService pool, int base) {
    var outerThread = threadName();
    return pool.submit(() -> new Answer(base, pow(base, 2), outerThread, threadName()));
}

/** Fix: no thread waits at all; thenCompose chains the inner task when the outer one completes. */
static CompletableFuture<Answer> compose(ExecutorService pool, int base) {
    return CompletableFuture.supplyAsync(() -> threadName(), pool)
            .thenCompose(outerThread -> CompletableFuture.supplyAsync(
                    () -> new Answer(base, pow(base, 2), outerThread, threadName()), pool));
}

static ExecutorService newPool(String fix, int tasks) {
    return switch (fix) {
        case "more-workers" -> Executors.newFixedThreadPool(tasks + 1, WORKERS);  // one spare runs the inner tasks
        case "virtual" -> Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("virtual-", 1).factory());
        case "forkjoin" -> new ForkJoinPool(tasks);
        default -> Executors.newFixedThreadPool(tasks, WORKERS);                  // exactly one worker per task
    };
}

/** Submits every outer task the way the fix says and returns one future per answer, in submission order. */
static List<Future<Answer>> submitAll(String fix, ExecutorService pool, List<Integer> bases) throws Exception {
    var answers = new ArrayList<Future<Answer>>();
    switch (fix) {
        case "return-future" -> {
            var outers = new ArrayList<Future<Future<Answer>>>();
            for (int base : bases) outers.add(pool.submit(() -> returnFuture(pool, base)));
            for (var outer : outers) answers.add(outer.get(remaining(), TimeUnit.NANOSECONDS));  // unwrap outside the pool
        }
        case "compose" -> bases.forEach(base -> answers.add(compose(pool, base)));
        default -> bases.forEach(base -> answers.add(pool.submit(() -> waitOnFuture(pool, base))));
    }
    return answers;
}

static long deadline;

static long remaining() {
    return Math.max(0, deadline - System.nanoTime());
}

static String elapsed() {
    return "%.2f s".formatted((System.nanoTime() - START) / 1e9);
}

void main(String... args) throws Exception {
    var fix = "none";
    int tasks = 1;
    double timeout = 2;
    boolean listThreads = false;
    try {
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--fix" -> fix = args[++i];
                case "--starvation" -> tasks = 4;
                case "--tasks" -> tasks = Integer.parseInt(args[++i]);
                case "--timeout" -> timeout = Double.parseDouble(args[++i]);
                case "--threads" -> listThreads = true;
                case "--help", "-h" -> {
                    IO.println(USAGE);
                    return;
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (!FIXES.contains(fix)) throw new IllegalArgumentException("--fix must be one of " + FIXES);
        if (tasks < 1 || timeout <= 0) throw new IllegalArgumentException("--tasks and --timeout must be positive");
    } catch (RuntimeException e) {
        System.err.println("deadlock.java: " + e.getMessage() + "\n" + USAGE);
        System.exit(2);
    }

    together = new CountDownLatch(tasks);
    var bases = IntStream.rangeClosed(5, 4 + tasks).boxed().toList();
    IO.println("%d outer task(s), each submitting pow(base, 2) to the same pool and waiting for it; fix: %s"
            .formatted(tasks, fix));
    if (timeout >= 10) {
        IO.println("pid %d: while it waits, `jcmd %1$d Thread.print` dumps every thread".formatted(ProcessHandle.current().pid()));
    }
    deadline = System.nanoTime() + (long) (timeout * 1e9);
    boolean deadlocked = false;
    try (var pool = newPool(fix, tasks)) {
        IO.println("pool: " + describe(pool));
        try {
            for (var answer : submitAll(fix, pool, bases)) {
                IO.println(elapsed() + "  " + answer.get(remaining(), TimeUnit.NANOSECONDS));
            }
            IO.println("all %d result(s) in %s".formatted(tasks, elapsed()));
        } catch (TimeoutException e) {
            deadlocked = true;
            diagnose(pool, timeout);
        }
    }   // close() waits for the tasks: it returns at once here because the pool is done or was shut down now

    var leftovers = ThreadDumps.nonDaemonThreadsLeft(Duration.ofSeconds(2));  // each worker ends its thread just after close()
    if (listThreads || !leftovers.isEmpty()) {
        IO.println("live non-daemon threads besides main: " + (leftovers.isEmpty() ? "none" : leftovers));
    }
    if (!leftovers.isEmpty()) System.exit(3);
    if (deadlocked) System.exit(1);
}

static void diagnose(ExecutorService pool, double timeout) throws InterruptedException {
    IO.println("%s  no result after %.1f s: deadlock. Thread dump of the pool, taken while it is stuck:%n"
            .formatted(elapsed(), timeout));
    IO.println(ThreadDumps.of(WORKER).indent(4));
    IO.println("""
            Every worker is WAITING in FutureTask.get for a task that sits in the queue behind it.
            (`jcmd %d Thread.print` shows the same from outside; rerun with --timeout 60 to try it.)
            The rule: never block a pool thread on work queued to the same pool.
            """.formatted(ProcessHandle.current().pid()));
    // close() would wait forever for the stuck workers; shutdownNow() interrupts them out of get().
    var neverRun = pool.shutdownNow();
    var ended = pool.awaitTermination(5, TimeUnit.SECONDS);
    IO.println("shutdownNow() interrupted the workers (ended: %s, at %s) and returned the queued tasks they waited for:"
            .formatted(ended, elapsed()));
    neverRun.forEach(task -> IO.println("    " + task.toString().replaceAll(", task = .*]", "]")));
}

static String describe(ExecutorService pool) {
    return switch (pool) {
        case ThreadPoolExecutor tpe -> tpe.getMaximumPoolSize() + " platform worker thread(s)";
        case ForkJoinPool fjp -> "ForkJoinPool with parallelism " + fjp.getParallelism();
        default -> "a new virtual thread per task";
    };
}
