package futureskit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;

/**
 * The kit's embedded flag server: the stand-in for the book's nginx (LOCAL), nginx behind a Vaurien or
 * Toxiproxy delay (DELAY) and the book's {@code slow_server.py} that answers some requests with 418 (ERROR).
 *
 * <p>Same URL layout as the book's site: {@code GET /flags/cn/cn.gif} answers 200 {@code image/gif}. Codes are
 * lower case, as on the book's site: {@code /flags/CN/CN.gif} is a 404 whose body says so. HEAD works, other
 * methods get 405. Anything malformed (percent-encoding, dot segments, empty segments, characters outside
 * {@code [A-Za-z0-9._/-]}, a query string, a path longer than 256 characters) gets a 4xx at once, and only
 * regular files under the flags folder whose name matches {@code <cc>/<cc>.gif} with {@code cc} in
 * {@code [a-z]{2}} are ever read.
 *
 * <p>One virtual thread per request sleeps the latency, so a thousand slow requests cost a thousand parked
 * virtual threads, and the listen backlog is {@value #BACKLOG}: a thousand simultaneous connections are
 * queued, not reset as by the book's Python servers (backlog 5).
 *
 * <p>Which request fails in ERROR mode, and the latency of each request in a delay range, are a function of
 * (seed, path, how many times that path was requested before) and not of the arrival order, so a seeded
 * run gives the same counts however the requests interleave, and a retry of the same path may succeed.
 *
 * <p>The server's threads are daemon threads: a script that forgets to {@link #close()} still exits when
 * its {@code main} returns. JDK only, because JBang scripts compile this file through {@code //SOURCES}.
 */
public final class FlagServer implements AutoCloseable {

    /** Listen backlog: room for a thousand simultaneous connects while the accept loop catches up. */
    public static final int BACKLOG = 2048;
    /** Longest request path (plus query) accepted; longer ones get 414. */
    public static final int MAX_PATH = 256;

    /** How the server behaves; each mode has the book's port and default latency and error rate. */
    public enum Mode {
        /** No added latency: the book's local nginx. */
        LOCAL(8001),
        /** Every flag request waits a latency (default 0.5 s): nginx behind Vaurien/Toxiproxy. */
        DELAY(8002),
        /** Latency plus a fraction of requests answered with an HTTP error: the book's slow_server.py. */
        ERROR(8003);

        private final int bookPort;

        Mode(int bookPort) {
            this.bookPort = bookPort;
        }

        /** The port the book's servers use for this mode (the CLI's default). */
        public int bookPort() {
            return bookPort;
        }
    }

