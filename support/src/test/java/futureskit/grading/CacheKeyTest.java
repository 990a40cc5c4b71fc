package futureskit.grading;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheKeyTest {

    @Test
    void theKeyChangesWithWhateverTheEntryWasBuiltFrom(@TempDir Path dir) throws Exception {
        Path jar = Files.writeString(dir.resolve("lib.jar"), "jar");
        Path helper = Files.writeString(dir.resolve("Helper.java"), "class Helper {}");
        var cp = List.of(jar);
        String key = CacheKey.of(cp, List.of("-Xmx256m"), List.of(helper));

        assertThat(key).matches("[0-9a-f]{24}").isEqualTo(CacheKey.of(cp, List.of("-Xmx256m"), List.of(helper)));
        assertThat(CacheKey.of(cp, List.of("-Xmx512m"), List.of(helper))).as("another JVM option").isNotEqualTo(key);
        assertThat(CacheKey.of(cp, List.of("-Xmx256m"), List.of())).as("without the helper").isNotEqualTo(key);

        Files.writeString(helper, "class Helper { }");
        String edited = CacheKey.of(cp, List.of("-Xmx256m"), List.of(helper));
        assertThat(edited).as("the helper edited").isNotEqualTo(key);

        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() - 60_000));
        assertThat(CacheKey.of(cp, List.of("-Xmx256m"), List.of(helper))).as("the jar rebuilt").isNotEqualTo(edited);
    }
}
