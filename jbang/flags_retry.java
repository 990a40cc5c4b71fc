///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 25+
//DEPS io.github.resilience4j:resilience4j-retry:2.4.0
//SOURCES lesson8_common.java

// Lesson 8: retries with backoff, from a well-kept library (Resilience4j), not a hand-written loop. A 418, 500
// or 503 from the embedded ERROR server is transient: the same request may succeed a moment later (the server
// draws each attempt's outcome anew), so it is retried after 50 ms, then 100 ms, then 200 ms, each wait with a
// random jitter so that many clients do not retry in lockstep. A 404 says the flag does not exist: asking
// again cannot change that, so it is never retried. The server's counts show both.
//
//   jbang jbang/flags_retry.java

import futureskit.FlagServer;
import futureskit.FlagServer.Config;
import futureskit.FlagServer.Mode;
import futureskit.Flags;
import futureskit.HttpStatusException;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;

static final RetryConfig RETRY = RetryConfig.custom()
        .maxAttempts(4)                                                            // the first try and 3 retries
        .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(Duration.ofMillis(50), 2.0, 0.5))
        .retryOnException(e -> !(e instanceof HttpStatusException h && h.code() == 404))   // 404: never
        .build();

void main(String[] args) throws Exception {
    lesson8_common.parse("flags_retry", """
            usage: flags_retry
            Downloads the 20 flags and two codes that have none (XX, ZZ) from an embedded server that fails
            40% of requests, retrying transient errors with exponential backoff (Resilience4j).""", args, Map.of());
    lesson8_common.warmUp();
    var ccs = new ArrayList<>(Flags.POP20_CC);
    ccs.addAll(List.of("XX", "ZZ"));
    try (var server = FlagServer.start(Config.of(Mode.ERROR).withDelay(0.02).withErrorRate(0.4).withSeed(5));
         var executor = Executors.newVirtualThreadPerTaskExecutor()) {
        System.out.println(server);
        var attempts = new ConcurrentHashMap<String, AtomicInteger>();
        var results = new LinkedHashMap<String, Future<String>>();
        for (String cc : ccs) {
            Callable<byte[]> once = () -> {
                attempts.computeIfAbsent(cc, k -> new AtomicInteger()).incrementAndGet();
                return Flags.getFlag(server.baseUrl(), cc);
            };
            Callable<byte[]> withRetries = Retry.decorateCallable(Retry.of(cc, RETRY), once);
            results.put(cc, executor.submit(() -> {
                try {
                    withRetries.call();
                    return "ok";
                } catch (HttpStatusException e) {
                    return e.code() == 404 ? "not found" : "error " + e.code();
                }
            }));
        }
        int ok = 0;
        for (var result : results.values()) if (result.get().equals("ok")) ok++;
        var retried = ccs.stream().filter(cc -> attempts.get(cc).get() > 1).map(cc -> cc + " " + attempts.get(cc)).toList();
        System.out.println("retried (attempts): " + String.join(", ", retried));
        System.out.printf("%d flags downloaded; XX %s and ZZ %s, asked %d and %d times%n", ok, results.get("XX").get(),
                results.get("ZZ").get(), attempts.get("XX").get(), attempts.get("ZZ").get());
        var stats = server.stats();
        System.out.printf("server: %s%n", stats);
        System.out.printf("server: %d requests for %d codes: %d retries of transient errors, 404s never retried%n",
                stats.requests(), ccs.size(), stats.requests() - ccs.size());
    }
}