    /**
     * What to start. The mode is a name with defaults (see {@link #of(Mode)}); the numbers decide the
     * behaviour: a LOCAL config given a delay is delayed. Delays are in seconds; {@code minDelay == maxDelay}
     * is a fixed latency, otherwise each request draws one uniformly in the range.
     */
    public record Config(Mode mode, String host, int port, double minDelay, double maxDelay, double errorRate,
                         long seed, boolean logRequests, Path flagsDir) {

        public Config {
            Objects.requireNonNull(mode, "mode");
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(flagsDir, "flagsDir");
            if (host.isBlank()) {
                throw new IllegalArgumentException("host must not be blank (use 127.0.0.1 for loopback)");
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0 (any free port) to 65535, not " + port);
            }
            if (!(minDelay >= 0) || !(maxDelay >= minDelay) || maxDelay > 3600) {
                throw new IllegalArgumentException("delay must be 0 <= min <= max <= 3600 seconds, not "
                        + minDelay + "-" + maxDelay);
            }
            if (!(errorRate >= 0 && errorRate <= 1)) {
                throw new IllegalArgumentException("errorRate must be a fraction from 0 to 1, not " + errorRate);
            }
            flagsDir = flagsDir.toAbsolutePath().normalize();
        }

        /**
         * The defaults of a mode: loopback, an ephemeral port, seed 42, no request log, the kit's fixtures;
         * LOCAL no delay, DELAY 0.5 s, ERROR 0.5 s and 25% errors.
         */
        public static Config of(Mode mode) {
            double delay = mode == Mode.LOCAL ? 0 : 0.5;
            double errorRate = mode == Mode.ERROR ? 0.25 : 0;
            return new Config(mode, "127.0.0.1", 0, delay, delay, errorRate, 42, false, Fixtures.flagsDir());
        }

        public Config withPort(int port) {
            return new Config(mode, host, port, minDelay, maxDelay, errorRate, seed, logRequests, flagsDir);
        }

        /** A fixed latency in seconds. */
        public Config withDelay(double seconds) {
            return withDelay(seconds, seconds);
        }

        /** A latency drawn uniformly from {@code [min, max]} seconds per request. */
        public Config withDelay(double min, double max) {
            return new Config(mode, host, port, min, max, errorRate, seed, logRequests, flagsDir);
        }

        public Config withErrorRate(double errorRate) {
            return new Config(mode, host, port, minDelay, maxDelay, errorRate, seed, logRequests, flagsDir);
        }

        public Config withSeed(long seed) {
            return new Config(mode, host, port, minDelay, maxDelay, errorRate, seed, logRequests, flagsDir);
        }

        /** One line per request on standard error, e.g. {@code 127.0.0.1 GET /flags/cn/cn.gif 200 0.51s}. */
        public Config withLogRequests(boolean logRequests) {
            return new Config(mode, host, port, minDelay, maxDelay, errorRate, seed, logRequests, flagsDir);
        }

        public Config withHost(String host) {
            return new Config(mode, host, port, minDelay, maxDelay, errorRate, seed, logRequests, flagsDir);
        }

        public Config withFlagsDir(Path flagsDir) {
            return new Config(mode, host, port, minDelay, maxDelay, errorRate, seed, logRequests, flagsDir);
        }

        /** What this server adds to a plain file server, e.g. "delay 0.5s, 25% errors, seed 42". */
        public String describe() {
            String delay = maxDelay == 0 ? "no added delay"
                    : minDelay == maxDelay ? "delay " + seconds(minDelay) + "s"
                    : "delay " + seconds(minDelay) + "-" + seconds(maxDelay) + "s";
            if (errorRate == 0) {
                return delay;
            }
            return delay + ", " + seconds(errorRate * 100) + "% errors (418, 500, 503), seed " + seed;
        }

        /**
         * What the server does with the {@code attempt}-th request (counting from 0) for a flag path such as
         * {@code /flags/cn/cn.gif}: its latency, and the injected error status or 0 when it is served normally.
         * A pure function of this config, so tests and graders can predict a seeded run.
         */
        public Outcome outcome(String path, long attempt) {
            long base = mix(mix(seed ^ 0x5DEECE66DL) ^ fnv1a(path));
            long draw = mix(base + attempt * 0x9E3779B97F4A7C15L);
            double delay = minDelay + unit(mix(draw ^ 1)) * (maxDelay - minDelay);
            int status = 0;
            if (unit(mix(draw ^ 2)) < errorRate) {
                double which = unit(mix(draw ^ 3));
                status = which < 0.6 ? 418 : which < 0.8 ? 500 : 503;
            }
            return new Outcome(Duration.ofNanos(Math.round(delay * 1e9)), status);
        }
    }

    /** The latency of one request and the error it is answered with (0: none, the flag is served). */
    public record Outcome(Duration latency, int errorStatus) {
        public boolean fails() {
            return errorStatus != 0;
        }
    }

    /** A snapshot of the live statistics. {@code byStatus} is sorted by status code. */
    public record Stats(long requests, Map<Integer, Long> byStatus, int inFlight, int maxInFlight) {
        public Stats {
            byStatus = java.util.Collections.unmodifiableMap(new TreeMap<>(byStatus));
        }

        /** How many requests were answered with this status. */
        public long count(int status) {
            return byStatus.getOrDefault(status, 0L);
        }

        /** Requests answered with anything but 200. */
        public long failures() {
            return byStatus.entrySet().stream().filter(e -> e.getKey() != 200).mapToLong(Map.Entry::getValue).sum();
        }

        /** E.g. "1000 requests (200: 750, 418: 150, 500: 50, 503: 50), max 998 in flight". */
        @Override
        public String toString() {
            var parts = new ArrayList<String>();
            byStatus.forEach((status, count) -> parts.add(status + ": " + count));
            return requests + (requests == 1 ? " request" : " requests") + (parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")")
                    + ", max " + maxInFlight + " in flight" + (inFlight > 0 ? " (" + inFlight + " now)" : "");
        }
    }

