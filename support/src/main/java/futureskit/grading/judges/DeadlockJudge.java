package futureskit.grading.judges;

import futureskit.Events;
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
import java.util.TreeSet;

import static futureskit.grading.judges.Evidence.savedProblems;
import static futureskit.grading.judges.Evidence.summarize;

/**
 * Exercise 04a: the nested-wait deadlock fixed on the one-thread pool, without adding threads and keeping the
 * saving step a task of its own (the helpers' records say which threads ran the steps, and in which order), and
 * without sleeping in place of waiting.
 */
public final class DeadlockJudge implements Judge {

    /** Saves right after their own download, of 20: a few happen when the caller submits slowly, most means inline. */
    static final int INLINE_LIMIT = 15;

    /** How many saveFlag calls came right after the getFlag of the same flag, with no other event between. */
    static int inlineSaves() {
        var events = new java.util.ArrayList<Events.Event>();
        events.addAll(Events.of("getFlag"));
        events.addAll(Events.of("saveFlag"));
        events.sort(java.util.Comparator.comparingLong(Events.Event::start));
        int inline = 0;
        for (int i = 0; i + 1 < events.size(); i++) {
            var a = events.get(i);
            var b = events.get(i + 1);
            if (a.kind().equals("getFlag") && b.kind().equals("saveFlag")
                    && b.key().equals(a.key().toLowerCase(Locale.ROOT) + ".gif")) {
                inline++;
            }
        }
        return inline;
    }

    @Override
    public Verdict judge(TrialContext c) {
        var server = c.server(Config.of(Mode.LOCAL));
        Path dir = c.useServer(server.baseUrl());
        List<String> ccs = Fixtures.POP20_CC;
        c.doing("Deadlock.downloadMany(POP20_CC): 20 flags from a local server (no latency) on a one-thread pool");
        var call = CallWatch.call(c, "Deadlock", "downloadMany", ccs);
        Object result = call.result();
        long t0 = call.t0();
        var watch = call.watch();
        double secs = call.seconds();
        var problems = savedProblems(dir, ccs);
        if (Evidence.neverRequested(server)) {
            return Evidence.noRequest("downloadMany", "submit a task per cc that calls Flags.getFlag(cc), then one that saves it");
        }
        var sleptAtAll = watch.sleptAfter(t0);
        if (!problems.isEmpty() && sleptAtAll.isPresent()) {
            return sleptVerdict("downloadMany slept instead of waiting: when it returned from Thread.sleep, " + problems.size()
                    + " of 20 flags were not saved yet", sleptAtAll.get());
        }
        if (!problems.isEmpty()) {
            return Verdict.fail(problems.size() + " of 20 flags were missing or wrong when downloadMany returned",
                    List.of(Line.expected("20 flags saved, each matching its digest"), Line.seen(summarize(problems)),
                            Line.next("wait for every saving task (the inner futures) before returning")));
        }
        if (!(result instanceof Integer n) || n != ccs.size()) {
            return Verdict.fail("downloadMany returned " + result + " instead of 20",
                    List.of(Line.next("return how many flags were downloaded and saved")));
        }
        var threads = new TreeSet<String>();
        Events.of("getFlag").forEach(e -> threads.add(e.thread()));
        Events.of("saveFlag").forEach(e -> threads.add(e.thread()));
        String caller = Thread.currentThread().getName();
        if (threads.contains(caller)) {
            return Verdict.fail("getFlag or saveFlag ran on the calling thread (" + caller + "), not on the pool",
                    List.of(Line.expected("both steps as tasks on the one-thread pool"),
                            Line.seen("threads that ran getFlag/saveFlag: " + threads),
                            Line.next("keep submitting both steps to the executor; change only where the waiting happens")));
        }
        if (threads.size() > 1) {
            return Verdict.fail("getFlag and saveFlag ran on " + threads.size() + " threads, not on the one-thread pool",
                    List.of(Line.expected("one worker thread, as in the starter: the exercise is to stop waiting, not to add threads"),
                            Line.seen("threads: " + Evidence.names(threads, 3)),
                            Line.next("keep Executors.newSingleThreadExecutor() and pass it to every async step"
                                    + " (thenApplyAsync(f, executor)), or return the inner future and wait outside the pool")));
        }
        // On one worker, a saving task queues behind the downloads already submitted; a save called inside the
        // download's own task runs right after its getFlag, every time.
        int inline = inlineSaves();
        if (inline >= INLINE_LIMIT) {
            return Verdict.fail("saveFlag ran inside the download task, not as a task of its own",
                    List.of(Line.expected("both steps as tasks on the one-thread pool: the saving task queued behind the downloads"),
                            Line.seen(inline + " of 20 saves ran right after their own getFlag, in the same task, before"
                                    + " any other download"),
                            Line.next("keep the saving a task on the same executor (executor.submit(() -> saveFlag(...)) or"
                                    + " thenAcceptAsync(save, executor)) and change only where the waiting happens:"
                                    + " return the inner future, or chain the steps instead of calling get()")));
        }
        var late = call.sleptPast("getFlag", "saveFlag", "show");
        if (late.isPresent()) {
            return sleptVerdict(String.format(Locale.ROOT, "downloadMany slept: it returned %.2f s after the last save"
                    + " ended, waiting in Thread.sleep", late.get().seconds()), late.get().sleep());
        }
        return Verdict.pass(String.format(Locale.ROOT, "20 flags in %.2f s on the single worker %s, no deadlock", secs,
                threads.first()), List.of(Line.seen("every flag matches its digest")));
    }

    private static Verdict sleptVerdict(String headline, CallWatch.Sleep slept) {
        return Verdict.fail(headline,
                List.of(Line.expected("downloadMany returns as soon as the last flag is saved"),
                        Line.seen("sleeping in " + slept.where()),
                        Line.next("wait for the saving tasks' futures (future.get().get() on the caller's thread),"
                                + " not for a fixed time: a sleep guesses how long the saves take")));
    }
}
