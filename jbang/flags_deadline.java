///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 25+
//SOURCES lesson8_common.java

// Lesson 8: one deadline for a whole batch. invokeAll(tasks, timeout) returns when every download is done or
// when the deadline passes, and cancels what is still running. On virtual threads the cancel (an interrupt)
// closes each stalled request's socket, so the server sees its client go. The embedded server answers in
// 0.1-0.3 s, fails some flags (418, 500, 503) and stalls on others (no answer, ever):
//
//   jbang jbang/flags_deadline.java                  # 1 s for the 20 flags
//   jbang jbang/flags_deadline.java --deadline 0.2   # a deadline shorter than some answers

import futureskit.FlagServer;
import futureskit.FlagServer.Config;
import futureskit.FlagServer.Mode;
import futureskit.Flags;

record Batch(List<String> done, List<String> cancelled, List<String> failed) {}

Batch downloadMany(List<String> ccList, String baseUrl, Duration deadline) throws InterruptedException {
    var done = new ArrayList<String>();
    var cancelled = new ArrayList<String>();
    var failed = new ArrayList<String>();
    try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
        List<Callable<byte[]>> tasks = ccList.stream()
                .map(cc -> (Callable<byte[]>) () -> Flags.getFlag(baseUrl, cc))
                .toList();
        var futures = executor.invokeAll(tasks, deadline.toNanos(), TimeUnit.NANOSECONDS);  // one deadline
        for (int i = 0; i < futures.size(); i++) {
            String cc = ccList.get(i);
            switch (futures.get(i).state()) {
                case SUCCESS -> done.add(cc);
                case FAILED -> failed.add(cc);        // the server answered with an error in time
                case CANCELLED -> cancelled.add(cc);  // still running at the deadline
                case RUNNING -> throw new IllegalStateException("invokeAll returns finished futures only");
            }
        }
    }  // close() waits for the cancelled tasks: interrupted virtual threads end at once
    return new Batch(done, cancelled, failed);
}

void main(String[] args) throws Exception {
    var options = lesson8_common.parse("flags_deadline", """
            usage: flags_deadline [--deadline SECONDS]
            Downloads the 20 flags under one deadline (default 1 s) from an embedded server on which
            some flags stall and some fail; prints what arrived, what was cancelled, what failed,
            and what the server saw of the cancelled requests.""", args, Map.of("deadline", 1.0));
    var deadline = Duration.ofNanos(Math.round(options.get("deadline") * 1e9));
    var config = Config.of(Mode.DELAY).withDelay(0.1, 0.3).withErrorRate(0.2).withStallRate(0.2).withSeed(8);
    lesson8_common.warmUp();
    try (var server = FlagServer.start(config)) {
        System.out.println(server);
        long t0 = System.nanoTime();
        var batch = downloadMany(Flags.POP20_CC, server.baseUrl(), deadline);
        System.out.printf("%d flags downloaded, %d cancelled, %d failed in %.2fs (deadline %ss)%n", batch.done().size(),
                batch.cancelled().size(), batch.failed().size(), (System.nanoTime() - t0) / 1e9, options.get("deadline"));
        System.out.println("cancelled: " + lesson8_common.codes(batch.cancelled()) + "; failed: " + lesson8_common.codes(batch.failed()));
        System.out.println(lesson8_common.abandoned(server, batch.cancelled().size(), t0 + deadline.toNanos()));
        System.out.println("server: " + server.stats());
    }
}