    private static final Map<Mode, FlagServer> SHARED = new EnumMap<>(Mode.class);

    // Only these characters may appear in a path we look at further; everything else is "malformed".
    private static final Pattern SAFE_PATH = Pattern.compile("/[A-Za-z0-9._/-]*");
    private static final Pattern FLAG_PATH = Pattern.compile("/flags/([a-z]{2})/\\1\\.gif");
    private static final Pattern UPPER_FLAG_PATH = Pattern.compile("/flags/([A-Za-z]{2})/\\1\\.gif",
            Pattern.CASE_INSENSITIVE);

    private final Config config;
    private final HttpServer http;
    private final ExecutorService executor;
    private final Path flagsRoot;
    private final Path realFlagsRoot;
    private final AtomicBoolean closed = new AtomicBoolean();

    private final LongAdder requests = new LongAdder();
    private final Map<Integer, LongAdder> byStatus = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    // Bounded: only paths matching FLAG_PATH (at most 26 * 26) get an attempt counter.
    private final Map<String, AtomicLong> attempts = new ConcurrentHashMap<>();
    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    private FlagServer(Config config) {
        this.config = config;
        this.flagsRoot = config.flagsDir();
        if (!Files.isDirectory(flagsRoot)) {
            throw new IllegalArgumentException("the flags folder " + flagsRoot + " does not exist");
        }
        try {
            this.realFlagsRoot = flagsRoot.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("flag-server-", 0).factory());
        try {
            this.http = createOnDaemonThread();
        } catch (RuntimeException e) {
            executor.shutdownNow();
            throw e;
        }
    }

    /** Starts a new server (always a new one; notebooks want {@link #shared(Config)}). */
    public static FlagServer start(Config config) {
        return new FlagServer(config);
    }

    /**
     * The server of this config's mode shared by the whole JVM, for notebooks: the running one when its
     * config is the same (re-running a cell), otherwise the old one is closed and a new one started. A
     * shared server of another mode on the same fixed port is closed too, so a cell never fails with
     * "address already in use" because of an earlier cell. Statistics are not reset: call
     * {@link #resetStats()} before a measured run.
     */
    public static FlagServer shared(Config config) {
        synchronized (SHARED) {
            FlagServer current = SHARED.get(config.mode());
            if (current != null && !current.closed.get() && current.config.equals(config)) {
                return current;
            }
            if (current != null) {
                current.close();
            }
            if (config.port() != 0) {
                for (FlagServer other : new ArrayList<>(SHARED.values())) {
                    if (other.port() == config.port()) {
                        other.close();
                    }
                }
            }
            FlagServer server = start(config);
            SHARED.put(config.mode(), server);
            return server;
        }
    }

    /** {@code shared(Config.of(mode))}: the mode's defaults on an ephemeral port. */
    public static FlagServer shared(Mode mode) {
        return shared(Config.of(mode));
    }

