package futureskit.grading;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The classpath of the JVM that compiles and runs a learner's answer: the grading classes, the flag server,
 * OkHttp with what it needs (okio, kotlin-stdlib), and Jackson's TOML reader for the exercise's metadata.
 *
 * <p>Where those come from depends on who is grading: under JBang every jar is on {@code java.class.path};
 * in a notebook kernel the jars {@code %maven} added are not, but the classes they hold are loaded, so their
 * code-source locations point at the jars in the local Maven repository. As a last resort the jars are
 * looked up in {@code ~/.m2/repository} (JBang and Maven both resolve into it).
 */
final class ChildClasspath {

    /** Classes whose jars the child needs, with the Maven path to look in when none is loaded. */
    private static final List<String[]> NEEDED = List.of(
            new String[] {"futureskit.grading.Trial", null},
            new String[] {"futureskit.FlagServer", null},
            new String[] {"okhttp3.OkHttpClient", "com/squareup/okhttp3/okhttp-jvm"},
            new String[] {"okio.Okio", "com/squareup/okio/okio-jvm"},
            new String[] {"kotlin.Unit", "org/jetbrains/kotlin/kotlin-stdlib"},
            // The child reads its exercise's metadata (exercise.toml) itself.
            new String[] {"com.fasterxml.jackson.dataformat.toml.TomlMapper", "com/fasterxml/jackson/dataformat/jackson-dataformat-toml"},
            new String[] {"com.fasterxml.jackson.databind.ObjectMapper", "com/fasterxml/jackson/core/jackson-databind"},
            new String[] {"com.fasterxml.jackson.core.JsonFactory", "com/fasterxml/jackson/core/jackson-core"},
            new String[] {"com.fasterxml.jackson.annotation.JsonProperty", "com/fasterxml/jackson/core/jackson-annotations"},
            // Exercise 10a paces its downloads with Resilience4j's RateLimiter.
            new String[] {"io.github.resilience4j.ratelimiter.RateLimiter", "io/github/resilience4j/resilience4j-ratelimiter"},
            new String[] {"io.github.resilience4j.core.EventConsumer", "io/github/resilience4j/resilience4j-core"});

    private ChildClasspath() {
    }

    /** The entries, in order, or a message saying which library could not be found and how to get it. */
    static List<Path> resolve() throws GradingError {
        return resolve(List.of());
    }

    /**
     * As {@link #resolve()}, plus the libraries an exercise needs ({@link Exercise#needs()}): each found as the
     * others are (loaded, on the classpath, else in the local Maven repository), or a message saying how to load it.
     */
    static List<Path> resolve(List<Exercise.Library> needs) throws GradingError {
        var entries = new LinkedHashSet<>(resolveNeeded());
        var missing = new ArrayList<String>();
        for (Exercise.Library library : needs) {
            if (!find(entries, library.className(), library.repositoryPath())) {
                missing.add(library.maven());
            }
        }
        if (!missing.isEmpty()) {
            throw new GradingError("the grader cannot find " + String.join(" and ", missing) + ", which this exercise"
                    + " needs. In a notebook, run %maven " + String.join(" and %maven ", missing) + " first (the lesson's"
                    + " first cell does); from a shell, use jbang exercises/grade.java, which brings it.");
        }
        return List.copyOf(entries);
    }

