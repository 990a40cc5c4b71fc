///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 25+
//DEPS me.tongfei:progressbar:0.10.2
//RUNTIME_OPTIONS --enable-native-access=ALL-UNNAMED

// Callbacks: CompletableFuture in place of Python's Future.add_done_callback.
//   1. which thread runs a callback: the worker that completes the future, a thread waiting for it in join(), or
//      the caller if it is already done: never rely on it; the ...Async(fn, executor) forms choose the thread;
//   2. thenAccept, handle, exceptionally, whenComplete on a task that succeeds and one that fails;
//   3. a Callbacker object collects results from many workers (ConcurrentHashMap) and steps a progress bar;
//      the bar and the executor share one try-with-resources, declared so the executor closes first.
//
//   jbang jbang/callbacks_completable.java [--scale 0.5] [--wrong-order]
//   (--wrong-order declares the executor first: the bar then closes before the downloads end)

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

static final List<String> POP20_CC = List.of(
        "CN IN US ID BR PK NG BD RU JP MX PH VN ET EG DE IR TR CD FR".split(" "));
static final Set<String> BROKEN = Set.of("BR", "JP");   // their simulated download fails
static double scale = 1;

static void sleep(double seconds) {
    try {
        Thread.sleep(Duration.ofMillis(Math.round(seconds * scale * 1000)));
    } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CancellationException("interrupted");
    }
}

static String thread() {
    return Thread.currentThread().getName();
}

/** A stand-in for downloadOne: returns a size in bytes after 0.2 to 1 s; BR and JP fail like an HTTP 503. */
static int downloadOne(String cc) {
    var random = new SplittableRandom(cc.hashCode());   // java.util.Random barely varies between nearby seeds
    sleep(0.2 + random.nextDouble() * 0.8);
    if (BROKEN.contains(cc)) throw new IllegalStateException("HTTP 503 for " + cc);
    return 500 + random.nextInt(1000);
}

static ExecutorService newPool(String prefix, int workers) {
    return Executors.newFixedThreadPool(workers, Thread.ofPlatform().name(prefix, 1).factory());
}

static void whichThread() {
    IO.println("1. which thread runs a callback");
    try (var pool = newPool("worker-", 2)) {
        var pending = CompletableFuture.supplyAsync(() -> { sleep(0.3); return "slow"; }, pool);
        pending.thenAccept(r -> IO.println("   attached while pending  -> runs on " + thread()));
        var done = CompletableFuture.completedFuture("ready");
        done.thenAccept(r -> IO.println("   attached when complete  -> runs on " + thread()));
        pending.thenAcceptAsync(r -> IO.println("   thenAcceptAsync(pool)   -> runs on " + thread()), pool).join();
        // A thread waiting in join() helps: when it wakes up, it runs callbacks that are still pending.
        var slow = CompletableFuture.supplyAsync(() -> { sleep(0.3); return "slow"; }, pool);
        var ran = new ConcurrentSkipListMap<Integer, String>();
        var callbacks = IntStream.rangeClosed(1, 3)
                .mapToObj(n -> slow.thenRun(() -> { ran.put(n, thread()); sleep(0.3); }))
                .toList();
        slow.join();
        CompletableFuture.allOf(callbacks.toArray(CompletableFuture[]::new)).join();
        IO.println("   3 attached while pending, main waiting in join() -> ran on " + String.join(", ", ran.values()));
    }
}

static void successAndFailure() {
    IO.println("2. callbacks on success and on failure");
    try (var pool = newPool("worker-", 2)) {
        for (var cc : List.of("CN", "BR")) {
            var size = CompletableFuture.supplyAsync(() -> downloadOne(cc), pool);
            var accepted = size.thenAccept(n -> IO.println("   %s thenAccept: %d bytes (skipped when the task fails)".formatted(cc, n)));
            var described = size.handle((n, error) -> error == null ? n + " bytes" : "failed: " + error.getCause().getMessage());
            var recovered = size.exceptionally(error -> -1);
            var logged = size.whenComplete((n, error) -> IO.println("   %s whenComplete: runs either way, like finally".formatted(cc)));
            CompletableFuture.allOf(accepted, logged).exceptionally(error -> null).join();  // let the callbacks print first
            IO.println("   %s handle: %s; exceptionally: %d; whenComplete keeps the outcome: %s".formatted(
                    cc, described.join(), recovered.join(), logged.isCompletedExceptionally() ? "failed" : "succeeded"));
        }
    }
}

/** The tutorial's Callbacker: one object whose method is every future's done-callback. */
static final class Callbacker {
    private final ProgressBar bar;
    final Map<String, Integer> sizes = new ConcurrentHashMap<>();     // written by many workers at once
    final Map<String, String> errors = new ConcurrentHashMap<>();

    Callbacker(ProgressBar bar) { this.bar = bar; }

    void done(String cc, Integer size, Throwable error) {
        if (error == null) sizes.put(cc, size);
        else errors.put(cc, error.getCause().getMessage());
        bar.setExtraMessage(cc);
        bar.step();
    }
}

static void callbacker(boolean wrongOrder) {
    IO.println("3. a Callbacker collects results and steps the bar" + (wrongOrder ? " (executor declared first!)" : ""));
    var builder = new ProgressBarBuilder().setTaskName("downloads").setInitialMax(POP20_CC.size())
            .setUpdateIntervalMillis(100).setMaxRenderedLength(100);
    Callbacker callbacker;
    if (!wrongOrder) {
        // Resources close in reverse order: the executor first (it waits for every task and its callback), then the bar.
        try (var bar = builder.build(); var pool = newPool("downloader-", 8)) {
            callbacker = startDownloads(pool, bar);
        }
    } else {
        try (var pool = newPool("downloader-", 8); var bar = builder.build()) {
            callbacker = startDownloads(pool, bar);
        }   // the bar closes here, with downloads still running: its last line shows a partial count
    }
    IO.println("   %d sizes, %d errors %s, total %d bytes".formatted(callbacker.sizes.size(), callbacker.errors.size(),
            new TreeMap<>(callbacker.errors), callbacker.sizes.values().stream().mapToInt(Integer::intValue).sum()));
}

static Callbacker startDownloads(ExecutorService pool, ProgressBar bar) {
    var callbacker = new Callbacker(bar);
    for (var cc : POP20_CC) {
        CompletableFuture.supplyAsync(() -> downloadOne(cc), pool)
                .whenComplete((size, error) -> callbacker.done(cc, size, error));
    }
    return callbacker;
}

void main(String... args) {
    boolean wrongOrder = false;
    for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
            case "--scale" -> scale = Double.parseDouble(args[++i]);
            case "--wrong-order" -> wrongOrder = true;
            default -> {
                System.err.println("usage: callbacks_completable.java [--scale FACTOR] [--wrong-order]");
                System.exit(2);
            }
        }
    }
    whichThread();
    successAndFailure();
    callbacker(wrongOrder);
}
