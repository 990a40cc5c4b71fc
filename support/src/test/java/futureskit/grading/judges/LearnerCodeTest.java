package futureskit.grading.judges;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Where a class's bytecode creates objects of a type: in a lambda, in a loop, or once. */
class LearnerCodeTest {

    static final class Shapes {
        static Semaphore once() {
            return new Semaphore(3);
        }

        static int perIteration(int n) {
            int permits = 0;
            for (int i = 0; i < n; i++) {
                permits += new Semaphore(i).availablePermits();
            }
            return permits;
        }

        static Supplier<Semaphore> inLambda() {
            return () -> new Semaphore(1);
        }
    }

    @Test
    void findsEachCreationWithItsPlace() throws Exception {
        Path classes = Path.of(Shapes.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        var sites = LearnerCode.creations(classes, "java/util/concurrent/Semaphore", List.of()).stream()
                .filter(s -> s.className().contains("LearnerCodeTest$Shapes")).toList();
        assertThat(sites).hasSize(3);
        assertThat(sites).filteredOn(s -> s.method().equals("once")).singleElement()
                .satisfies(s -> assertThat(s.inLambda() || s.inLoop()).isFalse());
        assertThat(sites).filteredOn(s -> s.method().equals("perIteration")).singleElement()
                .satisfies(s -> assertThat(s.inLoop()).isTrue());
        assertThat(sites).filteredOn(s -> s.method().startsWith("lambda$")).singleElement()
                .satisfies(s -> assertThat(s.inLambda()).isTrue())
                .satisfies(s -> assertThat(s.where()).startsWith("LearnerCodeTest.java:"));
    }
}
