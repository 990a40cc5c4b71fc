package futureskit.grading.judges;

import futureskit.Fixtures;
import futureskit.FlagServer.Config;
import futureskit.FlagServer.Mode;
import futureskit.grading.Judge;
import futureskit.grading.TrialContext;
import futureskit.grading.Verdict;
import futureskit.grading.Verdict.Line;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static futureskit.grading.judges.Evidence.seconds;
import static futureskit.grading.judges.Evidence.savedProblems;
import static futureskit.grading.judges.Evidence.summarize;

/**
 * Exercise 06b: at most N requests in flight, as the server counts them, with N = 3 and then 7.
 */
public final class ThrottleJudge implements Judge {

    @Override
    public Verdict judge(TrialContext c) {
        double latency = 0.15;
        var server = c.server(Config.of(Mode.DELAY).withDelay(latency));
        List<String> ccs = Fixtures.countryCodes().subList(0, 21);
        var seen = new ArrayList<String>();
        for (int limit : new int[] {3, 7}) {
            Path dir = c.useServer(server.baseUrl());
            server.resetStats();
            c.doing("Throttle.downloadMany(21 codes, " + limit + "): latency " + latency + " s, at most " + limit + " in flight");
            long t0 = System.nanoTime();
            Object result = c.call("Throttle", "downloadMany", ccs, limit);
            double secs = seconds(t0);
            var stats = server.stats();
            var problems = savedProblems(dir, ccs);
            String line = String.format(Locale.ROOT, "limit %d: at most %d in flight, 21 flags in %.2f s", limit, stats.maxInFlight(), secs);
            seen.add(line);
            if (!problems.isEmpty()) {
                return Verdict.fail(problems.size() + " of 21 flags were missing or wrong when downloadMany returned",
                        List.of(Line.seen(line + "; " + summarize(problems)),
                                Line.next("wait for every download before returning (close the executor)")));
            }
            if (!(result instanceof Integer n) || n != ccs.size()) {
                return Verdict.fail("downloadMany returned " + result + " instead of 21",
                        List.of(Line.next("return the number of flags downloaded")));
            }
            if (stats.maxInFlight() > limit) {
                return Verdict.fail("the server saw " + stats.maxInFlight() + " requests at once; the limit was " + limit,
                        List.of(Line.expected("never more than " + limit + " requests in flight"),
                                Line.seen(line),
                                Line.next("hold a permit for the whole download: semaphore.acquire() before getFlag,"
                                        + " release() in a finally block after it (a Semaphore(maxInFlight))")));
            }
            if (stats.maxInFlight() < 2) {
                return Verdict.fail("the server never saw more than 1 request at a time (limit " + limit + ")",
                        List.of(Line.expected("up to " + limit + " downloads in flight: a throttle, not a queue of one"),
                                Line.seen(line),
                                Line.next("start a task per flag and let the semaphore hold back all but " + limit)));
            }
        }
        return Verdict.pass("the throttle held: " + String.join("; ", seen), List.of());
    }
}
