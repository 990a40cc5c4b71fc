package futureskit.grading;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class VerdictTest {

    @Test
    void aVerdictSurvivesTheTripFromTheChildJvm() {
        var sent = new Verdict("", Verdict.Status.TIMEOUT, "your code did not finish",
                List.of("seen:     main waiting\nin get()", "next:     return the inner future"), 0);
        var received = Verdict.parse("03_deadlock", sent.serialize());
        assertThat(received.exercise()).isEqualTo("03_deadlock");
        assertThat(received.status()).isEqualTo(Verdict.Status.TIMEOUT);
        assertThat(received.headline()).isEqualTo("your code did not finish");
        // A detail must stay one line: the report is line-based.
        assertThat(received.details()).containsExactly("seen:     main waiting in get()", "next:     return the inner future");
    }

    @Test
    void theTextNamesTheExerciseTheStatusAndHowToGetAHint() {
        var v = Verdict.fail("the server never saw more than 1 request at a time", List.of("seen:     1 in flight"))
                .withExercise("01_threadpool").withSeconds(3.25);
        assertThat(v.format("jbang exercises/grade.java hint 01_threadpool")).isEqualTo("""
                ✗ 01_threadpool: not yet (graded in 3.3 s)
                  the server never saw more than 1 request at a time
                  seen:     1 in flight
                  hint:     jbang exercises/grade.java hint 01_threadpool
                """);
        var pass = Verdict.pass("20 flags", List.of()).withExercise("01_threadpool");
        assertThat(pass.passed()).isTrue();
        assertThat(pass.format("unused")).isEqualTo("✓ 01_threadpool: passed\n  20 flags\n");
    }
}
