package futureskit.grading;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CatalogTest {

    /** The kit's exercises, as the grader discovers them (the tests run in support/). */
    static final Catalog KIT = Catalog.scan(Path.of("..", "exercises"));

    @Test
    void theKitsExercisesAreDiscoveredInOrderWithUniqueIdsBoundedLimitsAndAJudgeEach() {
        var ids = KIT.ids();
        assertThat(ids).doesNotHaveDuplicates().isSorted().hasSizeGreaterThanOrEqualTo(8)
                .allMatch(id -> id.matches("\\d\\d[a-z]_[a-z_]+"), "lesson number, letter, name");
        assertThat(KIT.all()).allSatisfy(e -> {
            // An exercise that needs more than this library (09a: a cluster, started per check) is judged where
            // its judge lives (the cluster module's tests) and may take longer: its members boot first.
            assertThat(e.limitSeconds()).as(e.id()).isBetween(5, e.needs().isEmpty() ? 30 : 90);
            assertThat(e.file()).endsWith(".java");
            assertThat(e.lesson()).as(e.id()).startsWith(e.id().substring(0, 2));
            if (e.needs().isEmpty()) {
                assertThat(Trial.judgeOf(e)).as(e.id()).isNotNull();
            }
            assertThat(Expectations.of("starter", e.starterExpect()).status()).as(e.id()).isNotEqualTo(Verdict.Status.PASS);
        });
        assertThat(KIT.folder(KIT.get("02a_threadpool"))).isEqualTo(Path.of("..", "exercises", "02a_threadpool").toAbsolutePath().normalize());
    }

    @Test
    void anIdItsFormerIdOrAUniquePrefixNamesAnExercise() {
        assertThat(KIT.get("02a_threadpool").id()).isEqualTo("02a_threadpool");
        assertThat(KIT.get("02a").id()).isEqualTo("02a_threadpool");
        assertThat(KIT.get("04").id()).isEqualTo("04a_deadlock");
        assertThat(KIT.get("01_threadpool").id()).as("former id").isEqualTo("02a_threadpool");
        assertThat(KIT.get("08_timeouts").id()).as("former id").isEqualTo("08a_timeouts");
        assertThat(KIT.get("06c_timeouts").id()).as("the other former id").isEqualTo("08a_timeouts");
        assertThat(KIT.get("01").id()).as("former prefix, when no id starts with it").isEqualTo("02a_threadpool");
        assertThat(KIT.find("06")).as("ambiguous: 06a, 06b").isEmpty();
        assertThat(KIT.find("0")).as("ambiguous").isEmpty();
        assertThat(KIT.find("99")).isEmpty();
        assertThatThrownBy(() -> KIT.get("99_nothing")).hasMessageContaining("99_nothing").hasMessageContaining("02a_threadpool");
        assertThat(KIT.formerIds()).containsEntry("01_threadpool", "02a_threadpool").containsEntry("08_timeouts", "08a_timeouts")
                .containsEntry("06c_timeouts", "08a_timeouts").hasSize(9);
    }

    @Test
    void discoveryTakesEveryFolderWithMetadataInIdOrder(@TempDir Path root) throws IOException {
        ExerciseTest.write(root.resolve("09b_second"), ExerciseTest.VALID);
        ExerciseTest.write(root.resolve("09a_first"), ExerciseTest.VALID);
        Files.createDirectories(root.resolve("common"));
        Files.writeString(root.resolve("common/Flags.java"), "class Flags {}");
        var catalog = Catalog.scan(root);
        assertThat(catalog.ids()).containsExactly("09a_first", "09b_second");
        assertThat(catalog.find("09")).isEmpty();
    }

    @Test
    void aMalformedExerciseStopsDiscoveryWithItsName(@TempDir Path root) throws IOException {
        ExerciseTest.write(root.resolve("09a_first"), ExerciseTest.VALID);
        ExerciseTest.write(root.resolve("09b_broken"), "title = \"unterminated\n");
        assertThatThrownBy(() -> Catalog.scan(root)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("09b_broken/exercise.toml");
    }
}
