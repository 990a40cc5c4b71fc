package futureskit.grading.judges;

import futureskit.Events;
import futureskit.Fixtures;
import futureskit.FlagServer;
import futureskit.FlagServer.Config;
import futureskit.FlagServer.Mode;
import futureskit.grading.Judge;
import futureskit.grading.TrialContext;
import futureskit.grading.Verdict;
import futureskit.grading.Verdict.Line;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Exercise 08b: hedged requests. Two seeded mirrors answer in 0.05 s, and on each flag asked for exactly one of
 * them stalls (the first mirror on ID and PK, the second on CN and PH): the answer must come from the other in
 * about one latency, both must have been asked from the start, and the stalled mirror must see the losing
 * request go.
 */
public final class HedgedJudge implements Judge {

    static final double LATENCY = 0.05;
    /** With seeds 1 and 2 and half the requests stalling, mirror 1 stalls on ID and PK, mirror 2 on CN and PH. */
    static final List<String> CODES = List.of("ID", "CN", "PK", "PH");
    /** A right answer takes one latency; on a busy machine a few tenths of a second. */
    static final double SLOW = 0.4;

    @Override
    public Verdict judge(TrialContext c) {
        var first = c.server(Config.of(Mode.DELAY).withDelay(LATENCY).withStallRate(0.5).withSeed(1));
        var second = c.server(Config.of(Mode.DELAY).withDelay(LATENCY).withStallRate(0.5).withSeed(2));
        var mirrors = List.of(first.baseUrl(), second.baseUrl());
        c.useServer(first.baseUrl());
        c.doing("Flags.getFlag(\"CN\") to warm up the HTTP client (mirror 1 answers CN)");
        c.call("Flags", "getFlag", "CN");
        first.resetStats();   // the warm-up counts for nothing: CN's next request is its attempt 0 again
        var seconds = new ArrayList<Double>();
        var closes = new ArrayList<Double>();
        for (String cc : CODES) {
            boolean firstStalls = stalls(first.config(), cc);
            FlagServer stalled = firstStalls ? first : second;
            FlagServer answering = firstStalls ? second : first;
            String which = firstStalls ? "mirror 1" : "mirror 2";
            String other = firstStalls ? "mirror 2" : "mirror 1";
            long firstBefore = first.stats().requests();
            long secondBefore = second.stats().requests();
            int goneBefore = stalled.abandoned().size();
            Events.clear();
            String call = "Hedged.getFlag(\"" + cc + "\", [mirror 1, mirror 2])";
            c.doing(call + ": " + which + " stalls on " + cc + " (no answer, ever), " + other + " answers in 0.05 s");
            Cancellation.Timed timed;
            try {
                timed = Cancellation.call(c, 2.5, "Hedged", "getFlag", cc, mirrors);
            } catch (Cancellation.Stuck s) {
                long toFirst = first.stats().requests() - firstBefore;
                long toSecond = second.stats().requests() - secondBefore;
                if (toSecond == 0 || toFirst == 0) {
                    return Verdict.fail("only the " + (toSecond == 0 ? "first" : "second") + " mirror was asked for " + cc
                                    + ", and it stalls: getFlag was still waiting " + Evidence.fmt(s.seconds) + " s later",
                            List.of(Line.expected("a request to every mirror at once, the first answer kept: about 0.05 s"),
                                    Line.seen(String.format(Locale.ROOT, "requests for %s: %d to mirror 1, %d to mirror 2; still"
                                            + " running %s", cc, toFirst, toSecond, s.describe())),
                                    Line.next("a mirror that stalls never fails, so asking the next one after a failure waits"
                                            + " for ever: ask all mirrors at once with ExecutorService.invokeAny, one"
                                            + " Callable per mirror, () -> Flags.getFlag(mirror, cc)")));
                }
                return Verdict.fail(call + " was still running " + Evidence.fmt(s.seconds) + " s after it started",
                        List.of(Line.expected("the flag from " + other + " in about 0.05 s"),
                                Line.seen("still running " + s.describe() + "; both mirrors were asked"),
                                Line.next(s.method().equals("close") ? Cancellation.whyStillOpen(Cancellation.running())
                                        : "keep the first answer (invokeAny returns as soon as one request succeeds)")));
            }
            timed.rethrow();
            if (!(timed.value() instanceof byte[] bytes) || !Fixtures.matches(cc, bytes)) {
                return Verdict.fail("getFlag(\"" + cc + "\", mirrors) returned " + describe(timed.value()) + " instead of the flag of " + cc,
                        List.of(Line.next("return the bytes of the first answer (invokeAny returns the result of the task that"
                                + " succeeded first)")));
            }
            long toFirst = first.stats().requests() - firstBefore;
            long toSecond = second.stats().requests() - secondBefore;
            String seen = String.format(Locale.ROOT, "%s came back in %.2f s; requests for it: %d to mirror 1, %d to mirror 2",
                    cc, timed.seconds(), toFirst, toSecond);
            if (toFirst == 0 || toSecond == 0) {
                return Verdict.fail("only the " + (toSecond == 0 ? "first" : "second") + " mirror was asked for " + cc,
                        List.of(Line.expected("a request to every mirror at once: either may stall"), Line.seen(seen),
                                Line.next("ask all mirrors at once with ExecutorService.invokeAny, one Callable per mirror")));
            }
            if (timed.seconds() > SLOW) {
                double late = Events.of("getFlag").stream().mapToDouble(e -> (e.start() - timed.start()) / 1e9).max().orElse(0);
                return Verdict.fail(String.format(Locale.ROOT, "getFlag(\"%s\", mirrors) took %.2f s; the mirror that answers takes 0.05 s",
                                cc, timed.seconds()),
                        List.of(Line.expected("both mirrors asked at once, the first answer kept: about 0.05 s"),
                                Line.seen(seen + String.format(Locale.ROOT, "; the last request started %.2f s after the call", late)),
                                Line.next(late > 0.2 ? "you asked the second mirror only after giving up on the first: that is a"
                                        + " fallback, and every stall costs its timeout. Ask both at once (invokeAny)"
                                        : "return the first answer as soon as it arrives (invokeAny), without waiting for the other")));
            }
            var gone = Cancellation.awaitAbandoned(stalled, goneBefore + 1);
            if (gone.size() <= goneBefore) {
                return Verdict.fail("the stalled mirror still had the losing request for " + cc + " open 1 s after getFlag returned",
                        List.of(Line.expected("the losing request cancelled: " + which + " sees its connection close at once"),
                                Line.seen(seen + "; " + which + ": " + stalled.stats()),
                                Line.next(Cancellation.whyStillOpen(Cancellation.running()))));
            }
            long won = Events.of("getFlag").stream().filter(e -> e.outcome().equals("ok")).mapToLong(Events.Event::end).min()
                    .orElse(timed.start());
            closes.add(Math.max(0, (gone.getLast().seenNanos() - won) / 1e9));
            seconds.add(timed.seconds());
        }
        return Verdict.pass(String.format(Locale.ROOT, "4 flags, each from the mirror that answered, in %.2f-%.2f s",
                        min(seconds), max(seconds)),
                List.of(Line.seen("mirror 1 stalled on ID and PK, mirror 2 on CN and PH; both were asked every time"),
                        Line.server(String.format(Locale.ROOT, "the stalled mirror saw each losing request go %.0f-%.0f ms after"
                                + " the winning answer arrived", min(closes) * 1000, max(closes) * 1000))));
    }

    static boolean stalls(Config config, String cc) {
        return config.firstOutcome(cc).stalls();
    }

    private static String describe(Object value) {
        return value == null ? "null" : value instanceof byte[] b ? b.length + " bytes that are not its flag"
                : value.getClass().getSimpleName();
    }

    private static double min(List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).min().orElse(0);
    }

    private static double max(List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }
}
