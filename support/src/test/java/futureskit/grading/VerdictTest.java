package futureskit.grading;

import futureskit.grading.Verdict.Line;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VerdictTest {

    @Test
    void aVerdictSurvivesTheTripFromTheChildJvm() {
        var sent = new Verdict("", Verdict.Status.TIMEOUT, "your code did not finish",
                List.of(Line.seen("main waiting\nin get()"), Line.more("still\trunning"), Line.next("return the inner future")), 0);
        var received = Verdict.parse("04a_deadlock", sent.serialize());
        assertThat(received.exercise()).isEqualTo("04a_deadlock");
        assertThat(received.status()).isEqualTo(Verdict.Status.TIMEOUT);
        assertThat(received.headline()).isEqualTo("your code did not finish");
        // A detail must stay one line: the report is line-based.
        assertThat(received.details()).containsExactly(Line.seen("main waiting in get()"), Line.more("still running"),
                Line.next("return the inner future"));
    }

    @Test
    void theTextNamesTheExerciseTheStatusAndHowToGetAHint() {
        var v = Verdict.fail("the server never saw more than 1 request at a time", List.of(Line.seen("1 in flight")))
                .withExercise("02a_threadpool").withSeconds(3.25);
        assertThat(v.format("jbang exercises/grade.java hint 02a_threadpool")).isEqualTo("""
                ✗ 02a_threadpool: not yet (graded in 3.3 s)
                  the server never saw more than 1 request at a time
                  seen:     1 in flight
                  hint:     jbang exercises/grade.java hint 02a_threadpool
                """);
        var pass = Verdict.pass("20 flags", List.of()).withExercise("02a_threadpool");
        assertThat(pass.passed()).isTrue();
        assertThat(pass.format("unused")).isEqualTo("✓ 02a_threadpool: passed\n  20 flags\n");
    }

    @Test
    void theRendererPadsEveryLabelToOneColumnAndIndentsContinuations() {
        assertThat(Line.expected("20 flags").render()).isEqualTo("expected: 20 flags");
        assertThat(Line.seen("3 flags").render()).isEqualTo("seen:     3 flags");
        assertThat(Line.next("wait").render()).isEqualTo("next:     wait");
        assertThat(Line.threads("where").render()).isEqualTo("threads:  where");
        assertThat(Line.more("(and more)").render()).isEqualTo("          (and more)");
        assertThat(List.of(Line.where("x"), Line.server("x"), Line.output("x"), Line.error("x"), Line.hint("x")))
                .allSatisfy(l -> assertThat(l.render()).hasSize(Line.WIDTH + 1).startsWith(l.label() + ":").endsWith(" x"));
        assertThatThrownBy(() -> new Line("much too long", "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void eachStatusWordIsTheOneItsDocumentationGives() {
        assertThat(Verdict.Status.values()).extracting(s -> s.word)
                .containsExactly("passed", "not yet", "timed out", "does not compile", "grader error");
    }
}
