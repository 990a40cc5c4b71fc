package futureskit.grading;

import futureskit.grading.Verdict.Line;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaFileObject;
import javax.tools.ToolProvider;

/**
 * Grades one exercise folder: compiles the learner's sources with the exercises' helpers, runs them in a
 * child JVM ({@link Trial}, driven by {@link ChildJvm}) that a deadlock cannot take down with it, and reads back
 * its sealed verdict.
 *
 * <p>The child gets the exercise's time limit for its own watchdog; the parent waits a little longer and
 * then kills it, so even a JVM that ignores its watchdog ends with a verdict.
 */
public final class Grader {

    /** The release whose preview APIs an exercise with {@code preview = true} is written for (lesson 8). */
    static final int PREVIEW_RELEASE = 25;

    private final Catalog catalog;
    private final Path tree;
    private final Path common;

    /**
     * @param catalog the exercises (their metadata, from {@code exercises/})
     * @param tree    the folder of answers: one sub-folder per exercise ({@code exercises/}, {@code solutions/}...),
     *                or a single answer's folder ({@code solutions/02a_threadpool/wrong/two_workers})
     * @param common  the helpers every answer compiles with ({@code exercises/common})
     */
    public Grader(Catalog catalog, Path tree, Path common) {
        this.catalog = catalog;
        this.tree = tree.toAbsolutePath().normalize();
        this.common = common.toAbsolutePath().normalize();
    }

    public Path tree() {
        return tree;
    }

    /**
     * Where the answer to an exercise is: {@code tree/<id>}, else {@code tree/<former id>} (answers laid out
     * before the renaming), else {@code tree} itself when it holds the exercise's file (one answer's folder).
     */
    public Path answerFolder(Exercise exercise) {
        Path byId = tree.resolve(exercise.id());
        if (Files.isDirectory(byId)) {
            return byId;
        }
        for (String former : exercise.formerIds()) {
            if (Files.isDirectory(tree.resolve(former))) {
                return tree.resolve(former);
            }
        }
        return Files.isRegularFile(tree.resolve(exercise.file())) ? tree : byId;
    }

