package futureskit.grading;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExerciseTest {

    static final String VALID = """
            title = "a title"
            lesson = "09_lesson"
            file = "Answer.java"
            judge = "futureskit.grading.judges.ThreadPoolJudge"
            formerly = "09_old"
            limit_seconds = 12
            expected_time = "a second"
            timeout_advice = \"""\\
                one line, \\
                joined.\"""
            exception_advice = "look at the exception"
            starter_expect = ["not yet", "something"]
            """;

    static Path write(Path folder, String toml) throws IOException {
        Files.createDirectories(folder);
        return Files.writeString(folder.resolve(Exercise.METADATA), toml);
    }

    @Test
    void theMetadataIsReadFromTomlAndTheIdIsTheFolderName(@TempDir Path root) throws IOException {
        var e = Exercise.load(write(root.resolve("09a_answer"), VALID));
        assertThat(e).isEqualTo(new Exercise("09a_answer", "a title", "09_lesson", "Answer.java",
                "futureskit.grading.judges.ThreadPoolJudge", "09_old", 12, "a second", "one line, joined.",
                "look at the exception", java.util.List.of("not yet", "something")));
    }

    @Test
    void formerlyAndStarterExpectMayBeLeftOut(@TempDir Path root) throws IOException {
        var e = Exercise.load(write(root.resolve("09a_answer"), VALID.replace("formerly = \"09_old\"\n", "")
                .replace("starter_expect = [\"not yet\", \"something\"]\n", "")));
        assertThat(e.formerly()).isEmpty();
        assertThat(e.starterExpect()).isEmpty();
    }

    @Test
    void formerlyMayListSeveralIdsLatestFirstAndPreviewIsAFlag(@TempDir Path root) throws IOException {
        var e = Exercise.load(write(root.resolve("09a_answer"), VALID.replace("formerly = \"09_old\"",
                "formerly = [\"07c_older\", \"09_old\"]\npreview = true")));
        assertThat(e.formerly()).isEqualTo("07c_older");
        assertThat(e.formerIds()).containsExactly("07c_older", "09_old");
        assertThat(e.preview()).isTrue();
        var one = Exercise.load(write(root.resolve("09b_answer"), VALID));
        assertThat(one.formerIds()).containsExactly("09_old");
        assertThat(one.preview()).isFalse();
        write(root.resolve("09c_answer"), VALID.replace("formerly = \"09_old\"", "formerly = []"));
        assertThatThrownBy(() -> Exercise.load(root.resolve("09c_answer").resolve(Exercise.METADATA)))
                .hasMessage("09c_answer/exercise.toml: formerly must be an id or a list of ids, latest first");
        write(root.resolve("09d_answer"), VALID + "preview = \"yes\"\n");
        assertThatThrownBy(() -> Exercise.load(root.resolve("09d_answer").resolve(Exercise.METADATA)))
                .hasMessage("09d_answer/exercise.toml: preview must be true or false");
    }

    @Test
    void librariesAnExerciseNeedsComeFromItsNeedsTables(@TempDir Path root) throws IOException {
        assertThat(Exercise.load(write(root.resolve("09a_answer"), VALID)).needs()).isEmpty();
        var e = Exercise.load(write(root.resolve("09a_answer"), VALID + """
                [[needs]]
                class = "futureskit.cluster.Cluster"
                maven = "io.github.futureskit:futures-kit-cluster:1.0.0"
                """));
        assertThat(e.needs()).containsExactly(new Exercise.Library("futureskit.cluster.Cluster", "io.github.futureskit:futures-kit-cluster:1.0.0"));
        assertThat(e.needs().getFirst().repositoryPath()).isEqualTo("io/github/futureskit/futures-kit-cluster");
        write(root.resolve("09a_answer"), VALID + "[[needs]]\nclass = \"a.B\"\nmaven = \"a:b\"\n");
        assertThatThrownBy(() -> Exercise.load(root.resolve("09a_answer").resolve(Exercise.METADATA)))
                .hasMessage("09a_answer/exercise.toml: [[needs]] maven is group:artifact:version, not a:b");
        write(root.resolve("09a_answer"), VALID + "needs = \"hazelcast\"\n");
        assertThatThrownBy(() -> Exercise.load(root.resolve("09a_answer").resolve(Exercise.METADATA)))
                .hasMessage("09a_answer/exercise.toml: needs must be tables [[needs]] with class and maven");
        write(root.resolve("09a_answer"), VALID + "timeout_hint = [\"take\"]\n");
        assertThatThrownBy(() -> Exercise.load(root.resolve("09a_answer").resolve(Exercise.METADATA)))
                .hasMessage("09a_answer/exercise.toml: timeout_hint must be tables [[timeout_hint]] with seen and next");
    }

    @Test
    void aMalformedFileGetsAOneLineErrorNamingTheFileAndLine(@TempDir Path root) throws IOException {
        Path toml = write(root.resolve("09a_answer"), VALID.replace("limit_seconds = 12", "limit_seconds = = 12"));
        assertThatThrownBy(() -> Exercise.load(toml)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("09a_answer/exercise.toml:6: not valid TOML")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void unknownMissingOrMistypedKeysAreNamed(@TempDir Path root) throws IOException {
        Path dir = root.resolve("09a_answer");
        write(dir, VALID.replace("title =", "titel ="));
        assertThatThrownBy(() -> Exercise.load(dir.resolve(Exercise.METADATA))).hasMessage(
                "09a_answer/exercise.toml: unknown key titel (the keys are [exception_advice, expected_time, file, formerly,"
                        + " judge, lesson, limit_seconds, needs, preview, stall_seconds, starter_expect, timeout_advice,"
                        + " timeout_hint, title])");
        write(dir, VALID.replace("lesson = \"09_lesson\"\n", ""));
        assertThatThrownBy(() -> Exercise.load(dir.resolve(Exercise.METADATA)))
                .hasMessage("09a_answer/exercise.toml: lesson must be a non-empty string");
        write(dir, VALID.replace("limit_seconds = 12", "limit_seconds = \"12\""));
        assertThatThrownBy(() -> Exercise.load(dir.resolve(Exercise.METADATA)))
                .hasMessageContaining("limit_seconds must be a whole number of seconds");
        write(dir, VALID.replace("Answer.java", "Answer.py"));
        assertThatThrownBy(() -> Exercise.load(dir.resolve(Exercise.METADATA))).hasMessageContaining("file must name a .java file");
        write(dir, "");
        assertThatThrownBy(() -> Exercise.load(dir.resolve(Exercise.METADATA))).hasMessageContaining("09a_answer/exercise.toml");
    }

    @Test
    void theStallWatchAndTimeoutHintsAreOptionalData(@TempDir Path root) throws IOException {
        var plain = Exercise.load(write(root.resolve("09a_answer"), VALID));
        assertThat(plain.stallSeconds()).isZero();
        assertThat(plain.timeoutHints()).isEmpty();
        assertThat(plain.timeoutAdvice(java.util.List.of("thread main (WAITING) in X.take"))).isEqualTo("one line, joined.");

        var e = Exercise.load(write(root.resolve("09b_answer"), VALID + """
                stall_seconds = 1.5

                [[timeout_hint]]
                seen = "ExecutorCompletionService.take"
                next = "submit through the completion service"

                [[timeout_hint]]
                seen = "Thread.sleep"
                next = "do not sleep"
                """));
        assertThat(e.stallSeconds()).isEqualTo(1.5);
        assertThat(e.timeoutHints()).hasSize(2);
        assertThat(e.timeoutAdvice(java.util.List.of("thread main (WAITING) in ExecutorCompletionService.take(...) ← A.b")))
                .isEqualTo("submit through the completion service");
        assertThat(e.timeoutAdvice(java.util.List.of("thread main (TIMED_WAITING) in Thread.sleep(...)"))).isEqualTo("do not sleep");
        assertThat(e.timeoutAdvice(java.util.List.of())).isEqualTo("one line, joined.");

        Path dir = root.resolve("09c_answer");
        write(dir, VALID + "stall_seconds = 60\n");
        assertThatThrownBy(() -> Exercise.load(dir.resolve(Exercise.METADATA))).hasMessageContaining("stall_seconds must be");
        write(dir, VALID + "\n[[timeout_hint]]\nseen = \"x\"\n");
        assertThatThrownBy(() -> Exercise.load(dir.resolve(Exercise.METADATA))).hasMessageContaining("next must be a non-empty string");
    }
}
