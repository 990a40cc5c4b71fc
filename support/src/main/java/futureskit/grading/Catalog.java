package futureskit.grading;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The exercises, discovered: every folder of {@code exercises/} that holds an {@code exercise.toml}, in the
 * order of their ids (which follow the lessons: 02a_threadpool, 03a_as_completed...). Adding an exercise is
 * adding a folder; nothing here lists them.
 */
public final class Catalog {

    private final Path root;
    private final List<Exercise> all;

    private Catalog(Path root, List<Exercise> all) {
        this.root = root;
        this.all = List.copyOf(all);
    }

    /** Reads every {@code <root>/<id>/exercise.toml}; a malformed one is an IllegalArgumentException naming it. */
    public static Catalog scan(Path root) {
        Path abs = root.toAbsolutePath().normalize();
        try (Stream<Path> folders = Files.list(abs)) {
            var exercises = folders.map(f -> f.resolve(Exercise.METADATA)).filter(Files::isRegularFile)
                    .map(Exercise::load).sorted(java.util.Comparator.comparing(Exercise::id)).toList();
            return new Catalog(abs, exercises);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the exercises in " + abs, e);
        }
    }

    public List<Exercise> all() {
        return all;
    }

    /** The exercise's own folder: statement, hints, metadata and starter. */
    public Path folder(Exercise exercise) {
        return root.resolve(exercise.id());
    }

    public List<String> ids() {
        return all.stream().map(Exercise::id).toList();
    }

    /** Former id to current id, for names and progress records from before the renaming. */
    public Map<String, String> formerIds() {
        var map = new LinkedHashMap<String, String>();
        all.forEach(e -> e.formerIds().forEach(former -> map.put(former, e.id())));
        return map;
    }

    /**
     * The exercise a learner means by {@code name}: its id, its former id ("01_threadpool"), the only id
     * starting with it ("02a"), or, when no id starts with it, the only former id starting with it ("01").
     */
    public Optional<Exercise> find(String name) {
        for (Exercise e : all) {
            if (e.id().equals(name) || e.formerIds().contains(name)) {
                return Optional.of(e);
            }
        }
        var byId = all.stream().filter(e -> e.id().startsWith(name)).toList();
        if (!byId.isEmpty()) {
            return byId.size() == 1 ? Optional.of(byId.getFirst()) : Optional.empty();
        }
        var byFormer = all.stream().filter(e -> e.formerIds().stream().anyMatch(f -> f.startsWith(name))).toList();
        return byFormer.size() == 1 ? Optional.of(byFormer.getFirst()) : Optional.empty();
    }

    /** As {@link #find}, or an IllegalArgumentException that lists the exercises. */
    public Exercise get(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException(unknown(name)));
    }

    /** "no exercise named X; the exercises are [...]". */
    public String unknown(String name) {
        return "no exercise named " + name + "; the exercises are " + ids();
    }
}
