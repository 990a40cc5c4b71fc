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

import static futureskit.grading.judges.Evidence.bytesMap;
import static futureskit.grading.judges.Evidence.mappingProblems;
import static futureskit.grading.judges.Evidence.summarize;

/**
 * Exercise 08c: the flags download as a StructuredTaskScope (a preview API of Java 25; the exercise's metadata
 * says {@code preview = true}, so the answer is compiled and run with it; this judge itself uses no preview API).
 * First a healthy server (all flags, concurrently); then a seeded one on which JP fails at once and the 19 other
 * flags stall: the call must fail fast with that failure, and the server must see the others go.
 */
public final class StructuredJudge implements Judge {

    /** With this seed, an error rate of 1 and 90% stalls, JP is the only flag of POP20_CC that does not stall: it fails (418). */
    static final long SEED = 3;
    static final String FAILS = "JP";

    @Override
    public Verdict judge(TrialContext c) {
        List<String> ccs = Fixtures.POP20_CC;
        var healthy = c.server(Config.of(Mode.DELAY).withDelay(0.1));
        c.useServer(healthy.baseUrl());
        c.doing("Structured.downloadMany(POP20_CC) against a server that answers every flag in 0.1 s");
        Cancellation.Timed first;
        try {
            first = Cancellation.call(c, 4.0, "Structured", "downloadMany", ccs);
        } catch (Cancellation.Stuck s) {
            return Verdict.fail("downloadMany was still running " + Evidence.fmt(s.seconds) + " s after it started, against a"
                            + " server that answers every flag in 0.1 s",
                    List.of(Line.seen("still running " + s.describe()), Line.server(healthy.stats().toString()),
                            Line.next("join the scope once, after forking every download, then read the subtasks' results")));
        }
        first.rethrow();
        var flags = bytesMap(first.value(), "downloadMany");
        var wrong = mappingProblems(flags, ccs);
        var stats = healthy.stats();
        String seenFirst = String.format(Locale.ROOT, "%d flags in %.2f s, at most %d request%s in flight", ccs.size() - wrong.size(),
                first.seconds(), stats.maxInFlight(), stats.maxInFlight() == 1 ? "" : "s");
        if (!wrong.isEmpty()) {
            return Verdict.fail("with a healthy server, the map should hold all 20 flags",
                    List.of(Line.seen(seenFirst + ": " + summarize(wrong)),
                            Line.next("after join(), put each subtask's get() into the map under its cc")));
        }
        if (stats.maxInFlight() < 5) {
            return Verdict.fail(stats.maxInFlight() <= 1 ? "the downloads ran one after the other"
                            : "the server saw at most " + stats.maxInFlight() + " requests at a time",
                    List.of(Line.expected("every download a subtask of one scope, all in flight at once: about 0.1 s"),
                            Line.seen(seenFirst),
                            Line.next("open a StructuredTaskScope and fork one subtask per cc, scope.fork(() -> Flags.getFlag(cc)),"
                                    + " before you join: each subtask runs on a virtual thread of its own")));
        }

        var config = Config.of(Mode.DELAY).withDelay(0.05).withErrorRate(1).withStallRate(0.9).withSeed(SEED);
        int status = config.firstOutcome("JP").errorStatus();
        int stalled = ccs.size() - 1;
        var failing = c.server(config);
        c.useServer(failing.baseUrl());
        String failure = FAILS + " failed (HTTP " + status + ") after 0.05 s";
        c.doing("Structured.downloadMany(POP20_CC) against a server on which JP fails at once and the 19 others stall");
        Cancellation.Timed second;
        try {
            second = Cancellation.call(c, 2.5, "Structured", "downloadMany", ccs);
        } catch (Cancellation.Stuck s) {
            boolean scope = s.waitingIn.contains("StructuredTaskScope");
            return Verdict.fail("downloadMany did not fail fast: " + failure + ", and it was still waiting "
                            + Evidence.fmt(s.seconds) + " s after it started",
                    List.of(Line.expected("the first failure cancels the other downloads and ends the call at once"),
                            Line.seen("still running " + s.describe() + "; the server: " + failing.stats()),
                            Line.next(scope && s.method().equals("join")
                                    ? "the scope's joiner waits for every subtask, failed or not (Joiner.awaitAll does):"
                                    + " StructuredTaskScope.open() joins with \"all successful or throw\", which cancels the"
                                    + " others at the first failure"
                                    : "an executor waits for every task, and these never end: fork the downloads in a"
                                    + " StructuredTaskScope.open(), whose first failure cancels the others")));
        }
        if (second.thrown() == null) {
            int got = second.value() instanceof java.util.Map<?, ?> m ? m.size() : 0;
            return Verdict.fail("downloadMany returned instead of failing: " + failure,
                    List.of(Line.expected("the call fails with that failure (HttpStatusException in the cause chain)"),
                            Line.seen(String.format(Locale.ROOT, "returned after %.2f s with %d flag%s", second.seconds(), got, got == 1 ? "" : "s")),
                            Line.next("let the failure out: join() throws a StructuredTaskScope.FailedException whose cause is the"
                                    + " download's exception; catching it turns a failed download into a smaller map that"
                                    + " looks fine")));
        }
        Throwable thrown = second.learnerException();
        String chain = chain(thrown);
        if (!chain.contains("HttpStatusException")) {
            return Verdict.fail("downloadMany threw " + thrown.getClass().getSimpleName() + ", but not because of the failed download",
                    List.of(Line.expected("the HTTP error of " + FAILS + " (HttpStatusException) in the cause chain"),
                            Line.seen(chain),
                            Line.next("keep the cause when you rethrow: join()'s FailedException has the download's exception as its cause")));
        }
        if (second.seconds() > 0.6) {
            return Verdict.fail(String.format(Locale.ROOT, "downloadMany failed only after %.2f s: %s", second.seconds(), failure),
                    List.of(Line.seen(chain), Line.next("the first failure must end the call: StructuredTaskScope.open() cancels the"
                            + " others as soon as one subtask fails")));
        }
        var gone = Cancellation.awaitAbandoned(failing, stalled);
        if (gone.size() < stalled) {
            var running = Cancellation.running();
            int open = stalled - gone.size();
            return Verdict.fail(open + " of the " + stalled + " stalled downloads were still running after downloadMany threw",
                    List.of(Line.expected("no thread outlives the scope: the server sees every other request go at once"),
                            Line.seen(String.format(Locale.ROOT, "threw after %.2f s (%s); the server saw %d of %d requests go; %d"
                                    + " platform thread%s still downloading", second.seconds(), chain, gone.size(), stalled,
                                    running.platform(), running.platform() == 1 ? "" : "s")),
                            Line.next(running.notInterrupted() > 0
                                    ? "they run on threads the scope does not own, and no one interrupted them: fork the downloads"
                                    + " themselves, scope.fork(() -> Flags.getFlag(cc)); work handed to another executor outlives"
                                    + " the scope"
                                    : Cancellation.whyStillOpen(running))));
        }
        long failedAt = Events.of("getFlag").stream().filter(e -> e.key().equalsIgnoreCase(FAILS)).mapToLong(Events.Event::end)
                .min().orElse(second.start());
        double latest = gone.stream().mapToDouble(a -> (a.seenNanos() - failedAt) / 1e9).max().orElse(0);
        return Verdict.pass(String.format(Locale.ROOT, "20 flags in %.2f s; with %s, downloadMany threw after %.2f s", first.seconds(),
                        failure.replace(" after 0.05 s", ""), second.seconds()),
                List.of(Line.seen(seenFirst + "; then: " + chain),
                        Line.server(String.format(Locale.ROOT, "saw the %d stalled requests go at most %.0f ms after %s failed;"
                                + " no download outlived the call", gone.size(), Math.max(0, latest) * 1000, FAILS))));
    }

    /** "FailedException caused by HttpStatusException: HTTP error 418 ...". */
    private static String chain(Throwable t) {
        var parts = new ArrayList<String>();
        for (Throwable c = t; c != null && parts.size() < 5; c = c.getCause() == c ? null : c.getCause()) {
            parts.add(c.getClass().getSimpleName() + (c.getCause() == null && c.getMessage() != null ? ": " + c.getMessage() : ""));
        }
        return String.join(" caused by ", parts);
    }
}
