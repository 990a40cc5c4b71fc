///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 25+
//SOURCES ../support/src/main/java/futureskit/ThreadDumps.java

// Two recipes from the concurrent.futures tutorial, in Java:
//   1. collect results inside the executor's try block (each as it completes) versus after it (all at once);
//   2. map every input to its result: a pass-through record versus a Map<Future<R>, Input>.
//
//   jbang jbang/progress_recipes.java                 the tutorial's delays (5 s, 5.5 s, 6 s): about 13 s
//   jbang jbang/progress_recipes.java --scale 0.1     every delay times 0.1
//   --threads lists live non-daemon threads at exit (there should be none: every pool is closed)

import futureskit.ThreadDumps;

static double scale = 1;
static long start;

record Job(String name, double seconds) {}

static final List<Job> JOBS = List.of(new Job("slow", 6), new Job("fast", 5), new Job("medium", 5.5));

static String work(Job job) throws InterruptedException {
    Thread.sleep(Duration.ofMillis(Math.round(job.seconds() * scale * 1000)));
    return job.name();
}

static String at() {
    return "at %.2f s".formatted((System.nanoTime() - start) / 1e9);
}

/** Inside the block: take each future as it completes, so each result is usable as soon as it exists. */
static void inside() throws Exception {
    IO.println("results collected inside the executor block, in completion order:");
    start = System.nanoTime();
    try (var pool = Executors.newFixedThreadPool(JOBS.size())) {
        var completion = new ExecutorCompletionService<String>(pool);
        JOBS.forEach(job -> completion.submit(() -> work(job)));
        for (int i = 0; i < JOBS.size(); i++) {
            IO.println("  %-6s %s".formatted(completion.take().get(), at()));
        }
    }
}

/** After the block: close() has waited for every task, so every result appears together, at the slowest. */
static void outside() throws Exception {
    IO.println("results collected after the executor block (close() waited for all tasks):");
    start = System.nanoTime();
    var futures = new ArrayList<Future<String>>();
    try (var pool = Executors.newFixedThreadPool(JOBS.size())) {
        JOBS.forEach(job -> futures.add(pool.submit(() -> work(job))));
    }
    for (var future : futures) IO.println("  %-6s %s".formatted(future.get(), at()));
}

record Squared(int input, int result) {}

static int slowSquare(int n) throws InterruptedException {
    Thread.sleep(Duration.ofMillis(Math.round((6 - n) * 0.5 * scale * 1000)));  // bigger inputs finish first
    return n * n;
}

/** Recipe 2a: the task hands its input back with the result, so completion order needs no lookup. */
static void passThrough(List<Integer> inputs) throws Exception {
    IO.println("input -> result, the task returns a record carrying its input:");
    try (var pool = Executors.newFixedThreadPool(inputs.size())) {
        var completion = new ExecutorCompletionService<Squared>(pool);
        inputs.forEach(n -> completion.submit(() -> new Squared(n, slowSquare(n))));
        for (int i = 0; i < inputs.size(); i++) {
            var squared = completion.take().get();
            IO.println("  %d -> %d".formatted(squared.input(), squared.result()));
        }
    }
}

/** Recipe 2b: the tutorial's {future: input} dict; the completion service hands back the very same Future. */
static void futureToInput(List<Integer> inputs) throws Exception {
    IO.println("input -> result, a Map<Future<Integer>, Integer> finds the input of each completed future:");
    try (var pool = Executors.newFixedThreadPool(inputs.size())) {
        var completion = new ExecutorCompletionService<Integer>(pool);
        var inputOf = new HashMap<Future<Integer>, Integer>();
        inputs.forEach(n -> inputOf.put(completion.submit(() -> slowSquare(n)), n));
        for (int i = 0; i < inputs.size(); i++) {
            var future = completion.take();
            IO.println("  %d -> %d".formatted(inputOf.get(future), future.get()));
        }
    }
}

void main(String... args) throws Exception {
    boolean listThreads = false;
    for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
            case "--scale" -> scale = Double.parseDouble(args[++i]);
            case "--threads" -> listThreads = true;
            default -> {
                System.err.println("usage: progress_recipes.java [--scale FACTOR] [--threads]");
                System.exit(2);
            }
        }
    }
    IO.println("jobs submitted in this order: " + JOBS.stream()
            .map(job -> "%s (%.2f s)".formatted(job.name(), job.seconds() * scale)).toList());
    inside();
    outside();
    var inputs = List.of(1, 2, 3, 4, 5);
    passThrough(inputs);
    futureToInput(inputs);
    var leftovers = ThreadDumps.nonDaemonThreadsLeft(Duration.ofSeconds(2));  // a closed pool's workers end just after close()
    if (listThreads) IO.println("live non-daemon threads besides main: " + (leftovers.isEmpty() ? "none" : leftovers));
}
