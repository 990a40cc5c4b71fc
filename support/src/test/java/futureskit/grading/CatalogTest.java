package futureskit.grading;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CatalogTest {

    @Test
    void exercisesAreNumberedInOrderWithUniqueNamesAndBoundedLimits() {
        var names = Catalog.ALL.stream().map(Catalog.Exercise::name).toList();
        assertThat(names).doesNotHaveDuplicates().isSorted().hasSizeGreaterThanOrEqualTo(8);
        assertThat(Catalog.ALL).allSatisfy(e -> {
            assertThat(e.limitSeconds()).as(e.name()).isBetween(5, 30);
            assertThat(e.file()).endsWith(".java");
        });
    }

    @Test
    void aUniquePrefixNamesAnExercise() {
        assertThat(Catalog.resolve("01_threadpool")).isEqualTo("01_threadpool");
        assertThat(Catalog.resolve("03")).isEqualTo("03_deadlock");
        assertThat(Catalog.resolve("0")).as("ambiguous").isNull();
        assertThat(Catalog.resolve("99")).isNull();
        assertThatThrownBy(() -> Catalog.get("99_nothing")).hasMessageContaining("01_threadpool");
    }
}
