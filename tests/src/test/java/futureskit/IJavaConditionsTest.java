package futureskit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every notebook runs under IJava 1.3.0's conditions (see {@link IJavaConditions}), cell after cell, in a JVM of its own with the notebook's folder as working directory. IJava itself is on no registry these
 * machines reach; the JJava run through Jupyter (tests/jupyter) stays the main notebook test.
 *
 * <p>The shell's class path is this test's class path less the test tools: the support library (from this
 * build) and the libraries the notebooks load with {@code %maven}, which tests/pom.xml declares for that reason.
 */
class IJavaConditionsTest {

    private static final long NOTEBOOK_TIMEOUT_SECONDS = 900;
    /**
     * Every cell twice in a row, as the JJava test does: {@code -Dijava.twice=true}. Once by default, to keep the
     * suite within its time budget (twice took 5.5 min on a shared 2-core machine); the JJava test always runs
     * them twice.
     */
    private static final boolean TWICE = Boolean.getBoolean("ijava.twice");
    private static final Pattern MAVEN = Pattern.compile("^\\s*%maven\\s+(\\S+)", Pattern.MULTILINE);
    /** On the test's class path for the test itself, not for the notebooks. */
    private static final List<String> TEST_TOOLS = List.of(
            "/org/junit/", "/org/opentest4j/", "/org/apiguardian/", "/org/assertj/", "/net/bytebuddy/",
            "/com/google/code/gson/", "/com/google/errorprone/", "/test-classes");

    static Stream<Path> notebooks() throws IOException {
        var found = new ArrayList<Path>();
        for (String dir : List.of("notebooks", "exercises")) {
            try (var files = Files.walk(Scripts.ROOT.resolve(dir))) {
                files.filter(p -> p.toString().endsWith(".ipynb") && !p.toString().contains(".ipynb_checkpoints"))
                        .sorted().forEach(found::add);
            }
        }
        return found.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notebooks")
    @Execution(ExecutionMode.CONCURRENT) // each notebook in a JVM of its own: they can run side by side
    void runsUnderIJavaConditions(Path notebook) throws Exception {
        var out = Files.createTempFile("ijava-out", ".txt");
        var err = Files.createTempFile("ijava-err", ".txt");
        // Lesson 8's StructuredTaskScope cells need Java 25's preview APIs, as the kit's kernelspec enables them.
        boolean preview = needsPreview(notebook);
        var command = new ArrayList<String>(List.of(ProcessHandle.current().info().command().orElse("java")));
        if (preview) command.add("--enable-preview");
        command.addAll(List.of("-cp", String.join(File.pathSeparator, runnerClasspath()),
                IJavaConditions.class.getName(), notebook.toString(),
                String.join(File.pathSeparator, shellClasspath()), TWICE ? "--twice" : "--once"));
        if (preview) command.add("--preview");
        var process = new ProcessBuilder(command).directory(notebook.getParent().toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        try {
            if (!process.waitFor(NOTEBOOK_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor();
                fail(name(notebook) + " did not finish within " + NOTEBOOK_TIMEOUT_SECONDS + " s under IJava's conditions;"
                        + " the end of its output:\n" + tail(Files.readString(out)) + Files.readString(err));
            }
            if (process.exitValue() != 0) {
                fail(name(notebook) + " fails under IJava 1.3.0's conditions (JShell with the in-process engine,"
                        + " IJava's default imports):\n" + Files.readString(err)
                        + "\n\nthe end of its output:\n" + tail(Files.readString(out)));
            }
        } finally {
            Files.delete(out);
            Files.delete(err);
        }
    }

    /** A notebook whose cells check for preview APIs with futureskit.Preview.require (lesson 8) runs with them. */
    static boolean needsPreview(Path notebook) throws IOException {
        return IJavaConditions.cells(notebook).stream().anyMatch(cell -> cell.source().contains("Preview.require("));
    }

    /** The shell gets no jar a notebook does not load, and every jar a notebook loads: tests/pom.xml lists them. */
    @Test
    void everyMavenLineOfTheNotebooksIsOnTheShellClasspath() throws IOException {
        var shell = shellClasspath();
        var missing = new ArrayList<String>();
        int lines = 0;
        for (Path notebook : notebooks().toList()) {
            for (var cell : IJavaConditions.cells(notebook)) {
                var matcher = MAVEN.matcher(cell.source());
                while (matcher.find()) {
                    lines++;
                    String[] gav = matcher.group(1).split(":");
                    boolean found = gav.length == 3 && shell.stream().anyMatch(entry -> provides(entry, gav));
                    if (!found) missing.add(name(notebook) + ": %maven " + matcher.group(1));
                }
            }
        }
        assertThat(lines).as("%maven lines in the notebooks").isGreaterThanOrEqualTo(8);
        assertThat(missing).as("notebook dependencies the IJava-conditions test cannot load: add each one to"
                + " tests/pom.xml (test scope)").isEmpty();
        assertThat(shell).as("the shell's class path").noneMatch(entry -> entry.contains("/org/junit/"));
    }

    /** A jar from the local repository, or the kit's own support library built by this reactor. */
    private static boolean provides(String entry, String[] gav) {
        String jar = gav[1] + "-" + gav[2] + ".jar";
        if (entry.endsWith(File.separator + jar)) return true;
        return gav[0].equals("io.github.futureskit") && gav[1].equals("futures-kit-support")
                && Path.of(entry).startsWith(Scripts.ROOT.resolve("support"));
    }

    static List<String> testClasspath() {
        return List.of(System.getProperty("java.class.path").split(File.pathSeparator));
    }

    static List<String> shellClasspath() {
        return testClasspath().stream().filter(e -> TEST_TOOLS.stream().noneMatch(e::contains)).toList();
    }

    /** The runner and what it reads notebooks with, nothing a cell could use by accident. */
    static List<String> runnerClasspath() {
        return testClasspath().stream()
                .filter(e -> e.endsWith("test-classes") || e.contains("/com/google/code/gson/")).toList();
    }

    private static String name(Path notebook) {
        return Scripts.ROOT.relativize(notebook).toString();
    }

    private static String tail(String output) {
        var lines = output.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }
}