    /** The learner's source files of an exercise (every .java in its folder, not in sub-folders). */
    public List<Path> sources(Exercise exercise) {
        Path dir = answerFolder(exercise);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Verdict grade(Exercise exercise) {
        long t0 = System.nanoTime();
        Verdict v = gradeUntimed(exercise);
        return v.withExercise(exercise.id()).withSeconds((System.nanoTime() - t0) / 1e9);
    }

    private Verdict gradeUntimed(Exercise exercise) {
        String name = exercise.id();
        List<Path> sources = sources(exercise);
        if (sources.isEmpty()) {
            return error("no .java file in " + answerFolder(exercise) + " (expected " + exercise.file() + ")");
        }
        if (exercise.preview() && Runtime.version().feature() != PREVIEW_RELEASE) {
            return error(name + " uses a preview API of Java " + PREVIEW_RELEASE + " (StructuredTaskScope, JEP 505), which"
                    + " changed in later versions: grade it on a JDK " + PREVIEW_RELEASE + " (this is Java "
                    + Runtime.version().feature() + "; ./kit setup and JAVA_HOME choose the JDK)");
        }
        Path work = null;
        ChildJvm child = null;
        try {
            List<Path> classpath = ChildClasspath.resolve(exercise.needs());
            work = Files.createTempDirectory("grade-" + name + "-");
            Path classes = Files.createDirectories(work.resolve("classes"));
            // The child JVM starts up while the answer compiles: on two cores the two run side by side.
            child = ChildJvm.start(exercise, catalog.folder(exercise).resolve(Exercise.METADATA), work, classes,
                    classpath, fixturesFolder(), cacheFolder());
            var errors = compile(sources, classes, classpath, exercise.preview());
            if (!errors.isEmpty()) {
                child.abandon();
                var details = new ArrayList<Line>();
                errors.stream().limit(6).forEach(e -> details.add(Line.error(e)));
                if (errors.size() > 6) {
                    details.add(Line.more("... and " + (errors.size() - 6) + " more"));
                }
                details.add(Line.next("fix the first error; the helpers you can call are in exercises/common"));
                return new Verdict(name, Verdict.Status.COMPILE_ERROR,
                        exercise.file() + " does not compile (" + errors.size() + " error" + (errors.size() == 1 ? "" : "s") + ")",
                        details, 0);
            }
            return child.judge();
        } catch (ChildClasspath.GradingError e) {
            return error(e.getMessage());
        } catch (IOException e) {
            return error("cannot prepare the grading folder: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return error("interrupted while grading");
        } finally {
            if (child != null) {
                child.end();
            }
            if (work != null) {
                deleteQuietly(work);
            }
        }
    }

    /**
     * What the grader keeps between checks (the child JVM's class-data-sharing archive, the helpers compiled): the
     * kit's .tools/ folder, which git ignores.
     */
    private Path cacheFolder() {
        Path root = common.getParent() == null ? null : common.getParent().getParent();
        return root == null ? null : root.resolve(".tools").resolve("grader");
    }

    /**
     * Compiles the answer with the helpers into {@code classes}. The helpers are compiled once and kept (in the
     * cache folder, by a digest of their sources, the JDK and the class path), so a check compiles only the
     * learner's files, and copies the helpers' classes beside them; an answer with a file named like a helper
     * is compiled with the helpers' sources, as before.
     */
    private List<String> compile(List<Path> sources, Path classes, List<Path> classpath, boolean preview)
            throws IOException {
        List<Path> helpers;
        try (Stream<Path> files = Files.list(common)) {
            helpers = files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        var helperNames = helpers.stream().map(p -> p.getFileName().toString()).toList();
        boolean shadowed = sources.stream().anyMatch(p -> helperNames.contains(p.getFileName().toString()));
        Path compiledHelpers = shadowed ? null : compiledHelpers(helpers, classpath);
        if (compiledHelpers != null) {
            var withHelpers = new ArrayList<Path>(classpath);
            withHelpers.add(compiledHelpers);
            var errors = javac(sources, classes, withHelpers, preview);
            if (errors.isEmpty()) {
                copyTree(compiledHelpers, classes);
            }
            return errors;
        }
        var all = new ArrayList<Path>(sources);
        all.addAll(helpers);
        return javac(all, classes, classpath, preview);
    }

    /** The helpers compiled, from the cache (compiled into it the first time); null when there is no cache. */
    private Path compiledHelpers(List<Path> helpers, List<Path> classpath) {
        Path cache = cacheFolder();
        if (cache == null) {
            return null;
        }
        try {
            Path done = cache.resolve("helpers-" + CacheKey.of(classpath, List.of(), helpers));
            if (Files.isDirectory(done)) {
                return done;
            }
            Files.createDirectories(cache);
            Path fresh = Files.createTempDirectory(cache, "helpers-new-");
            if (!javac(helpers, fresh, classpath, false).isEmpty()) {
                deleteQuietly(fresh);
                return null;
            }
            try {
                Files.move(fresh, done, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                deleteQuietly(fresh);  // another check put it there first
            }
            removeOldHelpers(cache, done);
            return Files.isDirectory(done) ? done : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Helpers compiled for older sources, JDKs or class paths: the newest few stay (a notebook's class path differs). */
    private static void removeOldHelpers(Path cache, Path keep) {
        try (Stream<Path> dirs = Files.list(cache)) {
            var old = dirs.filter(p -> p.getFileName().toString().startsWith("helpers-") && !p.equals(keep))
                    .sorted(Comparator.comparingLong((Path p) -> p.toFile().lastModified()).reversed()).toList();
            old.stream().skip(3).forEach(Grader::deleteQuietly);
        } catch (IOException e) {
            // Nothing to clean.
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                Files.createDirectories(target.getParent());
                Files.copy(p, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private List<String> javac(List<Path> all, Path classes, List<Path> classpath, boolean preview) throws IOException {
        var options = new ArrayList<>(List.of("-d", classes.toString(), "-cp", ChildClasspath.asString(classpath),
                "-encoding", "UTF-8", "-proc:none", "-nowarn", "-Xlint:none"));
        if (preview) {
            options.addAll(List.of("--enable-preview", "--release", Integer.toString(PREVIEW_RELEASE)));
        }
        var compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler == null) {
            return compileWithJavac(all, options);
        }
        var diagnostics = new DiagnosticCollector<JavaFileObject>();
        try (var files = compiler.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            var units = files.getJavaFileObjectsFromPaths(all);
            var out = new StringWriter();
            boolean ok = compiler.getTask(out, files, diagnostics, options, null, units).call();
            var errors = new ArrayList<String>();
            for (var d : diagnostics.getDiagnostics()) {
                if (d.getKind() == Diagnostic.Kind.ERROR) {
                    String file = d.getSource() == null ? "" : Path.of(d.getSource().toUri()).getFileName() + ":" + d.getLineNumber() + ": ";
                    // javac's first line says what ("cannot find symbol"), the next ones which ("symbol: method x()").
                    errors.add(file + String.join("; ", d.getMessage(Locale.ROOT).lines().map(String::strip)
                            .filter(l -> !l.isEmpty()).limit(3).toList()));
                }
            }
            if (!ok && errors.isEmpty()) {
                errors.add(out.toString().strip());
            }
            return errors;
        }
    }

    private static List<String> compileWithJavac(List<Path> sources, List<String> options) throws IOException {
        Path javac = Path.of(System.getProperty("java.home"), "bin", "javac");
        var command = new ArrayList<String>();
        command.add(javac.toString());
        command.addAll(options);
        sources.forEach(s -> command.add(s.toString()));
        var process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            return process.waitFor() == 0 ? List.of()
                    : output.lines().filter(l -> l.contains("error:")).map(l -> l.replaceAll("^.*/", "")).toList();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of("interrupted while compiling");
        }
    }

    private Path fixturesFolder() {
        try {
            return futureskit.Fixtures.root();
        } catch (IllegalStateException e) {
            // Not found from the working directory: look next to the exercises instead.
            for (Path dir = common; dir != null; dir = dir.getParent()) {
                if (Files.isRegularFile(dir.resolve("fixtures/country_codes.txt"))) {
                    return dir.resolve("fixtures");
                }
            }
            return null;
        }
    }

    private static Verdict error(String message) {
        return new Verdict("", Verdict.Status.ERROR, message, List.of(), 0);
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // A file the child still holds open: the temp folder is cleaned by the OS.
                }
            });
        } catch (IOException ignored) {
            // Nothing left to clean.
        }
    }
}
