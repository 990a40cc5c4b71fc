package futureskit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;

/**
 * Ready-made {@link ProcessPool} tasks. They are records of this library because a worker JVM can only run
 * classes it can load: a lambda written in a notebook cell lives in the kernel's JShell and nowhere else.
 */
public final class ProcessPoolTasks {

    private ProcessPoolTasks() {
    }

    /** SHA-256 of {@code rounds} copies of {@code size} bytes from {@code new Random(seed)} (sha_futures' job). */
    public record Sha256(long seed, int size, int rounds) implements ProcessPool.Task<String> {
        @Override
        public String call() throws Exception {
            return sha256(seed, size, rounds);
        }
    }

    /** The same computation in the calling JVM, to compare threads with processes. */
    public static String sha256(long seed, int size, int rounds) throws Exception {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        var algo = MessageDigest.getInstance("SHA-256");
        for (int r = 0; r < rounds; r++) {
            algo.update(data);
        }
        return HexFormat.of().formatHex(algo.digest());
    }

    /** The process id of the JVM that runs the task: proof that it is not ours. */
    public record Pid() implements ProcessPool.Task<Long> {
        @Override
        public Long call() {
            return ProcessHandle.current().pid();
        }
    }

    /** Sends {@code payload} to the worker and gets it back: the cost of moving data between JVMs. */
    public record Echo(byte[] payload) implements ProcessPool.Task<byte[]> {
        @Override
        public byte[] call() {
            return payload;
        }
    }

    /** Sleeps, then answers with its label. */
    public record Sleep(String label, long millis) implements ProcessPool.Task<String> {
        @Override
        public String call() throws InterruptedException {
            Thread.sleep(millis);
            return label;
        }
    }

    /** Calls {@code System.exit(status)}: in a thread of the notebook's JVM this would end the kernel. */
    public record Exit(int status) implements ProcessPool.Task<Void> {
        @Override
        public Void call() {
            System.exit(status);
            return null;
        }
    }

    /** Keeps allocating 1 MB blocks up to {@code megabytes}: an OutOfMemoryError in a worker with a small -Xmx. */
    public record Allocate(int megabytes) implements ProcessPool.Task<Integer> {
        @Override
        public Integer call() {
            byte[][] blocks = new byte[megabytes][];
            for (int i = 0; i < megabytes; i++) {
                blocks[i] = new byte[1 << 20];
            }
            return blocks.length;
        }
    }

    /** Ends the JVM on the spot with {@code Runtime.halt}, no shutdown hooks: what a native crash looks like. */
    public record Crash() implements ProcessPool.Task<Void> {
        @Override
        public Void call() {
            Runtime.getRuntime().halt(134);
            return null;
        }
    }

    /**
     * Downloads one flag in the worker: I/O work on a process pool, as the book tries with the flags job. It uses
     * the JDK's own HTTP client because a worker's classpath is this library's, without the jars a notebook
     * loaded.
     */
    public record GetFlag(String url) implements ProcessPool.Task<byte[]> {
        @Override
        public byte[] call() throws IOException, InterruptedException {
            return download(url, Duration.ofSeconds(10));
        }
    }

    /**
     * GETs {@code url} with the JDK's HTTP client, for tasks that run in another JVM (a pool's worker, a cluster's
     * member) with only this library on their classpath; an answer other than 200 is an {@link HttpStatusException}.
     */
    public static byte[] download(String url, Duration timeout) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).build();
        var response = JdkHttp.CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new HttpStatusException(response.statusCode(), url);
        }
        return response.body();
    }

    // One client per JVM, made on first use: a caller that only creates tasks (a notebook's kernel) builds none.
    private static final class JdkHttp {
        static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** The value of a system property in the JVM that runs the task: a static of the caller's JVM is not the worker's. */
    public record SystemProperty(String name) implements ProcessPool.Task<String> {
        @Override
        public String call() {
            return String.valueOf(System.getProperty(name));
        }
    }
}
