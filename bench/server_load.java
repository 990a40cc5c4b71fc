///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 25+
//SOURCES ../support/src/main/java/futureskit/FlagServer.java
//SOURCES ../support/src/main/java/futureskit/Fixtures.java

// How much does the embedded flag server cost? N concurrent GETs against a DELAY server: if the server is
// not the bottleneck, all of them finish in about one latency. Usage: jbang bench/server_load.java [N] [DELAY]

import futureskit.FlagServer;
import futureskit.FlagServer.Config;
import futureskit.FlagServer.Mode;
import futureskit.Fixtures;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Locale;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    double delay = args.length > 1 ? Double.parseDouble(args[1]) : 0.5;
    var codes = Fixtures.countryCodes();
    try (var server = FlagServer.start(Config.of(Mode.DELAY).withDelay(delay));
         var threads = Executors.newVirtualThreadPerTaskExecutor();
         var client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(threads).build()) {
        IO.println(n + " concurrent GETs, one virtual thread each, against " + server);
        round(client, server, codes.subList(0, 50), 50, threads);   // warm-up: JIT, class loading
        double best = Double.MAX_VALUE;
        for (int i = 1; i <= 3; i++) {
            server.resetStats();
            long start = System.nanoTime();
            // When did the last request reach the server? What is left after that is the server's share.
            var arrived = threads.submit(() -> {
                while (server.stats().requests() < n) {
                    Thread.sleep(2);
                }
                return (System.nanoTime() - start) / 1e9;
            });
            var statuses = round(client, server, codes, n, threads);
            double elapsed = (System.nanoTime() - start) / 1e9;
            best = Math.min(best, elapsed);
            var stats = server.stats();
            IO.println(String.format(Locale.ROOT, "round %d: %d requests in %.2fs (ideal %.2fs, ratio %.2f), all arrived after %.2fs,"
                            + " max in flight %d, statuses %s",
                    i, n, elapsed, delay, elapsed / delay, arrived.get(), stats.maxInFlight(), statuses));
        }
        // The issue's bar: 1000 requests of 0.5 s in under 1.5 s, i.e. within 3 latencies.
        IO.println(String.format(Locale.ROOT, "best %.2fs = %.2f x the latency: %s", best, best / delay,
                best < 3 * delay ? "under 3 latencies, the server is not the bottleneck"
                        : "over 3 latencies: requests queue somewhere (a loaded machine?)"));
    }
}

TreeMap<Integer, Integer> round(HttpClient client, FlagServer server, java.util.List<String> codes, int n,
                                java.util.concurrent.ExecutorService threads) throws Exception {
    var futures = new ArrayList<Future<Integer>>();
    for (int i = 0; i < n; i++) {
        var request = HttpRequest.newBuilder(URI.create(server.flagUrl(codes.get(i % codes.size()))))
                .timeout(Duration.ofSeconds(60)).build();
        futures.add(threads.submit(() -> client.send(request, HttpResponse.BodyHandlers.ofByteArray()).statusCode()));
    }
    var statuses = new TreeMap<Integer, Integer>();
    for (var future : futures) {
        int status;
        try {
            status = future.get();
        } catch (java.util.concurrent.ExecutionException e) {
            status = -1;   // connection refused or reset: the client never got an answer
        }
        statuses.merge(status, 1, Integer::sum);
    }
    return statuses;
}
