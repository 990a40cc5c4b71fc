package futureskit.grading;

import futureskit.grading.Verdict.Line;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The verdict channel: only a report sealed with the check's key is believed; nothing in a report crashes the grader. */
class SealTest {

    private static final Verdict PASS = Verdict.pass("20 flags", List.of(Line.seen("every flag matches")));

    @Test
    void aSealedVerdictOpensWithTheSameKeyOnly() throws Exception {
        byte[] key = Seal.newKey();
        String report = new Seal(key).seal(PASS);
        assertThat(report).startsWith(Seal.HEADER);
        var opened = new Seal(key).open("02a_threadpool", report);
        assertThat(opened.passed()).isTrue();
        assertThat(opened.exercise()).isEqualTo("02a_threadpool");
        assertThat(opened.details()).containsExactly(Line.seen("every flag matches"));
        assertThatThrownBy(() -> new Seal(Seal.newKey()).open("02a_threadpool", report))
                .isInstanceOf(Seal.Broken.class).hasMessageContaining("signature does not match");
    }

    @Test
    void forgedTamperedOrMalformedReportsAreBrokenNotCrashes() {
        var seal = new Seal(Seal.newKey());
        String sealed = seal.seal(Verdict.fail("not yet", List.of()));
        for (String report : List.of("PASS\n20 flags, trust me\n", "", "\n\n\t", Seal.HEADER + "zz\nPASS\nx\n",
                sealed.replace("FAIL", "PASS"), Seal.HEADER + "00\nPASS\n", "x".repeat(10_000))) {
            assertThatThrownBy(() -> seal.open("02a_threadpool", report)).as(report).isInstanceOf(Seal.Broken.class);
        }
    }

    @Test
    void aSignedReportThatIsNoVerdictSaysSoInsteadOfThrowing() {
        byte[] key = Seal.newKey();
        var seal = new Seal(key);
        // Signed by the right key, but no verdict inside: what a grader bug would write.
        String body = "NOT_A_STATUS\nheadline\n";
        String report = new Seal(key).seal(PASS).lines().findFirst().orElseThrow();
        assertThat(report).startsWith(Seal.HEADER);
        assertThatThrownBy(() -> seal.open("x", signed(key, body))).isInstanceOf(Seal.Broken.class)
                .hasMessageStartingWith("it is signed but not a verdict");
    }

    @Test
    void theKeyTravelsAsOneLineAndAnythingElseIsNoKey() {
        byte[] key = Seal.newKey();
        assertThat(Seal.parseLine(Seal.line(key) + "\n")).isEqualTo(key);
        assertThat(Seal.parseLine(null)).isNull();
        assertThat(Seal.parseLine("")).isNull();
        assertThat(Seal.parseLine("not hex at all")).isNull();
        assertThat(Seal.parseLine(Seal.line(key).substring(2))).isNull();
    }

    private static String signed(byte[] key, String body) {
        try {
            var mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
            return Seal.HEADER + java.util.HexFormat.of().formatHex(mac.doFinal(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                    + "\n" + body;
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }
}
