package futureskit.grading;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressFileTest {

    @Test
    void recordsUnderAFormerIdAreReadUnderTheCurrentOne(@TempDir Path dir) throws IOException {
        Path file = dir.resolve(".progress");
        Files.writeString(file, """
                01_threadpool.status=PASS
                01_threadpool.hash=abc
                01_threadpool.hints=2
                03_deadlock.status=TIMEOUT
                04a_deadlock.status=FAIL
                99_unknown.status=PASS
                """);
        var progress = new ProgressFile(file, Map.of("01_threadpool", "02a_threadpool", "03_deadlock", "04a_deadlock")).load();
        assertThat(progress).containsEntry("02a_threadpool.status", "PASS").containsEntry("02a_threadpool.hash", "abc")
                .containsEntry("02a_threadpool.hints", "2")
                .as("a record under the current id wins").containsEntry("04a_deadlock.status", "FAIL")
                .containsEntry("99_unknown.status", "PASS")
                .doesNotContainKeys("01_threadpool.status", "03_deadlock.status");
    }

    @Test
    void anExerciseRenamedTwiceKeepsTheRecordOfItsLatestFormerId(@TempDir Path dir) throws IOException {
        Path file = dir.resolve(".progress");
        Files.writeString(file, "08_timeouts.status=FAIL\n06c_timeouts.status=PASS\n08_timeouts.hints=3\n");
        var formerIds = new java.util.LinkedHashMap<String, String>();
        formerIds.put("06c_timeouts", "08a_timeouts");   // latest first, as Catalog.formerIds() lists them
        formerIds.put("08_timeouts", "08a_timeouts");
        assertThat(new ProgressFile(file, formerIds).load()).containsEntry("08a_timeouts.status", "PASS")
                .containsEntry("08a_timeouts.hints", "3").hasSize(2);
    }

    @Test
    void aSaveReplacesTheFileWholeAndLeavesNoTemporaryFile(@TempDir Path dir) throws IOException {
        var file = new ProgressFile(dir.resolve(".progress"), Map.of());
        assertThat(file.load()).isEmpty();
        var p = new Properties();
        p.setProperty("02a_threadpool.status", "PASS");
        file.save(p);
        assertThat(file.load()).isEqualTo(p);
        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly(".progress");
        }
    }
}
