///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 25+
//SOURCES lesson8_common.java

// Lesson 8: hedged requests. Each flag is asked of two mirrors at once; invokeAny keeps the first answer and
// cancels the other request, which on a virtual thread closes its socket: the slower mirror sees its client go.
// Both embedded mirrors answer in 0.05-0.3 s but stall on a fifth of the flags (no answer, ever), each on other
// flags: alone, either one would hang the download; hedged, every flag arrives, at the price of a second request.
//
//   jbang jbang/flags_hedged.java

import futureskit.FlagServer;
import futureskit.FlagServer.Config;
import futureskit.FlagServer.Mode;
import futureskit.Flags;

/** The flag from whichever mirror answers first; the other request is cancelled. */
byte[] getFlagHedged(String cc, List<String> mirrors) throws Exception {
    List<Callable<byte[]>> asks = mirrors.stream()
            .map(mirror -> (Callable<byte[]>) () -> Flags.getFlag(mirror, cc))
            .toList();
    try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
        return executor.invokeAny(asks);  // the first success; the losers are interrupted
    }
}

void main(String[] args) throws Exception {
    lesson8_common.parse("flags_hedged", """
            usage: flags_hedged
            Downloads the 20 flags, each from two embedded mirrors at once (0.05-0.3 s per request, and
            each stalls on other flags), keeping the first answer; prints what each mirror saw.""", args, Map.of());
    lesson8_common.warmUp();
    // Seed 23 (the mirror's is 24): no flag stalls on both, and where both answer, their latencies differ by 50 ms
    // or more, so the slower one is cancelled before it answers, however busy the machine.
    try (var site = FlagServer.start(Config.of(Mode.DELAY).withDelay(0.05, 0.3).withStallRate(0.2).withSeed(23));
         var mirror = site.mirror(0.05, 0.3)) {   // the same latencies and stall rate, drawn apart
        System.out.println("alone, the site would stall on " + lesson8_common.codes(stalling(site))
                + ", the mirror on " + lesson8_common.codes(stalling(mirror)));
        var mirrors = List.of(site.baseUrl(), mirror.baseUrl());
        long t0 = System.nanoTime();
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            var flags = new ArrayList<Future<byte[]>>();
            for (String cc : Flags.POP20_CC) flags.add(executor.submit(() -> getFlagHedged(cc, mirrors)));
            for (var flag : flags) flag.get();
        }
        System.out.printf("hedged: 20 flags in %.2fs%n", (System.nanoTime() - t0) / 1e9);
        for (var server : List.of(site, mirror)) {
            var stats = server.stats();
            server.awaitAbandoned((int) (stats.requests() - stats.count(200)), Duration.ofSeconds(1));
            stats = server.stats();
            System.out.printf("%s: %d requests, %d answered first, %d cancelled by the client (abandoned)%n",
                    server == site ? "site  " : "mirror", stats.requests(), stats.count(200), stats.undelivered());
        }
    }
}

/** The flags this server stalls on, as its seed decides. */
List<String> stalling(FlagServer server) {
    return Flags.POP20_CC.stream().filter(cc -> server.config().firstOutcome(cc).stalls()).toList();
}
