package futureskit.grading;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A class-data-sharing archive for the child JVM (AppCDS, {@code -XX:SharedArchiveFile}): the classes every
 * check loads (the JDK's, OkHttp's, Kotlin's, Jackson's, the flag server's, javac's are not needed there) are
 * mapped from the archive instead of being loaded, verified and linked again, which saves about a third of the
 * child's start-up.
 *
 * <p>The first check without an archive makes one once it has judged normally (jcmd's {@code VM.cds dynamic_dump}
 * from inside the child, into a file of its own, renamed into place by the grader), so checks running side by
 * side never read a half-written archive, and a check stopped for a timeout makes none. The archive's name is a digest of what it depends on (JDK, JVM options, class
 * path and the size and time of each jar): change any of them and a new one is made. A JVM that cannot use an
 * archive ignores it ({@code -Xshare:auto}). The class path must hold jars only: the JDK refuses to archive with
 * a non-empty folder on it, so then there is no archive (the tests' class path, for one).
 */
final class CdsArchive {

    /** What one child JVM does with the archive: its options, and what happens to a new archive afterwards. */
    interface Use {
        List<String> options();

        /** The check ended normally: a new archive it wrote becomes the one the next checks use. */
        default void keep() {
        }

        /** The check did not end normally: a new archive it may have written is dropped. */
        default void discard() {
        }
    }

    /** The property that tells the child where to dump a new archive (see {@link #dumpNow()}). */
    static final String DUMP_PROPERTY = "futureskit.cds.dump";

    /**
     * In the child, after a normal judgement: dumps the classes loaded so far into the archive file the grader
     * named (jcmd's VM.cds dynamic_dump, through the platform's diagnostic bean), if it named one. Never throws.
     */
    static void dumpNow() {
        String file = System.getProperty(DUMP_PROPERTY);
        if (file == null) {
            return;
        }
        try {
            java.lang.management.ManagementFactory.getPlatformMBeanServer().invoke(
                    new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"), "vmCds",
                    new Object[] {new String[] {"dynamic_dump", file}}, new String[] {String[].class.getName()});
        } catch (Exception | LinkageError e) {
            // No archive this time: the next check tries again.
        }
    }

    /** No archive: nothing to add, nothing to keep. */
    private static final Use NONE = List::of;

    private CdsArchive() {
    }

    static Use use(Path cacheDir, List<Path> classpath, List<String> jvmOptions) {
        if (cacheDir == null || classpath.stream().anyMatch(CdsArchive::holdsFolder) || Boolean.getBoolean("futureskit.nocds")) {
            return NONE;
        }
        Path archive;
        try {
            Files.createDirectories(cacheDir);
            archive = cacheDir.resolve("child-" + CacheKey.of(classpath, jvmOptions, List.of()) + ".jsa");
        } catch (IOException | RuntimeException e) {
            return NONE;
        }
        if (Files.isRegularFile(archive)) {
            List<String> options = List.of("-XX:SharedArchiveFile=" + archive);
            return () -> options;   // an archive there already: used, never replaced
        }
        Path fresh = cacheDir.resolve(archive.getFileName() + "." + UUID.randomUUID() + ".tmp");
        return new Use() {
            @Override
            public List<String> options() {
                // The child dumps the archive itself once it has judged normally (Trial), never at an exit forced
                // by a timeout: an answer that fills the heap would make a dump at exit take tens of seconds.
                return List.of("-XX:+RecordDynamicDumpInfo", "-D" + DUMP_PROPERTY + "=" + fresh);
            }

            @Override
            public void keep() {
                try {
                    if (Files.isRegularFile(fresh) && Files.size(fresh) > 0) {
                        Files.move(fresh, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                        removeOthers(cacheDir, archive);
                    }
                } catch (IOException e) {
                    discard();
                }
            }

            @Override
            public void discard() {
                try {
                    Files.deleteIfExists(fresh);
                } catch (IOException e) {
                    // A temporary file in the cache: the next archive made removes it.
                }
            }
        };
    }

    /** A folder, or a jar whose manifest's Class-Path names one (a test runner's class-path jar does). */
    private static boolean holdsFolder(Path entry) {
        if (Files.isDirectory(entry)) {
            return true;
        }
        try (var jar = new java.util.jar.JarFile(entry.toFile())) {
            var manifest = jar.getManifest();
            String classPath = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
            if (classPath == null) {
                return false;
            }
            for (String item : classPath.trim().split("\\s+")) {
                if (item.endsWith("/")) {
                    return true;
                }
                try {
                    Path p = item.startsWith("file:") ? Path.of(java.net.URI.create(item)) : entry.resolveSibling(item);
                    if (Files.isDirectory(p)) {
                        return true;
                    }
                } catch (RuntimeException e) {
                    return true;  // cannot tell: no archive rather than a failing one
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    /** Archives kept: the shell grader and a notebook use different class paths, so each needs its own. */
    static final int KEEP = 4;

    /**
     * Keeps the {@value #KEEP} newest archives (older ones belong to an older JDK or class path, e.g. the test
     * runner's), and drops leftovers of interrupted checks after an hour.
     */
    private static void removeOthers(Path cacheDir, Path keep) {
        long now = System.currentTimeMillis();
        try (Stream<Path> files = Files.list(cacheDir)) {
            var all = files.filter(p -> p.getFileName().toString().startsWith("child-") && !p.equals(keep)).toList();
            var archives = all.stream().filter(p -> p.toString().endsWith(".jsa"))
                    .sorted(java.util.Comparator.comparingLong(CdsArchive::modified).reversed()).toList();
            var stale = new java.util.ArrayList<>(archives.subList(Math.min(archives.size(), KEEP - 1), archives.size()));
            all.stream().filter(p -> p.toString().endsWith(".tmp") && now - modified(p) > 3_600_000L).forEach(stale::add);
            for (Path p : stale) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // In use or gone.
                }
            }
        } catch (IOException e) {
            // Nothing to clean.
        }
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}