    /** E.g. {@code http://127.0.0.1:8002/flags}; a flag is at {@code baseUrl() + "/cn/cn.gif"}. */
    public String baseUrl() {
        String host = config.host();
        if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
            host = "127.0.0.1";
        } else if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return "http://" + host + ":" + port() + "/flags";
    }

    /** The URL of one flag, e.g. {@code flagUrl("CN")} is {@code baseUrl() + "/cn/cn.gif"}. */
    public String flagUrl(String cc) {
        String code = cc.strip().toLowerCase(Locale.ROOT);
        return baseUrl() + "/" + code + "/" + code + ".gif";
    }

    /** The port actually bound (the ephemeral one when the config says 0). */
    public int port() {
        return http.getAddress().getPort();
    }

    public Config config() {
        return config;
    }

    public boolean isClosed() {
        return closed.get();
    }

    /** A consistent-enough snapshot: each counter is exact, read one after the other. */
    public Stats stats() {
        var statuses = new TreeMap<Integer, Long>();
        byStatus.forEach((status, count) -> statuses.put(status, count.sum()));
        return new Stats(requests.sum(), statuses, inFlight.get(), maxInFlight.get());
    }

    /**
     * Forgets the statistics and how often each path was requested, so the next run sees the same latencies
     * and failures as a freshly started server with the same config.
     */
    public void resetStats() {
        requests.reset();
        byStatus.clear();
        attempts.clear();
        maxInFlight.set(inFlight.get());
    }

    /** Stops listening, drops open connections and interrupts requests still waiting. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        synchronized (SHARED) {
            SHARED.remove(config.mode(), this);
        }
        http.stop(0);
        executor.shutdownNow();
    }

    /** E.g. "DELAY flag server on http://127.0.0.1:8002/flags (delay 0.5s)". */
    @Override
    public String toString() {
        return config.mode() + " flag server on " + baseUrl() + " (" + config.describe() + ")"
                + (closed.get() ? " [closed]" : "");
    }

    // Threads inherit daemon status from the thread that creates them: creating and starting the JDK server
    // on a daemon thread makes its dispatcher a daemon too, so a forgotten server never keeps a JVM alive.
    private HttpServer createOnDaemonThread() {
        var result = new AtomicReference<Object>();
        Thread starter = Thread.ofPlatform().daemon().name("flag-server-start").start(() -> {
            try {
                HttpServer server = HttpServer.create(new InetSocketAddress(config.host(), config.port()), BACKLOG);
                server.createContext("/", this::handle);
                server.setExecutor(executor);
                server.start();
                result.set(server);
            } catch (Throwable e) {
                result.set(e);
            }
        });
        try {
            starter.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the flag server", e);
        }
        Object outcome = result.get();
        if (outcome instanceof HttpServer server) {
            return server;
        }
        if (outcome instanceof BindException e) {
            throw new UncheckedIOException("cannot start the flag server on " + config.host() + ":" + config.port()
                    + ": " + e.getMessage() + " (is another flag server running there? use another port, or 0 for any free port)", e);
        }
        if (outcome instanceof IOException e) {
            throw new UncheckedIOException("cannot start the flag server on " + config.host() + ":" + config.port()
                    + ": " + e.getMessage(), e);
        }
        if (outcome instanceof RuntimeException e) {
            throw e;
        }
        throw new IllegalStateException("cannot start the flag server", (Throwable) outcome);
    }

    private record Reply(int status, String contentType, byte[] body, boolean injected) {
        static Reply text(int status, String message) {
            return new Reply(status, "text/plain; charset=utf-8", (message + "\n").getBytes(StandardCharsets.UTF_8), false);
        }
    }

    private void handle(HttpExchange exchange) {
        long start = System.nanoTime();
        requests.increment();
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        boolean counted = false;
        Reply reply = null;
        try (exchange) {
            reply = answer(exchange);
            // Count before the first byte leaves: a client that has its response must find it in stats().
            count(reply.status());
            counted = true;
            send(exchange, reply);
        } catch (InterruptedException e) {
            // The server is closing: the connection is being dropped, nothing to answer.
        } catch (IOException e) {
            // The client went away; its status is already counted.
        } catch (RuntimeException e) {
            if (!counted) {
                count(500);
                counted = true;
                reply = Reply.text(500, "internal error: " + e);
                try {
                    send(exchange, reply);
                } catch (IOException | RuntimeException ignored) {
                    // The client is gone or the headers went out already: nothing more to tell it.
                }
            }
        } finally {
            if (!counted) {
                inFlight.decrementAndGet();
            }
        }
        if (config.logRequests() && reply != null) {
            log(exchange, reply, System.nanoTime() - start);
        }
    }

    private void count(int status) {
        byStatus.computeIfAbsent(status, s -> new LongAdder()).increment();
        inFlight.decrementAndGet();
    }

    private Reply answer(HttpExchange exchange) throws InterruptedException, IOException {
        String method = exchange.getRequestMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            exchange.getResponseHeaders().set("Allow", "GET, HEAD");
            return Reply.text(405, "method " + method + " not allowed: the flag server answers GET and HEAD");
        }
        URI uri = exchange.getRequestURI();
        String path = uri.getRawPath();
        String query = uri.getRawQuery();
        int length = (path == null ? 0 : path.length()) + (query == null ? 0 : query.length() + 1);
        if (length > MAX_PATH) {
            return Reply.text(414, "request path longer than " + MAX_PATH + " characters");
        }
        if (path == null || query != null || uri.getRawFragment() != null || !SAFE_PATH.matcher(path).matches()
                || hasBadSegment(path)) {
            return Reply.text(400, "malformed request path: flags are at /flags/<cc>/<cc>.gif, e.g. /flags/cn/cn.gif");
        }
        var flag = FLAG_PATH.matcher(path);
        if (!flag.matches()) {
            if (UPPER_FLAG_PATH.matcher(path).matches()) {
                return Reply.text(404, "no such flag: country codes are lower case, as on the book's site: "
                        + path.toLowerCase(Locale.ROOT));
            }
            return Reply.text(404, "no such flag: flags are at /flags/<cc>/<cc>.gif, e.g. /flags/cn/cn.gif");
        }
        long attempt = attempts.computeIfAbsent(path, p -> new AtomicLong()).getAndIncrement();
        Outcome outcome = config.outcome(path, attempt);
        if (outcome.latency().isPositive()) {
            Thread.sleep(outcome.latency());
        }
        if (outcome.fails()) {
            int status = outcome.errorStatus();
            String text = switch (status) {
                case 418 -> "I'm a teapot (an error the server was told to make, as in the book's slow_server.py)";
                case 503 -> "service unavailable (an error the server was told to make)";
                default -> "internal server error (an error the server was told to make)";
            };
            Reply r = Reply.text(status, text);
            return new Reply(r.status(), r.contentType(), r.body(), true);
        }
        byte[] gif = read(flag.group(1));
        if (gif == null) {
            return Reply.text(404, "no such flag: " + flag.group(1));
        }
        return new Reply(200, "image/gif", gif, false);
    }

    private static boolean hasBadSegment(String path) {
        if (path.contains("//")) {
            return true;
        }
        for (String segment : path.split("/")) {
            if (segment.equals(".") || segment.equals("..")) {
                return true;
            }
        }
        return false;
    }

    // The code is already [a-z]{2}; the prefix checks guard against symbolic links leading out of the folder.
    private byte[] read(String cc) throws IOException {
        byte[] cached = cache.get(cc);
        if (cached != null) {
            return cached;
        }
        Path file = flagsRoot.resolve(cc).resolve(cc + ".gif").normalize();
        if (!file.startsWith(flagsRoot) || !Files.isRegularFile(file)) {
            return null;
        }
        Path real = file.toRealPath();
        if (!real.startsWith(realFlagsRoot)) {
            return null;
        }
        byte[] bytes = Files.readAllBytes(real);
        cache.put(cc, bytes);
        return bytes;
    }

    private static void send(HttpExchange exchange, Reply reply) throws IOException {
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", reply.contentType());
        headers.set("Cache-Control", "no-store");
        if (exchange.getRequestMethod().equals("HEAD")) {
            headers.set("Content-Length", Integer.toString(reply.body().length));
            exchange.sendResponseHeaders(reply.status(), -1);
            return;
        }
        exchange.sendResponseHeaders(reply.status(), reply.body().length);
        exchange.getResponseBody().write(reply.body());
    }

    private void log(HttpExchange exchange, Reply reply, long nanos) {
        String path = exchange.getRequestURI().getRawPath();
        if (path == null) {
            path = exchange.getRequestURI().toString();
        }
        if (path.length() > 80) {
            path = path.substring(0, 77) + "...";
        }
        String client = exchange.getRemoteAddress() == null ? "-" : exchange.getRemoteAddress().getAddress().getHostAddress();
        System.err.println(client + " " + exchange.getRequestMethod() + " " + path + " " + reply.status() + " "
                + String.format(Locale.ROOT, "%.2fs", nanos / 1e9) + (reply.injected() ? " (injected)" : ""));
    }

    private static String seconds(double value) {
        String text = String.format(Locale.ROOT, "%.3f", value);
        return text.replaceAll("\\.?0+$", "");
    }

    private static long fnv1a(String text) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash;
    }

    // SplitMix64's finalizer: turns nearby inputs (attempt 0, 1, 2...) into unrelated bits.
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private static double unit(long bits) {
        return (bits >>> 11) * 0x1.0p-53;
    }
}
