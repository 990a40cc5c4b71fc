package futureskit;

import org.junit.jupiter.api.Test;

import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Lesson 8's scripts as a learner runs them, each against its own seeded embedded servers: the counts are exact
 * (the seeds decide which flags stall or fail), the timings only bounded, and the server's side of every
 * cancellation is printed.
 */
class Lesson8ScriptsTest {
    private static final long BOUND = 120;   // seconds; a first JBang build on a busy machine

    @Test
    void aDeadlineForTheBatchKeepsWhatArrivedAndTheServerSeesTheStalledRequestsGo() throws Exception {
        var run = Scripts.jbang(Scripts.freshWorkDir("lesson8"), BOUND, "jbang/flags_deadline.java");
        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.stdout()).contains("20% stall (no answer)", "14 flags downloaded, 3 cancelled, 3 failed in ",
                "cancelled: IN EG CD; failed: PK RU ET", "server: 3 requests abandoned by the client; their connections closed ",
                "server: 20 requests (200: 14, 418: 2, 500: 1), 3 not delivered (client gone)");
    }

    @Test
    void hedgedRequestsGetEveryFlagAlthoughEachMirrorStallsOnSome() throws Exception {
        var run = Scripts.jbang(BOUND, "jbang/flags_hedged.java");
        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.stdout()).contains("alone, the site would stall on PK BD JP MX VN, the mirror on CN ID NG EG IR",
                "hedged: 20 flags in ");
        // Every flag was asked of both; each mirror answered some first and saw the others cancelled.
        var line = Pattern.compile("(site  |mirror): 20 requests, (\\d+) answered first, (\\d+) cancelled by the client");
        var counts = line.matcher(run.stdout()).results().map(m -> Integer.parseInt(m.group(2)) + Integer.parseInt(m.group(3))).toList();
        assertThat(counts).containsExactly(20, 20);
        assertThat(line.matcher(run.stdout()).results().mapToInt(m -> Integer.parseInt(m.group(2))).sum()).isEqualTo(20);
    }

    @Test
    void anInterruptEndsABlockedReadExceptAPlatformThreadsSocketRead() throws Exception {
        var run = Scripts.jbang(BOUND, "jbang/blocked_read.java");
        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.stdout()).containsPattern("a platform thread, java.net.Socket +no: still blocked 1 s later +\\d+ ms after the interrupt \\(when we closed the socket\\)")
                .containsPattern("a platform thread, SocketChannel +yes: ClosedByInterruptException")
                .containsPattern("a virtual thread, java.net.Socket +yes: SocketException")
                .containsPattern("a virtual thread, SocketChannel +yes: ClosedByInterruptException")
                .containsPattern("OkHttp, Call.cancel\\(\\) \\(platform\\) +yes: ");
    }

    @Test
    void retriesWithBackoffRecoverTransientErrorsAndNeverRetryA404() throws Exception {
        var run = Scripts.jbang(BOUND, "jbang/flags_retry.java");
        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.stdout()).contains("20 flags downloaded; XX not found and ZZ not found, asked 1 and 1 times",
                "server: 32 requests (200: 20, 404: 2, 418: 8, 500: 2)", "32 requests for 22 codes: 10 retries");
    }

    @Test
    void theStructuredScopeShowsInAThreadDumpFailsFastAndTimesOut() throws Exception {
        var run = Scripts.jbang(BOUND, "jbang/flags_structured.java");
        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.stdout()).contains("└─ flags (a StructuredTaskScope) owned by main: 20 virtual threads",
                "20 flags downloaded in ", "FailedException: HTTP error 418 - I'm a teapot for ",
                "server: 19 requests abandoned by the client", "the scope's timeout cancelled all 20 subtasks",
                "server: 20 requests abandoned by the client");
    }

    @Test
    void aBadOptionIsOneLineAndExitStatus2() throws Exception {
        var run = Scripts.jbang(BOUND, "jbang/flags_deadline.java", "--deadline", "soon");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).isEqualTo("flags_deadline: --deadline takes a number of seconds, e.g. 0.5, not soon (try --help)\n");
    }
}
