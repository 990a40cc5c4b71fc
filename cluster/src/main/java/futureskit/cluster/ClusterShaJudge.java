package futureskit.cluster;

import com.hazelcast.core.MemberLeftException;
import com.hazelcast.spi.exception.TargetDisconnectedException;
import com.hazelcast.spi.exception.TargetNotMemberException;
import futureskit.ProcessPoolTasks;
import futureskit.grading.Judge;
import futureskit.grading.TrialContext;
import futureskit.grading.Verdict;
import futureskit.grading.Verdict.Line;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Exercise 09a: twelve SHA-256 jobs shared out over a cluster of three members, one of which dies during the run.
 *
 * <p>Judged by what the members report, not by what the answer says: every {@link Job} prints a line in its
 * member's log when it starts and when it finishes, so the judge knows which member ran what, which jobs were
 * running on member-3 when it was killed, and where (and when) they ran again. The scenario is staged so that
 * each outcome is certain on a busy machine, whatever the timing:
 * <ul>
 *   <li>a job on member-3 never finishes there: it waits for its member's death, which comes 0.2 s after
 *       member-3 reports its first start;</li>
 *   <li>job 0 (on member-1) is the slow one: it finishes once every job lost with member-3 has finished on
 *       another member. An answer that sends lost jobs again when their futures fail passes at once; one that
 *       collects results in submission order waits on job 0 first, and job 0 gives up after
 *       {@value #JOB0_WAIT_MS} ms, before the lost jobs ever went out again;</li>
 *   <li>job 0 stops waiting after {@value #ALONE_MS} ms when no other job has started (an answer that runs
 *       one job at a time), so such answers are judged quickly.</li>
 * </ul>
 * The members are started with C1 only ({@link #MEMBER_OPTIONS}): they live a few seconds, run jobs that
 * mostly sleep, and boot on about 40 % less CPU time.
 */
public final class ClusterShaJudge implements Judge {

    static final int MEMBERS = 3;
    static final int JOBS = 12;
    static final String LOST = "member-3";
    static final List<String> MEMBER_OPTIONS = List.of("-XX:TieredStopAtLevel=1");
    /** From member-3's first start to its death: time for the rest of its share to start too. */
    static final long KILL_DELAY_MS = 200;
    /** How long job 0 waits for the lost jobs to run again elsewhere. */
    static final long JOB0_WAIT_MS = 6_000;
    /** Job 0 stops waiting when it ran alone this long: the answer submits one job after the other. */
    static final long ALONE_MS = 1_000;
    /** How long a job on member-3 waits for its member's death before it gives up and finishes. */
    static final long HOLD_MS = 30_000;
    /** Each job hashes this many bytes from {@code new Random(job)}: the digest is the answer, not the work. */
    static final int SIZE = 1 << 16;

    private static final Pattern REPORT = Pattern.compile("(?m)^\\[(member-\\d+)] 09a job (\\d+) (started|finished) at (\\d+)$");

    /**
     * One job of the exercise: hashes {@link #SIZE} bytes from {@code new Random(job)} on the member that runs it
     * and reports there when it starts and finishes. Job 0 and the jobs on member-3 wait as the class comment says;
     * the others take 40 to 160 ms, so results complete in an order of their own.
     */
    public record Job(int job, String gate) implements Callable<ClusterTasks.Ran<String>>, Serializable {
        @Override
        public ClusterTasks.Ran<String> call() throws Exception {
            String member = ClusterMember.name();
            report(member, "started");
            if (member.equals(LOST)) {
                waitFor(HOLD_MS, () -> false);
            } else if (job == 0) {
                Path open = Path.of(gate, "open");
                waitFor(JOB0_WAIT_MS, () -> Files.exists(open));
            } else {
                Thread.sleep(40 + 40 * (job % 4));
            }
            String digest = ProcessPoolTasks.sha256(job, SIZE, 1);
            report(member, "finished");
            return ClusterTasks.Ran.here(digest);
        }

        private void report(String member, String what) {
            System.out.println("[" + member + "] 09a job " + job + " " + what + " at " + System.currentTimeMillis());
            System.out.flush();
        }

        private static void waitFor(long millis, java.util.function.BooleanSupplier done) throws InterruptedException {
            long deadline = System.nanoTime() + millis * 1_000_000;
            while (!done.getAsBoolean() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        }
    }

    /** One line of a member's report. */
    record Report(String member, int job, boolean started, long at) {
    }

    @Override
    public Verdict judge(TrialContext c) {
        c.doing("the grader starting its cluster of " + MEMBERS + " members (JVMs on 127.0.0.1)");
        long t0 = System.nanoTime();
        Cluster cluster;
        try {
            cluster = Cluster.start(MEMBERS, MEMBER_OPTIONS);
        } catch (RuntimeException e) {
            return new Verdict("", Verdict.Status.ERROR, "the grader could not start its cluster of " + MEMBERS
                    + " members: " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""), List.of(
                    Line.next("try again on a calmer machine; the members' output said:"),
                    Line.more(String.valueOf(e.getMessage()).lines().skip(1).limit(6).collect(Collectors.joining(" | ")))), 0);
        }
        double startSeconds = (System.nanoTime() - t0) / 1e9;
        try {
            return judge(c, cluster, startSeconds);
        } finally {
            cluster.close();
        }
    }

    private Verdict judge(TrialContext c, Cluster cluster, double startSeconds) {
        Path gate;
        try {
            gate = Files.createTempDirectory("09a-gate");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var jobs = new ArrayList<Callable<ClusterTasks.Ran<String>>>();
        for (int job = 0; job < JOBS; job++) {
            jobs.add(new Job(job, gate.toString()));
        }
        var members = cluster.liveMembers();
        var executor = cluster.executor();
        c.doing("ClusterSha.digests(executor, [member-1, member-2, member-3], 12 jobs); member-3 is killed while its jobs run");
        var outcome = new CompletableFuture<Object>();
        Thread.ofPlatform().name("grader-calls-digests").daemon().start(() -> {
            try {
                outcome.complete(c.call("ClusterSha", "digests", executor, members, jobs));
            } catch (Throwable e) {
                outcome.completeExceptionally(e);
            }
        });

        // Watch the members' reports while the answer runs: kill member-3 once it has work, let job 0 go.
        long runStart = System.currentTimeMillis();
        long lostSeenAt = -1, killedAt = -1, gateOpenedAt = -1;
        Set<Integer> lost = Set.of();
        while (!outcome.isDone()) {
            long now = System.currentTimeMillis();
            var reports = reports(cluster);
            if (killedAt < 0) {
                boolean lostStarted = reports.stream().anyMatch(r -> r.started() && r.member().equals(LOST));
                if (lostStarted && lostSeenAt < 0) {
                    lostSeenAt = now;
                }
                if (lostSeenAt >= 0 && now - lostSeenAt >= KILL_DELAY_MS) {
                    cluster.kill(3);
                    killedAt = System.currentTimeMillis();
                    lost = reports(cluster).stream().filter(r -> r.started() && r.member().equals(LOST))
                            .map(Report::job).collect(Collectors.toCollection(TreeSet::new));
                }
            }
            if (gateOpenedAt < 0 && (lostRanAgain(reports, lost, killedAt) || job0RanAlone(reports, now))) {
                open(gate);
                gateOpenedAt = System.currentTimeMillis();
            }
            sleep(20);
        }
        open(gate);
        var reports = reports(cluster);
        return verdict(outcome, reports, lost, runStart, killedAt, gateOpenedAt, startSeconds);
    }

    private Verdict verdict(CompletableFuture<Object> outcome, List<Report> reports, Set<Integer> lost, long runStart,
                            long killedAt, long gateOpenedAt, double startSeconds) {
        Throwable thrown = null;
        Object result = null;
        try {
            result = outcome.join();
        } catch (java.util.concurrent.CompletionException e) {
            thrown = e.getCause();
        }
        var starts = reports.stream().filter(Report::started).toList();
        var firstStart = new TreeMap<Integer, String>();
        for (Report r : starts) {
            firstStart.putIfAbsent(r.job(), r.member());
        }
        String shares = shares(firstStart);

        // 1. A share for every member, as the statement says: job i on members.get(i % 3).
        var idle = new ArrayList<String>();
        for (int m = 1; m <= MEMBERS; m++) {
            String member = "member-" + m;
            if (starts.stream().noneMatch(r -> r.member().equals(member))) {
                idle.add(member);
            }
        }
        var misplaced = new ArrayList<String>();
        firstStart.forEach((job, member) -> {
            if (!member.equals(memberFor(job))) {
                misplaced.add("job " + job + " on " + member);
            }
        });
        Line shareOut = Line.next("give job i to members.get(i % members.size()) with executor.submitToMember(job, member)");
        Line expectedShares = Line.expected("job i on members.get(i % 3): member-1 runs jobs 0, 3, 6, 9;"
                + " member-2 1, 4, 7, 10; member-3 2, 5, 8, 11");
        if (starts.size() > 1 && idle.size() == MEMBERS - 1) {
            return Verdict.fail("every job ran on " + starts.getFirst().member() + ": " + String.join(" and ", idle)
                    + " ran no job", List.of(expectedShares,
                    Line.seen("jobs started per member (what the members reported): " + shares), shareOut));
        }
        if (!misplaced.isEmpty()) {
            return Verdict.fail("the jobs were not shared out as job i on members.get(i % 3)", List.of(expectedShares,
                    Line.seen(summarize(misplaced) + " (as the members reported)"),
                    Line.more("executor.submit(job) lets Hazelcast pick a member (by a random partition): the shares"
                            + " come out uneven, and you cannot say which member runs what"), shareOut));
        }

        // 2. Jobs in flight together, not one after the other.
        int overlap = maxOverlap(reports, killedAt);
        if (!starts.isEmpty() && overlap <= 1) {
            return Verdict.fail("the jobs ran one at a time: at most 1 was running on the whole cluster at once",
                    List.of(Line.expected("all 12 jobs submitted first, running on 3 members at once, then their"
                                    + " results collected"),
                            Line.seen("jobs started per member: " + shares),
                            Line.next("submit every job first and keep its future in a Map<Future, Integer>; only then"
                                    + " wait for results")));
        }

        // 3. The answer gave up when member-3 died.
        if (thrown != null) {
            Throwable cause = thrown.getCause() != null ? thrown.getCause() : thrown;
            String chain = chain(cause);
            if (has(cause, TargetNotMemberException.class::isInstance)) {
                return Verdict.fail("a job was sent again to member-3, which had left the cluster", List.of(
                        Line.expected("a lost job sent again to a member that is still in the cluster"),
                        Line.seen("member-3 was killed with jobs " + lost + " running; then your method threw " + chain),
                        Line.next("submitToMember(job, the member it had) fails once that member is gone: send the job"
                                + " with executor.submit(job), which picks a living member, or to another of the members")));
            }
            if (has(cause, e -> e instanceof TargetDisconnectedException || e instanceof MemberLeftException)) {
                return Verdict.fail("member-3's jobs were lost with it: your method threw instead of sending them again",
                        List.of(Line.expected("every job's digest, though member-3 died with jobs " + lost + " running"),
                                Line.seen(chain),
                                Line.next("catch the ExecutionException of a future whose member left (its cause is a"
                                        + " TargetDisconnectedException or a MemberLeftException) and submit that job again")));
            }
            if (thrown instanceof RuntimeException e) {
                throw e;  // the learner's own exception, a missing method: the trial says what and where
            }
            throw new IllegalStateException(thrown);
        }

        // 4. The digests: all twelve, each under its job number.
        if (!(result instanceof Map<?, ?> map)) {
            throw new TrialContext.BadResult("ClusterSha.digests returned " + (result == null ? "null"
                    : result.getClass().getSimpleName()) + ", not a Map<Integer, String> of job number to digest");
        }
        var missing = new ArrayList<Integer>();
        var wrong = new ArrayList<String>();
        for (int job = 0; job < JOBS; job++) {
            Object digest = map.get(job);
            if (digest == null) {
                missing.add(job);
            } else if (!digest.equals(expected(job))) {
                wrong.add("job " + job);
            }
        }
        if (!missing.isEmpty()) {
            boolean lostOnes = lost.containsAll(missing);
            return Verdict.fail(lostOnes ? "member-3's jobs were lost with it: jobs " + missing + " have no digest"
                            : "jobs " + missing + " have no digest", List.of(
                            Line.expected("a digest for each of the 12 jobs, under its job number"),
                            Line.seen(map.size() + " digests; member-3 died with jobs " + lost + " running"),
                            Line.next(lostOnes ? "a future that fails because its member left is not the end: submit its job again"
                                    : "put each job's digest under its number (the Map<Future, Integer> says which job a future is for)")));
        }
        if (!wrong.isEmpty()) {
            return Verdict.fail("wrong digests for " + summarize(wrong), List.of(
                    Line.expected("job i's digest is the value of job i's Ran (future.get().value())"),
                    Line.next("look the job up in your Map<Future, Integer> for the future that completed")));
        }

        // 5. The lost jobs ran again on the cluster, once each, and nothing else ran twice.
        var survivorsFinished = reports.stream().filter(r -> !r.started() && !r.member().equals(LOST)).toList();
        var notAgain = lost.stream().filter(job -> survivorsFinished.stream().noneMatch(r -> r.job() == job)).toList();
        if (!notAgain.isEmpty()) {
            return Verdict.fail("jobs " + notAgain + " were lost with member-3, and no member ran them again", List.of(
                    Line.expected("each job lost with member-3 run again on member-1 or member-2"),
                    Line.seen("their digests came back, but not from a member: the members reported no run of them"),
                    Line.next("send a lost job to the cluster again (executor.submit(job)); do not call it in this JVM")));
        }
        var runs = new TreeMap<Integer, List<String>>();   // job -> the members its runs started on, in order
        starts.forEach(r -> runs.computeIfAbsent(r.job(), k -> new ArrayList<>()).add(r.member()));
        var extra = new ArrayList<String>();
        runs.forEach((job, on) -> {
            int allowed = lost.contains(job) ? 2 : 1;
            if (on.size() > allowed) {
                extra.add("job " + job + " ran " + on.size() + " times (on " + String.join(", ", on) + ")");
            }
        });
        if (!extra.isEmpty()) {
            return Verdict.fail("some jobs ran more often than needed: " + summarize(extra), List.of(
                    Line.expected("each job run once, and a job lost with member-3 once more, on one other member"),
                    Line.next("send again only the job whose future failed because its member left, and only once")));
        }

        // 6. ... and as soon as their futures failed, not when the loop got round to them.
        long job0Finished = reports.stream().filter(r -> !r.started() && r.job() == 0).mapToLong(Report::at).min().orElse(-1);
        long retriedAt = reports.stream().filter(r -> r.started() && lost.contains(r.job()) && !r.member().equals(LOST))
                .mapToLong(Report::at).max().orElse(-1);
        String deathLine = String.format(Locale.ROOT, "member-3 was killed %.1f s into the run with jobs %s running;"
                + " they started again on other members %.1f s into it", (killedAt - runStart) / 1e3, lost,
                (retriedAt - runStart) / 1e3);
        if (killedAt >= 0 && (gateOpenedAt < 0 || gateOpenedAt > job0Finished)) {
            return Verdict.fail("member-3's jobs were sent again only after job 0's result, not when their futures failed",
                    List.of(Line.expected("a lost job sent again as soon as its future fails: job 0 ran long, and waited"
                                    + " for them"),
                            Line.seen(deathLine + String.format(Locale.ROOT, ", after job 0 finished (%.1f s)",
                                    (job0Finished - runStart) / 1e3)),
                            Line.next("take futures in completion order: a callback (whenComplete) puts each finished one"
                                    + " in a queue, and your loop polls the queue")));
        }
        if (killedAt < 0) {
            return Verdict.fail("member-3 never ran a job, so the grader could not kill it mid-run", List.of(expectedShares,
                    Line.seen("jobs started per member: " + shares), shareOut));
        }
        return Verdict.pass("12 digests right; every member ran its share; member-3's jobs ran again elsewhere as soon"
                + " as it died", List.of(
                Line.seen("jobs started per member: " + shares),
                Line.more(deathLine),
                Line.more(String.format(Locale.ROOT, "(the grader's cluster started in %.1f s)", startSeconds))));
    }

    // --- the members' reports ------------------------------------------------------------------------------

    private static List<Report> reports(Cluster cluster) {
        var reports = new ArrayList<Report>();
        for (int m = 1; m <= cluster.size(); m++) {
            var matcher = REPORT.matcher(cluster.log(m));
            while (matcher.find()) {
                reports.add(new Report(matcher.group(1), Integer.parseInt(matcher.group(2)),
                        matcher.group(3).equals("started"), Long.parseLong(matcher.group(4))));
            }
        }
        reports.sort(Comparator.comparingLong(Report::at));
        return reports;
    }

    /** Every job lost with member-3 (job 0 aside: it waits itself) finished on another member. */
    private static boolean lostRanAgain(List<Report> reports, Set<Integer> lost, long killedAt) {
        return killedAt >= 0 && lost.stream().filter(job -> job != 0).allMatch(job -> reports.stream()
                .anyMatch(r -> !r.started() && r.job() == job && !r.member().equals(LOST)));
    }

    /** Job 0 has been running alone for a while: the answer waits for each job before it submits the next. */
    private static boolean job0RanAlone(List<Report> reports, long now) {
        var first = reports.stream().filter(r -> r.started() && r.job() == 0).findFirst();
        return first.isPresent() && now - first.get().at() >= ALONE_MS
                && reports.stream().noneMatch(r -> r.started() && r.job() != 0);
    }

    /** The most jobs running at one moment; a job on member-3 ran until it was killed. */
    private static int maxOverlap(List<Report> reports, long killedAt) {
        var edges = new ArrayList<long[]>();   // {time, +1 or -1}
        var open = new java.util.HashMap<String, Integer>();
        for (Report r : reports) {
            String run = r.member() + "/" + r.job();
            if (r.started()) {
                edges.add(new long[] {r.at(), +1});
                open.merge(run, 1, Integer::sum);
            } else {
                edges.add(new long[] {r.at(), -1});
                open.merge(run, -1, Integer::sum);
            }
        }
        open.forEach((run, n) -> {
            for (int i = 0; i < n; i++) {
                edges.add(new long[] {run.startsWith(LOST + "/") && killedAt >= 0 ? killedAt : Long.MAX_VALUE, -1});
            }
        });
        edges.sort(Comparator.<long[]>comparingLong(e -> e[0]).thenComparingLong(e -> e[1]));
        int now = 0, max = 0;
        for (long[] e : edges) {
            now += (int) e[1];
            max = Math.max(max, now);
        }
        return max;
    }

    private static String shares(Map<Integer, String> firstStart) {
        var byMember = new TreeMap<String, List<Integer>>();
        for (int m = 1; m <= MEMBERS; m++) {
            byMember.put("member-" + m, new ArrayList<>());
        }
        firstStart.forEach((job, member) -> byMember.computeIfAbsent(member, k -> new ArrayList<>()).add(job));
        return byMember.entrySet().stream().map(e -> e.getKey() + " " + e.getValue().size()
                + (e.getValue().isEmpty() ? "" : " " + e.getValue())).collect(Collectors.joining(", "));
    }

    static String memberFor(int job) {
        return "member-" + (job % MEMBERS + 1);
    }

    static String expected(int job) {
        try {
            return ProcessPoolTasks.sha256(job, SIZE, 1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String summarize(List<String> items) {
        return items.size() <= 4 ? String.join(", ", items)
                : String.join(", ", items.subList(0, 4)) + " and " + (items.size() - 4) + " more";
    }

    private static boolean has(Throwable e, Predicate<Throwable> test) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (test.test(t)) {
                return true;
            }
        }
        return false;
    }

    private static String chain(Throwable e) {
        var text = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (!text.isEmpty()) {
                text.append(" caused by ");
            }
            text.append(t.getClass().getSimpleName());
            String message = t.getMessage() == null ? "" : t.getMessage().lines().findFirst().orElse("");
            if (!message.isEmpty() && !(t.getCause() != null && message.equals(t.getCause().toString()))) {
                text.append(": ").append(message.length() > 90 ? message.substring(0, 87) + "..." : message);
            }
        }
        return text.toString();
    }

    private static void open(Path gate) {
        try {
            Files.writeString(gate.resolve("open"), "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
