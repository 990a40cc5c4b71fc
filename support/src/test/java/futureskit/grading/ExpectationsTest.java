package futureskit.grading;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExpectationsTest {

    @Test
    void theHeaderCommentDeclaresTheStatusAndTheTexts() {
        var e = Expectations.fromHeader("""
                // Wrong answer: only two workers, so at most 2 downloads overlap.
                // Expect: not yet
                //   Expect:   the server saw at most 2 requests at a time

                // Expect: a third, after a blank line
                import java.util.List;
                // Expect: not read: the header ended at the first line of code
                """);
        assertThat(e.about()).isEqualTo("only two workers, so at most 2 downloads overlap.");
        assertThat(e.status()).isEqualTo(Verdict.Status.FAIL);
        assertThat(e.texts()).containsExactly("the server saw at most 2 requests at a time", "a third, after a blank line");
    }

    @Test
    void aHeaderWithoutExpectationsOrWithAnUnknownStatusIsRejected() {
        assertThatThrownBy(() -> Expectations.fromHeader("import java.util.List;\n// Expect: not yet\n"))
                .hasMessageContaining("no \"// Expect: <status word>\" line");
        assertThatThrownBy(() -> Expectations.fromHeader("// Expect: wrong\n"))
                .hasMessageContaining("the first expectation is the status word").hasMessageContaining("not yet");
        assertThatThrownBy(() -> Expectations.fromHeader("// Expect:\n")).hasMessageContaining("empty");
    }

    @Test
    void aVerdictMeetsExpectationsWhenItStartsWithTheStatusAndContainsEveryText() {
        var e = Expectations.of("", List.of("timed out", "FutureTask.get", "server:"));
        String verdict = "✗ 04a_deadlock: timed out (graded in 7.9 s)\n  ...FutureTask.get...\n  server:   delay\n";
        assertThat(e.unmet("04a_deadlock", verdict)).isEmpty();
        assertThat(e.unmet("04a_deadlock", verdict.replace("timed out", "not yet").replace("server:", "")))
                .containsExactly("starts with \"✗ 04a_deadlock: timed out\"", "contains \"server:\"");
        assertThat(Expectations.of("", List.of("passed")).unmet("x", "✓ x: passed\n")).isEmpty();
    }
}
