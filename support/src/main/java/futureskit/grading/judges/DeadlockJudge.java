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

import static futureskit.grading.judges.Evidence.seconds;
import static futureskit.grading.judges.Evidence.savedProblems;
import static futureskit.grading.judges.Evidence.summarize;

/**
 * Exercise 04a: the nested-wait deadlock fixed on the one-thread pool, without adding threads (the helpers'
 * records say which threads ran the steps).
 */
public final class DeadlockJudge implements Judge {

    @Override
    public Verdict judge(TrialContext c) {
        var server = c.server(Config.of(Mode.LOCAL));
        Path dir = c.useServer(server.baseUrl());
        List<String> ccs = Fixtures.POP20_CC;
        c.doing("Deadlock.downloadMany(POP20_CC): 20 flags from a local server (no latency) on a one-thread pool");
        long t0 = System.nanoTime();
        Object result = c.call("Deadlock", "downloadMany", ccs);
        double secs = seconds(t0);
        var problems = savedProblems(dir, ccs);
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
                            Line.seen("threads: " + threads),
                            Line.next("keep Executors.newSingleThreadExecutor() and pass it to every async step"
                                    + " (thenApplyAsync(f, executor)), or return the inner future and wait outside the pool")));
        }
        return Verdict.pass(String.format(Locale.ROOT, "20 flags in %.2f s on the single worker %s, no deadlock", secs,
                threads.first()), List.of(Line.seen("every flag matches its digest")));
    }
}
