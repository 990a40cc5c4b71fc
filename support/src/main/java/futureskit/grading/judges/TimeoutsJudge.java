package futureskit.grading.judges;

import futureskit.Fixtures;
import futureskit.FlagServer.Config;
import futureskit.FlagServer.Mode;
import futureskit.grading.Judge;
import futureskit.grading.TrialContext;
import futureskit.grading.Verdict;
import futureskit.grading.Verdict.Line;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import static futureskit.grading.judges.Evidence.seconds;
import static futureskit.grading.judges.Evidence.sleep;
import static futureskit.grading.judges.Evidence.summarize;
import static futureskit.grading.judges.Evidence.bytesMap;
import static futureskit.grading.judges.Evidence.mappingProblems;

/**
 * Exercise 06c: give up on a stalled server in time, and really cancel the late downloads (a relay counts the
 * connections left open).
 */
public final class TimeoutsJudge implements Judge {

    @Override
    public Verdict judge(TrialContext c) {
        List<String> ccs = Fixtures.POP20_CC;
        var fast = c.server(Config.of(Mode.LOCAL).withDelay(0.05));
        c.useServer(fast.baseUrl());
        Duration generous = Duration.ofSeconds(3);
        c.doing("Timeouts.downloadMany(POP20_CC, 3 s) against a fast server (0.05 s latency)");
        Object result = c.call("Timeouts", "downloadMany", ccs, generous);
        var flags = bytesMap(result, "downloadMany");
        var wrong = mappingProblems(flags, ccs);
        if (!wrong.isEmpty()) {
            return Verdict.fail("with a fast server and a 3 s timeout, the map should hold all 20 flags",
                    List.of(Line.seen(summarize(wrong)),
                            Line.next("put every flag that arrived in time into the map, keyed by its cc")));
        }
        var stalled = c.server(Config.of(Mode.DELAY).withDelay(60));
        try (var watch = new ConnectionWatch(stalled.port())) {
            c.useServer("http://127.0.0.1:" + watch.port() + "/flags");
            List<String> some = ccs.subList(0, 10);
            Duration timeout = Duration.ofSeconds(1);
            c.doing("Timeouts.downloadMany(10 codes, 1 s) against a server that stalls 60 s before answering");
            long t0 = System.nanoTime();
            Object late = c.call("Timeouts", "downloadMany", some, timeout);
            double secs = seconds(t0);
            var lateFlags = bytesMap(late, "downloadMany");
            int openAtReturn = watch.open();
            long deadline = System.nanoTime() + 2_000_000_000L;
            while (watch.open() > 0 && System.nanoTime() < deadline) {
                sleep(0.05);
            }
            int stillOpen = watch.open();
            var stats = stalled.stats();
            String seenLine = String.format(Locale.ROOT, "returned after %.2f s with %d flags; %d requests reached the server;"
                    + " %d connections open when it returned, %d two seconds later", secs, lateFlags.size(),
                    stats.requests(), openAtReturn, stillOpen);
            if (secs > timeout.toMillis() / 1000.0 + 1.0) {
                return Verdict.fail(String.format(Locale.ROOT, "downloadMany returned after %.1f s; the timeout was 1 s", secs),
                        List.of(Line.expected("return within about 1 s with the flags that arrived (none: the server stalls)"),
                                Line.seen(seenLine),
                                Line.next("an executor's close() waits for its tasks: cancel them first (invokeAll with a"
                                        + " timeout cancels the late ones), and make sure a cancelled download really stops")));
            }
            if (stats.requests() < some.size()) {
                return Verdict.fail("only " + stats.requests() + " of 10 requests reached the stalled server",
                        List.of(Line.expected("all 10 downloads started, then given up on after the timeout"),
                                Line.seen(seenLine), Line.next("start every download before waiting with the timeout")));
            }
            if (stillOpen > 0) {
                return Verdict.fail(stillOpen + " of 10 requests were still open on the server 2 s after downloadMany returned",
                        List.of(Line.expected("the late downloads cancelled: their connections closed"),
                                Line.seen(seenLine + ": abandoned, not cancelled"),
                                Line.next("cancel the late futures with cancel(true) and run the downloads on virtual threads"
                                        + " (an interrupt closes a virtual thread's socket), or cancel the OkHttp Call;"
                                        + " a platform thread blocked reading a socket ignores interrupts")));
            }
            return Verdict.pass(String.format(Locale.ROOT, "gave up on the stalled server after %.2f s and closed all 10 requests", secs),
                    List.of(Line.seen(seenLine), Line.more("the fast server's 20 flags all arrived within the 3 s timeout")));
        }
    }
}
