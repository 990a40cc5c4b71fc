package futureskit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Lesson 9's scripts as a learner runs them: a cluster of the script's own that loses a member mid-run, and
 * members started by jbang/cluster_member.java that other scripts join. Digests are computed here.
 */
class Lesson9ClusterScriptsTest {
    private static final long BOUND = 240; // seconds: a first jbang build, then member JVMs booting on a busy machine
    private static final Pattern TWO_MEMBERS = Pattern.compile("(?m)^\\[member-1\\] .*(cluster now 2: | of 2 now \\()");
    private static final Pattern DIGEST = Pattern.compile("(?m)^\\s*(\\d+) ([0-9a-f]{64}) (member-\\d)$");

    private record Line(String digest, String member) {}

    private static Map<Integer, Line> digests(String stdout) {
        var lines = new HashMap<Integer, Line>();
        var m = DIGEST.matcher(stdout);
        while (m.find()) {
            assertThat(lines.put(Integer.parseInt(m.group(1)), new Line(m.group(2), m.group(3)))).as("job " + m.group(1) + " printed twice").isNull();
        }
        return lines;
    }

    private static void assertRight(Map<Integer, Line> digests, int rounds) throws Exception {
        assertThat(digests.keySet()).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
        for (var e : digests.entrySet()) {
            assertThat(e.getValue().digest()).as("job " + e.getKey()).isEqualTo(ProcessPoolTasks.sha256(e.getKey(), 1 << 20, rounds));
        }
    }

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void aKilledMembersJobsAreSentAgainAndEveryDigestComesBack() throws Exception {
        int rounds = 512; // each job outlasts the half second before the kill, even on a fast machine
        var run = Scripts.jbang(BOUND, "jbang/cluster_sha.java", "--members", "2", "--kill", "2", "--rounds", Integer.toString(rounds));

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.stdout()).contains("started 2 members in ", "killed member-2 (pid ", "12 digests in ");
        var digests = digests(run.stdout());
        assertRight(digests, rounds);
        var lost = Pattern.compile("(?m)^\\s*(\\d+) lost with its member \\((TargetDisconnectedException|MemberLeftException)\\): sent again$")
                .matcher(run.stdout()).results().map(m -> Integer.parseInt(m.group(1))).toList();
        assertThat(lost).as("member-2 had jobs when it died\n" + run.all()).isNotEmpty();
        for (int job : lost) assertThat(digests.get(job).member()).as("job " + job + " after its retry").isEqualTo("member-1");
        assertThat(run.stdout()).contains("retried: " + lost);
    }

    @Test
    @Timeout(value = 400, unit = TimeUnit.SECONDS)
    void membersStartedByTheMemberScriptServeTheOtherScripts() throws Exception {
        var usage = Scripts.jbang(BOUND, "jbang/cluster_member.java", "4");
        assertThat(usage.exitCode()).isEqualTo(2);
        assertThat(usage.stderr()).contains("error: give the member's NUMBER, from 1 to 3", "usage: cluster_member.java NUMBER");
        var badKill = Scripts.jbang(BOUND, "jbang/cluster_sha.java", "--join", "--kill", "1");
        assertThat(badKill.exitCode()).isEqualTo(2);
        assertThat(badKill.stderr()).contains("error: --kill takes a member this script started").doesNotContain("Exception");

        var dir = Scripts.freshWorkDir("lesson9");
        var members = new ArrayList<Process>();
        var outputs = new ArrayList<Path>();
        try {
            for (int n = 1; n <= 2; n++) {
                var out = dir.resolve("member-" + n + ".out");
                outputs.add(out);
                members.add(Scripts.start(out, dir.resolve("member-" + n + ".err"), "jbang/cluster_member.java", Integer.toString(n), "--members", "2"));
            }
            // Either may boot first. Member-1 says it has company with "member-2 joined; cluster now 2: ..." when
            // member-2 joins it, or in its ready line ("... of 2 now (member-2, member-1)") when it joins member-2.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND);
            while (!TWO_MEMBERS.matcher(Files.readString(outputs.get(0))).find()) {
                assertThat(members).as("a member script ended early").allMatch(Process::isAlive);
                assertThat(System.nanoTime()).as("two members within " + BOUND + " s; member-1 printed:\n"
                        + Files.readString(outputs.get(0)) + "member-2 printed:\n" + Files.readString(outputs.get(1))).isLessThan(deadline);
                Thread.sleep(200);
            }
            assertThat(Files.readString(outputs.get(0))).contains("[member-1] ready: pid ", "listening on 127.0.0.1:5701");

            var sha = Scripts.jbang(BOUND, "jbang/cluster_sha.java", "--join", "--members", "2", "--rounds", "2");
            assertThat(sha.exitCode()).as(sha.all()).isZero();
            assertThat(sha.stdout()).contains("joined cluster 'futureskit': 2 members", "retried: []");
            var digests = digests(sha.stdout());
            assertRight(digests, 2);
            assertThat(digests.values().stream().map(Line::member).collect(Collectors.toSet())).isSubsetOf("member-1", "member-2");

            var flagsDir = Scripts.freshWorkDir("lesson9");
            var flags = Scripts.jbang(flagsDir, BOUND, "jbang/cluster_flags.java", "--join", "--delay", "0");
            assertThat(flags.exitCode()).as(flags.all()).isZero();
            assertThat(flags.stdout()).contains("joined cluster 'futureskit': 2 members", "downloads per member: {member-",
                    "20 flags downloaded in ");
            try (var files = Files.list(flagsDir.resolve("downloads"))) {
                var saved = files.toList();
                assertThat(saved).hasSize(20);
                for (Path file : saved) {
                    String cc = file.getFileName().toString().replace(".gif", "").toUpperCase();
                    assertThat(Fixtures.POP20_CC).contains(cc);
                    assertThat(Fixtures.matches(cc, Files.readAllBytes(file))).as(cc).isTrue();
                }
            }

            Scripts.stop(members.get(1)); // a member that dies: the other one notices
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.readString(outputs.get(0)).contains("[member-1] member-2 left; cluster now 1: member-1")) {
                assertThat(System.nanoTime()).as("member-1 noticed; it printed:\n" + Files.readString(outputs.get(0))).isLessThan(deadline);
                Thread.sleep(200);
            }
        } finally {
            for (var member : members) Scripts.stop(member);
        }
    }
}
