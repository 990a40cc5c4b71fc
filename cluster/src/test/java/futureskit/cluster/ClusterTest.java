package futureskit.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.MemberLeftException;
import com.hazelcast.spi.exception.TargetDisconnectedException;
import futureskit.ProcessPoolTasks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ClusterTest {

    @AfterEach
    void noStrayMembers() throws Exception {
        // Members stop within seconds of close(); none may be left running after a test.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (ProcessHandle.current().descendants().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)).as("member JVMs left running").isEmpty();
    }

    @Test
    void membersJoinOnLoopbackOnlyAndNeverPhoneHome() {
        var ports = List.of(5701, 5702, 5703);
        var config = Cluster.memberConfig("test", "member-2", 5702, ports);

        assertThat(config.getProperty("hazelcast.phone.home.enabled")).isEqualTo("false");
        assertThat(config.getProperty("hazelcast.socket.bind.any")).isEqualTo("false");
        var network = config.getNetworkConfig();
        assertThat(network.getPort()).isEqualTo(5702);
        assertThat(network.isPortAutoIncrement()).isFalse();
        assertThat(network.getInterfaces().isEnabled()).isTrue();
        assertThat(network.getInterfaces().getInterfaces()).containsExactly("127.0.0.1");
        var join = network.getJoin();
        assertThat(join.getMulticastConfig().isEnabled()).isFalse();
        assertThat(join.getAutoDetectionConfig().isEnabled()).isFalse();
        assertThat(join.getTcpIpConfig().isEnabled()).isTrue();
        assertThat(join.getTcpIpConfig().getMembers()).containsExactly("127.0.0.1:5701", "127.0.0.1:5702", "127.0.0.1:5703");
        assertThat(join.getAwsConfig().isEnabled() || join.getGcpConfig().isEnabled() || join.getAzureConfig().isEnabled()
                || join.getKubernetesConfig().isEnabled() || join.getEurekaConfig().isEnabled()).as("a cloud join").isFalse();
        assertThat(config.getMemberAttributeConfig().getAttribute(Cluster.NAME_ATTRIBUTE)).isEqualTo("member-2");
        // The member JVMs are told twice: by their config and by the system property, read before any config.
        assertThat(Cluster.MEMBER_JVM_OPTIONS).contains("-Dhazelcast.phone.home.enabled=false");

        var client = Cluster.clientConfig("test", ports).getNetworkConfig();
        assertThat(client.getAddresses()).containsExactly("127.0.0.1:5701", "127.0.0.1:5702", "127.0.0.1:5703");
        assertThat(client.getAutoDetectionConfig().isEnabled()).isFalse();
        assertThat(client.getCloudConfig().isEnabled()).isFalse();
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void aKilledMembersTasksAreRetriedElsewhereAndNoResultIsLostThenItRejoins() throws Exception {
        int jobs = 12, rounds = 300; // a few tenths of a second each on a busy machine: some still run at the kill
        try (var cluster = Cluster.shared(3)) {
            assertThat(Cluster.shared(3)).as("a notebook cell run twice").isSameAs(cluster);
            assertThat(cluster.members()).extracting(Cluster.MemberProcess::name).containsExactly("member-1", "member-2", "member-3");
            assertThat(cluster.liveMembers()).extracting(Cluster::name).containsExactly("member-1", "member-2", "member-3");
            var executor = cluster.executor();
            var everywhere = executor.submitToAllMembers(new ClusterTasks.Where());
            var pids = new ArrayList<Long>();
            for (var f : everywhere.values()) pids.add(f.get(30, TimeUnit.SECONDS).pid());
            assertThat(pids).containsExactlyInAnyOrderElementsOf(cluster.members().stream().map(Cluster.MemberProcess::pid).toList());

            // Every job goes to a chosen member, so member-3 surely has work when it dies.
            var members = cluster.liveMembers();
            Map<Future<ClusterTasks.Ran<String>>, Integer> toDo = new HashMap<>();
            for (int job = 0; job < jobs; job++) {
                toDo.put(executor.submitToMember(new ClusterTasks.Sha256(job, rounds), members.get(job % 3)), job);
            }
            cluster.kill(3);
            assertThat(cluster.member(3).isAlive()).isFalse();

            var digests = new TreeMap<Integer, String>();
            var ranOn = new HashMap<Integer, String>();
            var retried = new ArrayList<Integer>();
            for (var entry : toDo.entrySet()) {
                int job = entry.getValue();
                ClusterTasks.Ran<String> ran;
                try {
                    ran = entry.getKey().get(60, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    assertThat(e.getCause()).as("job " + job).isInstanceOfAny(TargetDisconnectedException.class, MemberLeftException.class);
                    retried.add(job);
                    ran = executor.submit(new ClusterTasks.Sha256(job, rounds)).get(60, TimeUnit.SECONDS);
                }
                digests.put(job, ran.value());
                ranOn.put(job, ran.member());
            }

            assertThat(retried).as("member-3's jobs failed and were sent again").isNotEmpty()
                    .allMatch(job -> job % 3 == 2);
            for (int job : retried) assertThat(ranOn.get(job)).isIn("member-1", "member-2");
            assertThat(digests).hasSize(jobs);
            for (int job = 0; job < jobs; job++) {
                assertThat(digests.get(job)).as("job " + job).isEqualTo(ProcessPoolTasks.sha256(job, ClusterTasks.Sha256.SIZE, rounds));
            }
            // At once, as the notebook does: restart waits until the client has seen the dead member leave, or the
            // list below could still hold it, and a task sent to it would fail (TargetNotMemberException).
            long deadPid = cluster.member(3).pid();
            var back = cluster.restart(3);
            long seen = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!cluster.log(1).contains("member-3 left; cluster now 2") && System.nanoTime() < seen) Thread.sleep(50);
            assertThat(cluster.log(1)).contains("[member-1] ready:", "member-3 left; cluster now 2");
            assertThat(back.pid()).isNotEqualTo(deadPid);
            var member3 = cluster.liveMembers().get(2);
            assertThat(Cluster.name(member3)).isEqualTo("member-3");
            assertThat(executor.submitToMember(new ClusterTasks.Where(), member3).get(30, TimeUnit.SECONDS).pid()).isEqualTo(back.pid());
            assertThat(Cluster.shared(3)).as("whole again: no new cluster").isSameAs(cluster);

            // Another size replaces it; so does a cluster that lost a member (1 member each, to keep it short).
            var small = Cluster.shared(1);
            try {
                assertThat(cluster.isClosed()).isTrue();
                assertThat(cluster.members()).noneMatch(Cluster.MemberProcess::isAlive);
                small.kill(1);
                var fresh = Cluster.shared(1);
                assertThat(fresh).isNotSameAs(small);
                assertThat(small.isClosed()).isTrue();
                fresh.close();
                assertThat(fresh.members()).noneMatch(Cluster.MemberProcess::isAlive);
            } finally {
                small.close();
            }
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aMemberDiesWithTheProcessThatStartedIt() throws Exception {
        // bash plays the notebook kernel: it starts a member, then is killed without a chance to clean up.
        int port = Cluster.freePorts(1).getFirst();
        Path log = Files.createTempFile("member", ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var command = new ArrayList<>(List.of(java));
        command.addAll(Cluster.MEMBER_JVM_OPTIONS);
        command.addAll(List.of("-cp", Cluster.classpath(), ClusterMember.class.getName(), "--name", "orphan",
                "--cluster", "orphan-test", "--port", Integer.toString(port), "--watch-parent"));
        String script = String.join(" ", command.stream().map(a -> "'" + a + "'").toList()) + " > '" + log + "' 2>&1 & wait";
        Process kernel = new ProcessBuilder("bash", "-c", script).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.readString(log).contains("[orphan] ready:")) {
                assertThat(System.nanoTime()).as("member started; its output: " + Files.readString(log)).isLessThan(deadline);
                Thread.sleep(100);
            }
            var member = kernel.toHandle().children().findFirst().orElseThrow();
            kernel.destroyForcibly().waitFor();
            assertThat(member.onExit().get(15, TimeUnit.SECONDS).isAlive()).as("the member outlived its parent").isFalse();
        } finally {
            kernel.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            kernel.destroyForcibly();
            Files.deleteIfExists(log);
        }
    }
}
