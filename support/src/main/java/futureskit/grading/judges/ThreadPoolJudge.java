package futureskit.grading.judges;

import futureskit.Fixtures;
import futureskit.FlagServer.Config;
import futureskit.FlagServer.Mode;
import futureskit.grading.Judge;
import futureskit.grading.TrialContext;
import futureskit.grading.Verdict;
import futureskit.grading.Verdict.Line;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import static futureskit.grading.judges.Evidence.seconds;
import static futureskit.grading.judges.Evidence.fmt;
import static futureskit.grading.judges.Evidence.savedProblems;
import static futureskit.grading.judges.Evidence.summarize;

/**
 * Exercise 02a: the sequential downloadMany turned into a thread pool. The server says how many requests were
 * in flight at once; the saved files must match their digests.
 */
public final class ThreadPoolJudge implements Judge {

    @Override
    public Verdict judge(TrialContext c) {
        double latency = 0.15;
        var server = c.server(Config.of(Mode.DELAY).withDelay(latency));
        Path dir = c.useServer(server.baseUrl());
        List<String> ccs = Fixtures.POP20_CC;
        double sequential = ccs.size() * latency;
        c.doing("ThreadPool.downloadMany(POP20_CC): 20 flags from a server with " + latency + " s latency");
        long t0 = System.nanoTime();
        Object result = c.call("ThreadPool", "downloadMany", ccs);
        double secs = seconds(t0);
        var problems = savedProblems(dir, ccs);
        var stats = server.stats();
        String seen = String.format(Locale.ROOT, "%d flags saved in %.2f s, at most %d request%s in flight",
                ccs.size() - problems.size(), secs, stats.maxInFlight(), stats.maxInFlight() == 1 ? "" : "s");
        if (!problems.isEmpty()) {
            return Verdict.fail(problems.size() + " of 20 flags were missing or wrong when downloadMany returned",
                    List.of(Line.expected("20 flags saved in the downloads folder, each matching its digest"),
                            Line.seen(seen + "; " + summarize(problems)),
                            Line.next("wait for every task before returning: closing the executor (try-with-resources) waits for them")));
        }
        if (!(result instanceof Integer n) || n != ccs.size()) {
            return Verdict.fail("downloadMany returned " + result + " instead of 20 (the number of flags downloaded)",
                    List.of(Line.seen(seen), Line.next("count the results of your futures and return that count")));
        }
        if (stats.maxInFlight() <= 1) {
            return Verdict.fail("the server never saw more than 1 request at a time",
                    List.of(Line.expected("several downloads in flight at once, about " + latency + " s in all instead of "
                                    + fmt(sequential) + " s"),
                            Line.seen(seen + ": one after the other, as in the sequential version"),
                            Line.next("run downloadOne(cc) as tasks on a pool: submit one for every cc first, and only then"
                                    + " collect the results (a get() right after each submit waits for that download"
                                    + " before the next one starts)")));
        }
        // A pool sized for the downloads has most of them in flight together; 5 leaves room for a busy machine.
        if (stats.maxInFlight() < 5) {
            return Verdict.fail("the server saw at most " + stats.maxInFlight() + " requests at a time",
                    List.of(Line.expected("about 20 downloads in flight at once: they mostly wait on the network"),
                            Line.seen(seen),
                            Line.next("size the pool for I/O-bound work: workers = min(MAX_WORKERS, ccs.size())")));
        }
        return Verdict.pass(String.format(Locale.ROOT, "20 flags in %.2f s with up to %d requests in flight"
                                + " (one after the other: at least %s s)", secs, stats.maxInFlight(), fmt(sequential)),
                List.of(Line.seen(seen + "; every flag matches its digest")));
    }
}
