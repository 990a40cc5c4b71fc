package futureskit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * What a learner meets when things go wrong (issue 12): Ctrl-C mid-run, a downloads/ folder that cannot take
 * the flags, a script started outside the kit, a server that goes away, a wrong --delay or --error-rate. Each
 * gets one clear line and a non-zero exit, never a stack trace, and never a partial flag on disk.
 */
class ScriptHardeningTest {
    private static final long BOUND = 180; // seconds; generous for a first jbang build on a busy machine
    private static final int INTERRUPTED_RUNS = 6;

    @Test
    void ctrlCMidRunNeverLeavesAPartialOrTemporaryFileInDownloads() throws Exception {
        var report = new ArrayList<String>();
        for (int run = 0; run < INTERRUPTED_RUNS; run++) {
            var dir = Scripts.freshWorkDir("hardening");
            Path out = Files.createTempFile("interrupted-out", ".txt");
            Path err = Files.createTempFile("interrupted-err", ".txt");
            // 676 codes and 1000 threads: saves run side by side while Ctrl-C lands.
            var process = Scripts.start(dir, out, err, "jbang/flags2_threadpool.java", "-e", "-m", "1000",
                    "--delay", "0.05-2", "--error-rate", "0");
            try {
                int after = 1 + run * 15;   // interrupt at different moments: after 1, 16, 31... saved flags
                // Meanwhile, look at each flag as soon as its name appears, as a file browser would: it must be whole.
                var seenPartial = new TreeMap<String, Integer>();
                waitForSavedFlags(dir, after, process, seenPartial);
                interrupt(process);
                assertThat(process.waitFor(60, TimeUnit.SECONDS))
                        .as("the script stops on SIGINT (unless SIGINT is ignored: started from a background job?)").isTrue();
                var saved = savedFiles(dir);
                var partial = new TreeMap<String, Integer>();
                saved.forEach((name, bytes) -> {
                    boolean whole = name.matches("[A-Za-z]{2}\\.gif") && Fixtures.matches(name.substring(0, 2), bytes);
                    if (!whole) partial.put(name, bytes.length);
                });
                report.add("run %d: exit %d, %d files, %d partial at the end, %d partial seen mid-run".formatted(
                        run, process.exitValue(), saved.size(), partial.size(), seenPartial.size()));
                assertThat(process.exitValue()).as("interrupted, not finished (%s)", Files.readString(out)).isNotZero();
                assertThat(seenPartial).as("flags seen partial (name: bytes) while the script ran").isEmpty();
                assertThat(partial).as("partial or temporary files (name: bytes) left in downloads/").isEmpty();
            } finally {
                Scripts.stop(process);
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        }
        System.out.println("interrupted runs: " + report);
    }

    @Test
    void aFlagThatCannotBeSavedIsTheDisksErrorNotTheServersAndStopsTheRun() throws Exception {
        var dir = Scripts.freshWorkDir("hardening");
        // A folder where BR's flag goes (flags2 names files as the book does: BR.gif).
        Files.createDirectories(dir.resolve("downloads/BR.gif/in-the-way"));

        var run = Scripts.jbang(dir, BOUND, "jbang/flags2_threadpool.java", "--delay", "0", "--error-rate", "0", "b");

        assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
        assertThat(run.stderr()).contains("*** cannot save flags in downloads/: BR.gif is a folder");
        assertNoStackTrace(run);
        assertThat(run.stdout()).as("no final report counting it as a download error").doesNotContain("error.");
    }

    @Test
    void aDownloadsFileInsteadOfAFolderIsOneLine() throws Exception {
        for (var script : List.of("jbang/flags.java", "jbang/flags2_sequential.java")) {
            var dir = Scripts.freshWorkDir("hardening");
            Files.writeString(dir.resolve("downloads"), "a file, not a folder");

            var run = Scripts.jbang(dir, BOUND, script, "--delay", "0");

            assertThat(run.exitCode()).as(script + ": " + run.all()).isEqualTo(1);
            assertThat(run.stderr()).as(script).contains("cannot save flags in downloads/: downloads is a file, not a folder");
            assertNoStackTrace(run);
        }
    }

    @Test
    void scriptsRunFromAFolderOutsideTheKit() throws Exception {
        Path outside = Files.createTempDirectory("outside-the-kit-");
        assertThat(Scripts.ROOT.relativize(outside).toString()).as("really outside the kit").startsWith("..");
        var flags = Scripts.jbangWithoutFixturesHint(outside, BOUND, "jbang/flags.java", "--delay", "0");
        assertThat(flags.exitCode()).as(flags.all()).isZero();
        assertThat(flags.stdout()).contains("20 flags downloaded in ");
        for (String cc : Fixtures.POP20_CC) {
            String lower = cc.toLowerCase();
            assertThat(Fixtures.matches(lower, Files.readAllBytes(outside.resolve("downloads/" + lower + ".gif")))).as(cc).isTrue();
        }

        var flags2 = Scripts.jbangWithoutFixturesHint(outside, BOUND, "jbang/flags2_virtual.java", "-a", "--delay", "0", "--error-rate", "0");
        assertThat(flags2.exitCode()).as(flags2.all()).isZero();
        assertThat(flags2.stdout()).contains("194 flags downloaded.");
    }

    @Test
    @ResourceLock(BookServersTest.BOOK_PORTS)
    void aServerThatGoesAwayMidRunGetsOneLineNotAStackTrace() throws Exception {
        BookServersTest.assertPortFree(8001);
        var config = FlagServer.Config.of(FlagServer.Mode.LOCAL).withPort(8001).withDelay(0.2);
        var dir = Scripts.freshWorkDir("hardening");
        try (var server = FlagServer.start(config)) {
            var stopper = Thread.ofVirtual().start(() -> {
                try {
                    waitForSavedFlags(dir, 3, null, null);
                } catch (Exception | AssertionError e) {
                    // the run below reports what went wrong
                }
                server.close();
            });
            var run = Scripts.jbang(dir, BOUND, "jbang/flags.java", "--server", "LOCAL");
            stopper.join(Duration.ofSeconds(10));

            assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
            assertThat(run.stdout()).contains("LOCAL site: http://localhost:8001/flags");
            assertThat(run.stderr().strip().lines().toList()).as(run.stderr()).hasSize(1).first().asString()
                    .startsWith("error: ").contains("localhost:8001");
            assertNoStackTrace(run);
        }
        // and with no server at all: the hint says how to start one
        var none = Scripts.jbang(dir, BOUND, "jbang/flags.java", "--server", "LOCAL");
        assertThat(none.exitCode()).isEqualTo(1);
        assertThat(none.stderr().strip()).isEqualTo("error: cannot connect to the LOCAL site at http://localhost:8001/flags:"
                + " is it running? Start it with: jbang jbang/flag_server.java --mode LOCAL");
    }

    @Test
    void badDelaysAndErrorRatesAreOneClearLineAndStatus2() throws Exception {
        var reasons = new TreeMap<String, String>();
        reasons.put("-1", "not -1 (a delay cannot be negative)");
        reasons.put("0.1-", "not 0.1- (MAX is missing after the dash)");
        reasons.put("abc", "not abc");
        reasons.put("5-1", "not 5-1 (MIN is more than MAX: write the range low-high)");
        for (var e : reasons.entrySet()) {
            String expected = "--delay takes SECONDS or MIN-MAX, e.g. 0.5 or 0.1-0.5, " + e.getValue();
            var flags2 = Scripts.jbang(BOUND, "jbang/flags2_threadpool.java", "--delay", e.getKey());
            assertThat(flags2.exitCode()).as(flags2.all()).isEqualTo(2);
            assertThat(flags2.stdout()).startsWith("*** Usage error: " + expected + "\n");
            assertNoStackTrace(flags2);

            var flags = Scripts.jbang(BOUND, "jbang/flags.java", "--delay", e.getKey());
            assertThat(flags.exitCode()).as(flags.all()).isEqualTo(2);
            assertThat(flags.stderr()).startsWith("error: " + expected + "\nusage: flags ");
            assertNoStackTrace(flags);
        }
        var rate = Scripts.jbang(BOUND, "jbang/flags2_sequential.java", "--error-rate", "2");
        assertThat(rate.exitCode()).isEqualTo(2);
        assertThat(rate.stdout()).startsWith("*** Usage error: --error-rate FRACTION is a fraction from 0 to 1, not 2.0\n");
        assertNoStackTrace(rate);
    }

    @Test
    void anAddressThisMachineDoesNotHaveIsNotCalledAPortInUse() throws Exception {
        // 192.0.2.1 is TEST-NET-1 (RFC 5737): documentation only, assigned to no machine.
        var run = Scripts.jbang(BOUND, "jbang/flag_server.java", "--host", "192.0.2.1", "--port", "0");

        assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
        assertThat(run.stderr()).startsWith("flag_server: this machine has no address 192.0.2.1 to listen on")
                .doesNotContain("already in use");
        assertNoStackTrace(run);
    }

    static void assertNoStackTrace(Scripts.Run run) {
        assertThat(run.all()).doesNotContain("\tat ", "Exception", "empty String", "For input string");
    }

    /**
     * Waits until the script saved at least {@code count} flags (deadline BOUND seconds). With {@code partial},
     * reads each flag once as soon as its name appears and records those not whole (name to size).
     */
    private static void waitForSavedFlags(Path dir, int count, Process process, Map<String, Integer> partial)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND);
        Path downloads = dir.resolve("downloads");
        var whole = new HashSet<String>();
        while (System.nanoTime() < deadline) {
            if (Files.isDirectory(downloads)) {
                List<Path> gifs;
                try (Stream<Path> files = Files.list(downloads)) {
                    gifs = files.filter(p -> p.toString().endsWith(".gif")).toList();
                }
                if (partial != null) {
                    for (Path gif : gifs) {
                        String name = gif.getFileName().toString();
                        if (whole.contains(name)) continue;
                        byte[] bytes;
                        try {
                            bytes = Files.readAllBytes(gif);
                        } catch (NoSuchFileException replaced) {
                            continue;
                        }
                        if (Fixtures.matches(name.substring(0, 2), bytes)) whole.add(name);
                        else partial.merge(name, bytes.length, Math::min);
                    }
                }
                if (gifs.size() >= count) return;
            }
            if (process != null) assertThat(process.isAlive()).as("the script ended before saving %d flags", count).isTrue();
            Thread.sleep(1);
        }
        throw new AssertionError("fewer than " + count + " flags saved within " + BOUND + " s");
    }

    /** Ctrl-C: SIGINT to the script's JVM (JBang's launcher execs it, so it is the process we started). */
    private static void interrupt(Process process) throws IOException, InterruptedException {
        var targets = new ArrayList<ProcessHandle>();
        targets.add(process.toHandle());
        process.descendants().forEach(targets::add);
        for (var target : targets) {
            if (target.info().command().orElse("").endsWith("/java")) {
                var kill = new ProcessBuilder("kill", "-INT", Long.toString(target.pid())).inheritIO().start();
                assertThat(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0).as("kill -INT %d", target.pid()).isTrue();
                return;
            }
        }
        throw new AssertionError("no java process to interrupt among " + targets);
    }

    private static TreeMap<String, byte[]> savedFiles(Path dir) throws IOException {
        var saved = new TreeMap<String, byte[]>();
        try (Stream<Path> files = Files.list(dir.resolve("downloads"))) {
            for (Path file : files.toList()) saved.put(file.getFileName().toString(), Files.readAllBytes(file));
        }
        return saved;
    }
}
