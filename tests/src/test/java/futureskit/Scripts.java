package futureskit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a JBang script of the kit the way a learner does, from the repository root, and captures what it prints. */
final class Scripts {
    static final Path ROOT = findRoot();

    record Run(int exitCode, String stdout, String stderr) {
        String all() { return stdout + stderr; }
    }

    static Run jbang(Path workDir, long timeoutSeconds, String script, String... args) throws IOException, InterruptedException {
        return jbang(workDir, false, timeoutSeconds, script, args);
    }

    /** As {@link #jbang(Path, long, String, String...)}, without FUTURESKIT_FIXTURES: the script finds fixtures itself. */
    static Run jbangWithoutFixturesHint(Path workDir, long timeoutSeconds, String script, String... args)
            throws IOException, InterruptedException {
        return jbang(workDir, true, timeoutSeconds, script, args);
    }

    private static Run jbang(Path workDir, boolean noFixturesHint, long timeoutSeconds, String script, String... args)
            throws IOException, InterruptedException {
        var command = new ArrayList<>(List.of(jbangCommand(), "--quiet", ROOT.resolve(script).toString()));
        command.addAll(List.of(args));
        var out = Files.createTempFile("jbang-out", ".txt");
        var err = Files.createTempFile("jbang-err", ".txt");
        var builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        if (noFixturesHint) builder.environment().remove("FUTURESKIT_FIXTURES");
        var process = builder.start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor();
            throw new AssertionError(script + " did not finish within " + timeoutSeconds + " s; it printed:\n"
                    + Files.readString(out) + Files.readString(err));
        }
        var run = new Run(process.exitValue(), Files.readString(out), Files.readString(err));
        Files.delete(out);
        Files.delete(err);
        return run;
    }

    static Run jbang(long timeoutSeconds, String script, String... args) throws IOException, InterruptedException {
        return jbang(ROOT, timeoutSeconds, script, args);
    }

    /**
     * A new empty folder to run a script in: inside the repository, so Fixtures finds fixtures/ by walking up,
     * and under tests/target, so git ignores what the script downloads there.
     */
    static Path freshWorkDir(String name) throws IOException {
        var parent = Files.createDirectories(ROOT.resolve("tests/target").resolve(name));
        return Files.createTempDirectory(parent, "run-");
    }

    /** Starts a script that runs until stopped (a server) from the repository root, and returns at once. */
    static Process start(Path stdout, Path stderr, String script, String... args) throws IOException {
        return start(ROOT, stdout, stderr, script, args);
    }

    /** Starts a script in {@code workDir} and returns at once (to stop it mid-run). */
    static Process start(Path workDir, Path stdout, Path stderr, String script, String... args) throws IOException {
        var command = new ArrayList<>(List.of(jbangCommand(), "--quiet", ROOT.resolve(script).toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(workDir.toFile())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
    }

    /** Stops a started script and whatever it started (JBang runs the script in a child JVM). */
    static void stop(Process process) throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor();
    }

    /** JBANG from the environment (./kit test sets it), else the copy ./kit setup installed, else jbang on PATH. */
    private static String jbangCommand() {
        var fromEnv = System.getenv("JBANG");
        if (fromEnv != null && !fromEnv.isBlank()) return fromEnv;
        var local = ROOT.resolve(".tools/jbang/bin/jbang");
        return Files.isExecutable(local) ? local.toString() : "jbang";
    }

    private static Path findRoot() {
        for (var dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("jbang")) && Files.isDirectory(dir.resolve("fixtures"))) return dir;
        }
        throw new IllegalStateException("run the tests inside the kit's repository (no jbang/ and fixtures/ above " + Path.of("").toAbsolutePath() + ")");
    }

    private Scripts() {}
}
