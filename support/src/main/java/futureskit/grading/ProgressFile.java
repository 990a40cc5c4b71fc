package futureskit.grading;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Properties;

/**
 * A learner's progress: {@code .progress} in the graded folder, java Properties keyed by exercise id
 * ({@code 02a_threadpool.status}, {@code .hash}, {@code .hints}). Records kept under a former id
 * ({@code 01_threadpool.status}) are read as the exercise's current id, so progress made before the
 * renaming is not lost.
 */
final class ProgressFile {

    private final Path file;
    private final Map<String, String> formerIds;

    ProgressFile(Path file, Map<String, String> formerIds) {
        this.file = file;
        this.formerIds = formerIds;
    }

    /** The records, former ids mapped to current ones (a record under the current id wins). */
    Properties load() {
        var raw = new Properties();
        if (Files.isRegularFile(file)) {
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                raw.load(r);
            } catch (IOException | IllegalArgumentException e) {
                // A damaged progress file only loses the record of past checks.
            }
        }
        // An exercise renamed twice may have records under both former ids: the one listed first (the latest) wins.
        var rank = new java.util.HashMap<String, Integer>();
        formerIds.keySet().forEach(id -> rank.putIfAbsent(id, rank.size()));
        var keys = new java.util.ArrayList<>(raw.stringPropertyNames());
        keys.sort(java.util.Comparator.comparingInt(key -> rank.getOrDefault(idOf(key), -1)));
        var progress = new Properties();
        for (String key : keys) {
            int dot = key.lastIndexOf('.');
            String current = formerIds.get(idOf(key));
            if (current == null) {
                progress.setProperty(key, raw.getProperty(key));
            } else {
                String renamed = current + key.substring(dot < 0 ? key.length() : dot);
                if (!raw.containsKey(renamed) && !progress.containsKey(renamed)) {
                    progress.setProperty(renamed, raw.getProperty(key));
                }
            }
        }
        return progress;
    }

    private static String idOf(String key) {
        int dot = key.lastIndexOf('.');
        return dot < 0 ? key : key.substring(0, dot);
    }

    /** Writes the records atomically: a crash mid-save leaves the previous file, never half of one. */
    void save(Properties progress) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                progress.store(w, "futures kit: last verdict and hints shown per exercise (jbang exercises/grade.java list)");
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            // Read-only checkout: grading still works, progress is just not remembered.
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // Nothing more to do on a read-only folder.
            }
        }
    }
}