    private static List<Path> resolveNeeded() throws GradingError {
        var entries = new LinkedHashSet<Path>();
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!entry.isBlank() && Files.exists(Path.of(entry)) && !manifestOnly(Path.of(entry))) {
                entries.add(Path.of(entry).toAbsolutePath());
            }
        }
        var missing = new ArrayList<String>();
        for (String[] need : NEEDED) {
            if (!find(entries, need[0], need[1])) {
                missing.add(need[0]);
            }
        }
        if (!missing.isEmpty()) {
            throw new GradingError("the grader cannot find " + missing + " to run your code with. In a notebook, run a"
                    + " cell with %maven com.squareup.okhttp3:okhttp-jvm:5.5.1 first; from a shell, use"
                    + " jbang exercises/grade.java, which brings OkHttp itself.");
        }
        return List.copyOf(entries);
    }

    /**
     * Puts the entry that holds {@code className} in {@code entries}: where its loaded class came from, else an
     * entry already there that holds it, else the newest jar under {@code repositoryPath} (if not null) in the
     * local Maven repository. False when there is none.
     */
    private static boolean find(Set<Path> entries, String className, String repositoryPath) {
        Optional<Path> location = locationOf(className);
        if (location.isPresent()) {
            entries.add(location.get());
            return true;
        }
        if (onClasspath(entries, className)) {
            return true;
        }
        Optional<Path> jar = repositoryPath == null ? Optional.empty() : newestInLocalRepository(repositoryPath);
        jar.ifPresent(entries::add);
        return jar.isPresent();
    }

    /**
     * A jar that holds nothing but a manifest (a test runner's class-path jar): it adds only its Class-Path, whose
     * classes the child needs are found by their own locations below, and it would keep the child's class-data
     * archive from being made (its Class-Path names folders).
     */
    private static boolean manifestOnly(Path entry) {
        if (!Files.isRegularFile(entry) || !entry.toString().endsWith(".jar")) {
            return false;
        }
        try (var jar = new java.util.jar.JarFile(entry.toFile())) {
            return jar.stream().allMatch(e -> e.getName().startsWith("META-INF/"));
        } catch (IOException e) {
            return false;
        }
    }

    static String asString(List<Path> entries) {
        return String.join(File.pathSeparator, entries.stream().map(Path::toString).toList());
    }

    private static Optional<Path> locationOf(String className) {
        for (ClassLoader loader : loaders()) {
            try {
                Class<?> c = Class.forName(className, false, loader);
                CodeSource source = c.getProtectionDomain().getCodeSource();
                if (source != null && source.getLocation() != null) {
                    return Optional.of(Path.of(source.getLocation().toURI()).toAbsolutePath());
                }
            } catch (ClassNotFoundException | LinkageError | URISyntaxException | IllegalArgumentException | SecurityException e) {
                // Not loadable from here: try the next loader, then the local repository.
            }
        }
        return Optional.empty();
    }

    private static List<ClassLoader> loaders() {
        var loaders = new ArrayList<ClassLoader>();
        loaders.add(ChildClasspath.class.getClassLoader());
        if (Thread.currentThread().getContextClassLoader() != null) {
            loaders.add(Thread.currentThread().getContextClassLoader());
        }
        loaders.add(ClassLoader.getSystemClassLoader());
        return loaders;
    }

    private static boolean onClasspath(Set<Path> entries, String className) {
        String resource = className.replace('.', '/') + ".class";
        for (Path entry : entries) {
            if (Files.isDirectory(entry) && Files.exists(entry.resolve(resource))) {
                return true;
            }
            if (Files.isRegularFile(entry) && entry.toString().endsWith(".jar")) {
                try (var jar = new java.util.jar.JarFile(entry.toFile())) {
                    if (jar.getEntry(resource) != null) {
                        return true;
                    }
                } catch (IOException e) {
                    // Not a jar we can read: it cannot hold the class either.
                }
            }
        }
        return false;
    }

    /** The jar of the highest version of an artifact in the local Maven repository. */
    static Optional<Path> newestInLocalRepository(String groupAndArtifactPath) {
        String repo = System.getProperty("maven.repo.local");
        Path base = repo != null ? Path.of(repo) : Path.of(System.getProperty("user.home"), ".m2", "repository");
        Path dir = base.resolve(groupAndArtifactPath);
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        String artifact = dir.getFileName().toString();
        try (Stream<Path> versions = Files.list(dir)) {
            return versions.filter(Files::isDirectory)
                    .map(v -> v.resolve(artifact + "-" + v.getFileName() + ".jar"))
                    .filter(Files::isRegularFile)
                    .max(Comparator.comparing(p -> versionKey(p.getParent().getFileName().toString())));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String versionKey(String version) {
        var key = new StringBuilder();
        for (String part : version.split("[.-]")) {
            key.append(part.matches("\\d+") ? String.format("%08d", Long.parseLong(part)) : part).append('.');
        }
        return key.toString();
    }

    /** The grader cannot run at all (as opposed to a learner's answer that fails). */
    static final class GradingError extends Exception {
        GradingError(String message) {
            super(message);
        }
    }
}
