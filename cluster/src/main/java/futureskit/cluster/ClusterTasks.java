package futureskit.cluster;

import futureskit.ProcessPoolTasks;

import java.io.IOException;
import java.io.Serializable;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * Tasks for the cluster. They are records of this library because a member can only run classes it can load:
 * this jar is on every member's classpath, a class typed in a notebook cell is not. Each answers with a
 * {@link Ran}: the value plus the member and JVM that computed it, so a lesson can show where work went.
 */
public final class ClusterTasks {

    private ClusterTasks() {
    }

    /** A task's value and where it was computed: the member's name ("member-2") and its JVM's pid. */
    public record Ran<T>(T value, String member, long pid) implements Serializable {
        static <T> Ran<T> here(T value) {
            return new Ran<>(value, ClusterMember.name(), ProcessHandle.current().pid());
        }
    }

    /** SHA-256 of {@code rounds} copies of 1 MB from {@code new Random(job)}: sha_futures' job (lesson 7). */
    public record Sha256(int job, int rounds) implements Callable<Ran<String>>, Serializable {
        public static final int SIZE = 1 << 20;

        @Override
        public Ran<String> call() throws Exception {
            return Ran.here(ProcessPoolTasks.sha256(job, SIZE, rounds));
        }
    }

    /**
     * Downloads one flag on the member: {@code baseUrl + "/cn/cn.gif"} (the book's {@code get_flag}). The JDK's
     * HTTP client, so a member needs no other jar; an answer other than 200 is the support library's
     * {@link futureskit.HttpStatusException}, as for lesson 1's {@code getFlag}.
     */
    public record GetFlag(String cc, String baseUrl) implements Callable<Ran<byte[]>>, Serializable {
        @Override
        public Ran<byte[]> call() throws IOException, InterruptedException {
            String lower = cc.toLowerCase(Locale.ROOT);
            String url = baseUrl + "/" + lower + "/" + lower + ".gif";
            return Ran.here(ProcessPoolTasks.download(url, Duration.ofSeconds(30)));
        }
    }

    /** Answers with where it ran and nothing else: the smallest possible round trip. */
    public record Where() implements Callable<Ran<Void>>, Serializable {
        @Override
        public Ran<Void> call() {
            return Ran.here(null);
        }
    }

    /** Sends {@code payload} to a member and back: the cost of moving data. */
    public record Echo(byte[] payload) implements Callable<byte[]>, Serializable {
        @Override
        public byte[] call() {
            return payload;
        }
    }
}
