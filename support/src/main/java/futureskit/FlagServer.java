// A JBang script that compiles this file (//SOURCES) embeds the server: its virtual threads leave the JDK's socket
// pollers in native code, and at exit the JVM would wait 0.3 s for them to come back (JDK-8314243). Nothing does.
//RUNTIME_OPTIONS -XX:UserThreadWaitAttemptsAtExit=0
package futureskit;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;

/**
 * The kit's embedded flag server: the stand-in for the book's nginx (LOCAL), nginx behind a Vaurien or
 * Toxiproxy delay (DELAY) and the book's {@code slow_server.py} that answers some requests with 418 (ERROR).
 *
 * <p>Same URL layout as the book's site: {@code GET /flags/cn/cn.gif} answers 200 {@code image/gif}. Codes are
 * lower case, as on the book's site: {@code /flags/CN/CN.gif} is a 404 whose body says so. HEAD works, other
 * methods get 405. Anything malformed (percent-encoding, dot segments, empty segments such as
 * {@code //etc/passwd}, characters outside {@code [A-Za-z0-9._/-]}, a query string, a target not starting with
 * {@code /}) gets 400, a path longer than {@value #MAX_PATH} characters 414, and only regular files under the
 * flags folder whose name matches {@code <cc>/<cc>.gif} with {@code cc} in {@code [a-z]{2}} are ever read.
 * Files are streamed, so a huge file in the flags folder costs no memory.
 *
 * <p>It speaks HTTP/1.1 (and 1.0) itself, on the JDK's sockets, because the JDK's {@code com.sun.net.httpserver}
 * answers some requests on its own (400s and 404s for malformed requests, a silent close for oversized headers)
 * where no handler can count them, and its limits are JVM-wide system properties. The subset is small: GET and
 * HEAD, no request bodies beyond a few ignored bytes, keep-alive, answers with a Content-Length. Other versions
 * than 1.0 and 1.1 get 505, more than {@value #MAX_HEADERS} headers or {@value #MAX_HEAD_BYTES} bytes of them 431,
 * and each limit of {@link Limits} keeps clients that never finish, never leave or never read from holding it.
 *
 * <p>One virtual thread per connection waits the latency, so a thousand slow requests cost a thousand parked
 * virtual threads, and the listen backlog is {@value #BACKLOG}: a thousand simultaneous connections are
 * queued, not reset as by the book's Python servers (backlog 5).
 *
 * <p>Which request fails in ERROR mode, and the latency of each request in a delay range, are a function of
 * (seed, path, how many times that path was requested before) and not of the arrival order, so a seeded
 * run gives the same counts however the requests interleave, and a retry of the same path may succeed.
 *
 * <p>A rate limit ({@link Config#withRateLimit}) plays an API's: flag requests above it get 429 Too Many Requests
 * with {@code Retry-After} at once (lesson 10).
 *
 * <p>The server's threads are daemon threads: a script that forgets to {@link #close()} still exits when
 * its {@code main} returns. JDK only, because JBang scripts compile this file through {@code //SOURCES}.
 */
public final class FlagServer implements AutoCloseable {

    /** Listen backlog: room for a thousand simultaneous connects while the accept loop catches up. */
    public static final int BACKLOG = 2048;
    /** Longest request path (plus query) accepted; longer ones get 414. */
    public static final int MAX_PATH = 256;
    /** Longest request line read; longer ones get 414 and the connection is closed. */
    public static final int MAX_REQUEST_LINE = 8192;
    /** Most request headers accepted; more get 431. */
    public static final int MAX_HEADERS = 100;
    /** Most bytes of request headers accepted; more get 431. */
    public static final int MAX_HEAD_BYTES = 16384;
    /** Largest request body read and ignored (a GET may carry one); larger ones get 413. */
    public static final int MAX_BODY = 65536;

    // Files up to this size are kept in memory after the first request; larger ones are streamed each time.
    private static final long CACHE_LIMIT = 1 << 20;

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
                         long seed, boolean logRequests, Path flagsDir, double rateLimit,
                         double stallRate) {

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
            if (!(rateLimit >= 0 && rateLimit <= 1_000_000)) {
                throw new IllegalArgumentException("rateLimit must be 0 (no limit) to 1000000 requests per second, not " + rateLimit);
            }
            if (!(stallRate >= 0 && stallRate <= 1)) {
                throw new IllegalArgumentException("stallRate must be a fraction from 0 to 1, not " + stallRate);
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
            return new Config(mode, "127.0.0.1", 0, delay, delay, errorRate, 42, false, Fixtures.flagsDir(), 0, 0);
        }

        public Config withPort(int port) {
            return new Config(mode, host, port, minDelay, maxDelay, errorRate, seed, logRequests, flagsDir, rateLimit, stallRate);
        }

        /** A fixed latency in seconds. */
        public Config withDelay(double seconds) {
            return withDelay(seconds, seconds);
        }

        /** A latency drawn uniformly from {@code [min, max]} seconds per request. */
        public Config withDelay(double min, double max) {
            return new Config(mode, host, port, min, max, errorRate, seed, logRequests, flagsDir, rateLimit, stallRate);
        }

        public Config withErrorRate(double errorRate) {
            return new Config(mode, host, port, minDelay, maxDelay, errorRate, seed, logRequests, flagsDir, rateLimit, stallRate);
        }

        public Config withSeed(long seed) {
            return new Config(mode, host, port, minDelay, maxDelay, errorRate, seed, logRequests, flagsDir, rateLimit, stallRate);
        }

        /** One line per request on standard error, e.g. {@code 127.0.0.1 GET /flags/cn/cn.gif 200 0.51s}. */
        public Config withLogRequests(boolean logRequests) {
            return new Config(mode, host, port, minDelay, maxDelay, errorRate, seed, logRequests, flagsDir, rateLimit, stallRate);
        }

        public Config withHost(String host) {
            return new Config(mode, host, port, minDelay, maxDelay, errorRate, seed, logRequests, flagsDir, rateLimit, stallRate);
        }

        public Config withFlagsDir(Path flagsDir) {
            return new Config(mode, host, port, minDelay, maxDelay, errorRate, seed, logRequests, flagsDir, rateLimit, stallRate);
        }

        /**
         * At most this many flag requests per second (a token bucket that holds a second's worth, full at the
         * start); the ones above it are answered 429 Too Many Requests with {@code Retry-After} at once, and do
         * not count as attempts of their path. 0: no limit.
         */
        public Config withRateLimit(double requestsPerSecond) {
            return new Config(mode, host, port, minDelay, maxDelay, errorRate, seed, logRequests, flagsDir, requestsPerSecond, stallRate);
        }

        /**
         * A fraction of flag requests that stall: the server holds them without an answer until the client gives
         * up (for at most {@link #STALL}), as a server that hangs does. Which ones is drawn like the errors, from
         * (seed, path, attempt): a retry of a stalled flag may be answered. Lesson 8's timeouts and cancellation.
         */
        public Config withStallRate(double stallRate) {
            return new Config(mode, host, port, minDelay, maxDelay, errorRate, seed, logRequests, flagsDir, rateLimit, stallRate);
        }

        /** What this server adds to a plain file server, e.g. "delay 0.5s, 25% errors, seed 42". */
        public String describe() {
            String stalls = stallRate == 0 ? "" : ", " + seconds(stallRate * 100) + "% stall (no answer" + (errorRate == 0 ? "), seed " + seed : ")");
            return describeDelayAndErrors() + stalls;
        }

        private String describeDelayAndErrors() {
            String delay = maxDelay == 0 ? "no added delay"
                    : minDelay == maxDelay ? "delay " + seconds(minDelay) + "s"
                    : "delay " + seconds(minDelay) + "-" + seconds(maxDelay) + "s";
            String limit = rateLimit > 0 ? ", at most " + seconds(rateLimit) + " requests/s (429 above)" : "";
            if (errorRate == 0) {
                return delay + limit;
            }
            return delay + ", " + seconds(errorRate * 100) + "% errors (418, 500, 503), seed " + seed + limit;
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
            if (stallRate > 0 && unit(mix(draw ^ 4)) < stallRate) {
                return new Outcome(STALL, 0);
            }
            if (unit(mix(draw ^ 2)) < errorRate) {
                double which = unit(mix(draw ^ 3));
                status = which < 0.6 ? 418 : which < 0.8 ? 500 : 503;
            }
            return new Outcome(Duration.ofNanos(Math.round(delay * 1e9)), status);
        }

        /** {@link #outcome(String, long)} of the first request for {@code cc}'s flag, {@code /flags/<cc>/<cc>.gif}. */
        public Outcome firstOutcome(String cc) {
            String lower = cc.toLowerCase(Locale.ROOT);
            return outcome("/flags/" + lower + "/" + lower + ".gif", 0);
        }
    }

    /** The latency of one request and the error it is answered with (0: none, the flag is served). */
    public record Outcome(Duration latency, int errorStatus) {
        public boolean fails() {
            return errorStatus != 0;
        }

        /** A stalled request ({@link Config#withStallRate}): no answer until the client gives up. */
        public boolean stalls() {
            return latency.compareTo(STALL) >= 0;
        }
    }

    /** How long a stalled request is held without an answer: longer than any client here waits. */
    public static final Duration STALL = Duration.ofHours(1);

    /**
     * A request the client gave up on before its answer: its path, how long after it arrived the server saw the
     * client close (or reset) the connection, and when, in this JVM's {@link System#nanoTime()}: a cell or a test
     * in the same JVM measures the time from its {@code cancel} to the server noticing with {@link #since(long)}.
     */
    public record Abandoned(String path, Duration after, long seenNanos) {
        /** From {@code t0} (a {@code System.nanoTime()} of this JVM, e.g. taken just before a cancel) to this. */
        public Duration since(long t0) {
            return Duration.ofNanos(seenNanos - t0);
        }

        /** E.g. "/flags/cn/cn.gif after 1.00s". */
        @Override
        public String toString() {
            return path + " after " + String.format(Locale.ROOT, "%.2fs", after.toNanos() / 1e9);
        }
    }


    /**
     * How long a client may take and how many may be connected, so that clients that never finish a request,
     * never leave or never read cannot hold the server. A request (its head and any body) must arrive within
     * {@code requestTimeout} of its first byte, or it is answered 408 and its connection closed; a connection
     * with no request under way is closed without a word after {@code idleTimeout}; an answer the client has not
     * taken within {@code responseTimeout} is cut off; beyond {@code maxConnections} open connections, new ones
     * wait in the listen backlog until one closes.
     */
    public record Limits(Duration requestTimeout, Duration idleTimeout, Duration responseTimeout, int maxConnections) {

        /**
         * 10 s per request, 30 s idle (the JDK server's default), 60 s per answer, 10,000 connections: each
         * costs a file descriptor, and these machines allow a process 20,000.
         */
        public static final Limits DEFAULT = new Limits(Duration.ofSeconds(10), Duration.ofSeconds(30),
                Duration.ofSeconds(60), 10_000);

        public Limits {
            for (Duration timeout : List.of(requestTimeout, idleTimeout, responseTimeout)) {
                if (!timeout.isPositive()) {
                    throw new IllegalArgumentException("timeouts must be positive, not " + timeout);
                }
            }
            if (maxConnections < 1) {
                throw new IllegalArgumentException("maxConnections must be at least 1, not " + maxConnections);
            }
        }
    }

    /**
     * A snapshot of the live statistics: what clients were sent, counted as it was sent. {@code byStatus} counts
     * the answers by status, sorted by status code, including the answers to malformed requests;
     * {@code undelivered} the requests whose answer never reached the client because it had gone (closed or
     * reset its connection before or while the answer was sent); {@code inFlight} the requests being answered
     * now. Every request is in exactly one of them: {@code requests == sum of byStatus + undelivered + inFlight}.
     * A connection that ends before it completed a request (a header block cut short, an idle keep-alive) made
     * no request and is counted nowhere.
     */
    public record Stats(long requests, Map<Integer, Long> byStatus, long undelivered, int inFlight, int maxInFlight) {
        public Stats {
            byStatus = java.util.Collections.unmodifiableMap(new TreeMap<>(byStatus));
        }

        /** Statistics with every answer delivered. */
        public Stats(long requests, Map<Integer, Long> byStatus, int inFlight, int maxInFlight) {
            this(requests, byStatus, 0, inFlight, maxInFlight);
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
                    + (undelivered > 0 ? ", " + undelivered + " not delivered (client gone)" : "")
                    + ", max " + maxInFlight + " in flight" + (inFlight > 0 ? " (" + inFlight + " now)" : "");
        }
    }

    private static final Map<Mode, FlagServer> SHARED = new EnumMap<>(Mode.class);

    // Only these characters may appear in a path we look at further; everything else is "malformed".
    private static final Pattern SAFE_PATH = Pattern.compile("/[A-Za-z0-9._/-]*");
    private static final Pattern FLAG_PATH = Pattern.compile("/flags/([a-z]{2})/\\1\\.gif");

    private final Config config;
    private final Limits limits;
    private final Path flagsRoot;
    private final Path realFlagsRoot;
    private final ServerSocket listener;
    private final Semaphore connectionSlots;
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private final ExecutorService executor;
    private final ScheduledThreadPoolExecutor timer;
    private final Thread acceptor;
    private final AtomicBoolean closed = new AtomicBoolean();

    private final LongAdder requests = new LongAdder();
    private final Map<Integer, LongAdder> byStatus = new ConcurrentHashMap<>();
    private final LongAdder undelivered = new LongAdder();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    // Bounded: only paths matching FLAG_PATH (at most 26 * 26) get an attempt counter.
    private final Map<String, AtomicLong> attempts = new ConcurrentHashMap<>();
    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();
    // null without a rate limit
    private final TokenBucket bucket;
    // The requests clients abandoned since the last resetStats(), oldest first (the newest MAX_ABANDONED kept).
    private static final int MAX_ABANDONED = 10_000;
    private final java.util.ArrayDeque<Abandoned> abandoned = new java.util.ArrayDeque<>();
    private final List<FlagServer> mirrors = new java.util.concurrent.CopyOnWriteArrayList<>();

    private FlagServer(Config config, Limits limits) {
        this.config = config;
        this.limits = Objects.requireNonNull(limits, "limits");
        this.flagsRoot = config.flagsDir();
        if (!Files.isDirectory(flagsRoot)) {
            throw new IllegalArgumentException("the flags folder " + flagsRoot + " does not exist");
        }
        try {
            this.realFlagsRoot = flagsRoot.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.connectionSlots = new Semaphore(limits.maxConnections());
        this.bucket = config.rateLimit() > 0 ? new TokenBucket(config.rateLimit()) : null;
        this.listener = bind(config);
        this.executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("flag-server-", 0).factory());
        this.timer = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().daemon().name("flag-server-timer").factory());
        timer.setRemoveOnCancelPolicy(true);
        this.acceptor = Thread.ofPlatform().daemon().name("flag-server-accept-" + listener.getLocalPort()).start(this::acceptLoop);
    }

    /** Starts a new server (always a new one; notebooks want {@link #shared(Config)}). */
    public static FlagServer start(Config config) {
        return start(config, Limits.DEFAULT);
    }

    /** Starts a new server with other timeouts or another connection cap than {@link Limits#DEFAULT}. */
    public static FlagServer start(Config config, Limits limits) {
        return new FlagServer(config, limits);
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
        return listener.getLocalPort();
    }

    public Config config() {
        return config;
    }

    public Limits limits() {
        return limits;
    }

    public boolean isClosed() {
        return closed.get();
    }

    /** Connections open now, at most {@link Limits#maxConnections()}. */
    int openConnections() {
        return connections.size();
    }

    /** A consistent-enough snapshot: each counter is exact, read one after the other. */
    public Stats stats() {
        var statuses = new TreeMap<Integer, Long>();
        byStatus.forEach((status, count) -> {
            long sum = count.sum();
            if (sum != 0) {
                statuses.put(status, sum);
            }
        });
        return new Stats(requests.sum(), statuses, undelivered.sum(), inFlight.get(), maxInFlight.get());
    }

    /**
     * The requests clients gave up on since the last {@link #resetStats()}, in the order the server saw them go
     * (as {@code stats().undelivered()} counts them): the evidence that a cancelled download really stopped.
     */
    public List<Abandoned> abandoned() {
        synchronized (abandoned) {
            return List.copyOf(abandoned);
        }
    }

    /**
     * Waits until the server has seen at least {@code count} requests abandoned since the last {@link #resetStats()},
     * or {@code timeout} passed, and returns them: a cell that cancels downloads shows what the server saw without
     * sleeping a guessed time.
     */
    public List<Abandoned> awaitAbandoned(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (abandoned) {
            for (long left = timeout.toNanos(); abandoned.size() < count && left > 0; left = deadline - System.nanoTime()) {
                abandoned.wait(Math.max(1, left / 1_000_000));
            }
            return List.copyOf(abandoned);
        }
    }

    /**
     * Waits until the server holds at least {@code count} requests at once (their clients sent them and wait), or
     * {@code timeout} passed; true if it did. A lesson that looks at the waiting threads (a thread dump) looks
     * then, rather than after a guessed sleep: a dump lists a virtual thread only once it has started to run.
     */
    public boolean awaitInFlight(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (inFlight.get() < count) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.sleep(1);
        }
        return true;
    }

    /**
     * A mirror of this site: another server with the same flags, error and stall rates, with its own latency
     * (fixed, or drawn in {@code [min, max]}), on its own free port, with its own statistics. Its seed is this one's
     * plus one, so its latencies, failures and stalls are drawn apart from this server's, as two replicas' are. It
     * closes with this server; closing it first is fine. Lesson 8 asks two mirrors for a flag and keeps the first
     * answer.
     */
    public FlagServer mirror(double minDelay, double maxDelay) {
        var mirror = start(config.withPort(0).withDelay(minDelay, maxDelay).withSeed(config.seed() + 1), limits);
        mirrors.removeIf(FlagServer::isClosed);
        mirrors.add(mirror);
        if (closed.get()) {
            mirror.close();
        }
        return mirror;
    }

    /** A mirror with a fixed latency in seconds: {@link #mirror(double, double)}. */
    public FlagServer mirror(double delaySeconds) {
        return mirror(delaySeconds, delaySeconds);
    }

    /**
     * Forgets the statistics and how often each path was requested, so the next run sees the same latencies
     * and failures as a freshly started server with the same config.
     */
    public void resetStats() {
        requests.reset();
        byStatus.clear();
        undelivered.reset();
        synchronized (abandoned) {
            abandoned.clear();
        }
        attempts.clear();
        maxInFlight.set(inFlight.get());
        if (bucket != null) {
            bucket.refill();
        }
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
        closeQuietly(listener);
        acceptor.interrupt();
        connections.forEach(FlagServer::closeQuietly);
        executor.shutdownNow();
        timer.shutdownNow();
        mirrors.forEach(FlagServer::close);
        // A socket closed while a thread is blocked in its accept() is released only when that thread leaves
        // accept(): wait for it, so that the port is free when close() returns (shared() rebinds it at once).
        if (Thread.currentThread() != acceptor) {
            try {
                acceptor.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** E.g. "DELAY flag server on http://127.0.0.1:8002/flags (delay 0.5s)". */
    @Override
    public String toString() {
        return config.mode() + " flag server on " + baseUrl() + " (" + config.describe() + ")"
                + (closed.get() ? " [closed]" : "");
    }

    // ---- start-up ----

    // One line that says which: a host that does not resolve, an address this machine does not have, a port in use.
    private static ServerSocket bind(Config config) {
        var address = new InetSocketAddress(config.host(), config.port());
        if (address.isUnresolved()) {
            throw new UncheckedIOException("cannot start the flag server: unknown host " + config.host()
                    + " (use 127.0.0.1 for loopback)", new UnknownHostException(config.host()));
        }
        String where = "cannot start the flag server on " + config.host() + ":" + config.port() + ": ";
        ServerSocket socket = null;
        try {
            socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(address, BACKLOG);
            return socket;
        } catch (IOException e) {
            closeQuietly(socket);
            if (e instanceof BindException && !isThisMachines(address)) {
                throw new UncheckedIOException(where + "this machine has no address " + config.host()
                        + " (use 127.0.0.1 for loopback)", e);
            }
            if (e instanceof BindException && String.valueOf(e.getMessage()).contains("in use")) {
                throw new UncheckedIOException(where + "port " + config.port() + " is already in use"
                        + " (is another flag server running there? use another port, or 0 for any free port)", e);
            }
            throw new UncheckedIOException(where + e.getMessage(), e);
        }
    }

    private static boolean isThisMachines(InetSocketAddress address) {
        var ip = address.getAddress();
        try {
            return ip.isAnyLocalAddress() || ip.isLoopbackAddress() || NetworkInterface.getByInetAddress(ip) != null;
        } catch (SocketException e) {
            return true;
        }
    }

    // ---- connections ----

    private void acceptLoop() {
        while (!closed.get()) {
            try {
                connectionSlots.acquire();
            } catch (InterruptedException e) {
                return;
            }
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                connectionSlots.release();
                if (closed.get()) {
                    return;
                }
                // e.g. out of file descriptors: wait for connections to close instead of spinning
                try {
                    Thread.sleep(50);
                } catch (InterruptedException interrupted) {
                    return;
                }
                continue;
            }
            connections.add(socket);
            try {
                if (closed.get()) {
                    throw new RejectedExecutionException("closed");
                }
                executor.execute(() -> serve(socket));
            } catch (RejectedExecutionException e) {
                release(socket);
            }
        }
    }

    private void release(Socket socket) {
        closeQuietly(socket);
        if (connections.remove(socket)) {
            connectionSlots.release();
        }
    }

    private void serve(Socket socket) {
        try {
            socket.setTcpNoDelay(true);
            var in = new HttpRequestReader(socket);
            while (!closed.get() && in.awaitRequest(limits.idleTimeout()) && exchange(socket, in)) {
                // the next request on this connection
            }
        } catch (IOException | RuntimeException e) {
            // The connection broke: there is no one left to answer.
        } finally {
            release(socket);
        }
    }

    private record Reply(int status, String contentType, byte[] body, Path file, long length, boolean injected,
                         boolean closes) {
        static Reply text(int status, String message) {
            byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
            return new Reply(status, "text/plain; charset=utf-8", body, null, body.length, false, false);
        }

        /** This reply, then the connection is closed: the rest of what the client sends cannot be trusted. */
        Reply closing() {
            return new Reply(status, contentType, body, file, length, injected, true);
        }
    }

    // Reads, answers and counts one request; false when the connection must be closed after it.
    private boolean exchange(Socket socket, HttpRequestReader in) {
        long start = System.nanoTime();
        long deadline = start + limits.requestTimeout().toNanos();
        HttpRequestReader.Request request = null;
        boolean begun = false;
        Reply reply;
        try {
            request = in.readHead(deadline);
            begin();
            begun = true;
            reply = answer(request, in, deadline);
        } catch (HttpRequestReader.Rejection rejection) {
            if (!begun) {
                begin();
            }
            reply = Reply.text(rejection.status, rejection.getMessage()).closing();
        } catch (IOException | InterruptedException e) {
            // Before the head was complete, no request was made; after it, the client left before its answer
            // (or the server is closing): either way no one will read an answer.
            if (begun) {
                inFlight.decrementAndGet();
                undelivered.increment();
                noteAbandoned(request, start);
                log(socket, request, null, start, false);
            }
            return false;
        } catch (RuntimeException e) {
            if (!begun) {
                begin();
            }
            reply = Reply.text(500, "internal error: " + e).closing();
        }
        boolean keepAlive = request != null && request.keepAlive() && !reply.closes() && !closed.get();
        boolean delivered = send(socket, request, reply, keepAlive);
        if (!delivered) {
            noteAbandoned(request, start);
        }
        log(socket, request, reply, start, delivered);
        if (delivered && !keepAlive) {
            in.lingerAndClose();
        }
        return delivered && keepAlive;
    }

    // Not when the server itself is closing: then it dropped the request, the client did not abandon it.
    private void noteAbandoned(HttpRequestReader.Request request, long start) {
        if (closed.get()) {
            return;
        }
        long now = System.nanoTime();
        var gone = new Abandoned(request == null ? "-" : HttpRequestReader.shown(request.target()), Duration.ofNanos(now - start), now);
        synchronized (abandoned) {
            if (abandoned.size() == MAX_ABANDONED) {
                abandoned.removeFirst();
            }
            abandoned.addLast(gone);
            abandoned.notifyAll();
        }
    }

    private void begin() {
        requests.increment();
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
    }

    // Counted before the first byte leaves (a client that has its answer finds it in stats()), and taken back
    // if the answer could not be written whole: then it counts as undelivered.
    private boolean send(Socket socket, HttpRequestReader.Request request, Reply reply, boolean keepAlive) {
        LongAdder counter = byStatus.computeIfAbsent(reply.status(), s -> new LongAdder());
        counter.increment();
        inFlight.decrementAndGet();
        ScheduledFuture<?> cutOff = null;
        try {
            cutOff = timer.schedule(() -> closeQuietly(socket), limits.responseTimeout().toNanos(), TimeUnit.NANOSECONDS);
            OutputStream out = socket.getOutputStream();
            boolean head = request != null && request.method().equals("HEAD");
            byte[] headers = responseHead(reply, keepAlive);
            if (reply.file() == null && !head) {
                byte[] whole = Arrays.copyOf(headers, headers.length + reply.body().length);
                System.arraycopy(reply.body(), 0, whole, headers.length, reply.body().length);
                out.write(whole);
            } else {
                out.write(headers);
                if (!head) {
                    streamFile(reply, out);
                }
            }
            out.flush();
            return true;
        } catch (IOException | RejectedExecutionException e) {
            counter.decrement();
            undelivered.increment();
            closeQuietly(socket);
            return false;
        } finally {
            if (cutOff != null) {
                cutOff.cancel(false);
            }
        }
    }

    private byte[] responseHead(Reply reply, boolean keepAlive) {
        String head = "HTTP/1.1 " + reply.status() + " " + reason(reply.status()) + "\r\n"
                + "Date: " + DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)) + "\r\n"
                + "Content-Type: " + reply.contentType() + "\r\n"
                + "Content-Length: " + reply.length() + "\r\n"
                + "Cache-Control: no-store\r\n"
                + (reply.status() == 405 ? "Allow: GET, HEAD\r\n" : "")
                + (reply.status() == 429 && bucket != null ? "Retry-After: " + bucket.secondsUntilNext() + "\r\n" : "")
                + (keepAlive ? "" : "Connection: close\r\n")
                + "\r\n";
        return head.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static void streamFile(Reply reply, OutputStream out) throws IOException {
        try (InputStream file = Files.newInputStream(reply.file())) {
            byte[] buffer = new byte[1 << 16];
            long left = reply.length();
            while (left > 0) {
                int n = file.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    throw new EOFException(reply.file() + " shrank while it was sent");
                }
                out.write(buffer, 0, n);
                left -= n;
            }
        }
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 408 -> "Request Timeout";
            case 413 -> "Content Too Large";
            case 414 -> "URI Too Long";
            case 418 -> "I'm a teapot";
            case 429 -> "Too Many Requests";
            case 431 -> "Request Header Fields Too Large";
            case 503 -> "Service Unavailable";
            case 505 -> "HTTP Version Not Supported";
            default -> "Internal Server Error";
        };
    }

    // ---- what to answer ----

    private Reply answer(HttpRequestReader.Request request, HttpRequestReader in, long deadline)
            throws IOException, InterruptedException, HttpRequestReader.Rejection {
        String method = request.method();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            // closing: whatever body follows is not read
            return Reply.text(405, "method " + HttpRequestReader.shown(method) + " not allowed: the flag server answers GET and HEAD").closing();
        }
        if (request.contentLength() > MAX_BODY) {
            throw new HttpRequestReader.Rejection(413, "request body of " + request.contentLength() + " bytes: a GET needs none");
        }
        in.skip(request.contentLength(), deadline);
        String path = request.target();
        if (path.regionMatches(true, 0, "http://", 0, 7)) {   // absolute form, as sent to proxies
            int slash = path.indexOf('/', 7);
            path = slash < 0 ? "/" : path.substring(slash);
        }
        if (path.length() > MAX_PATH) {
            return Reply.text(414, "request path longer than " + MAX_PATH + " characters");
        }
        if (!SAFE_PATH.matcher(path).matches() || hasBadSegment(path)) {
            return Reply.text(400, "malformed request path: flags are at /flags/<cc>/<cc>.gif, e.g. /flags/cn/cn.gif");
        }
        var flag = FLAG_PATH.matcher(path);
        if (!flag.matches()) {
            return Reply.text(404, notFound(path));
        }
        // Above the rate limit: refused at once, before the attempt is counted, so that a limited run sees the
        // same latencies and failures as an unlimited one.
        if (bucket != null && !bucket.take()) {
            return Reply.text(429, "too many requests: this server allows " + seconds(config.rateLimit())
                    + " requests per second; wait as Retry-After says, or pace your requests");
        }
        long attempt = attempts.computeIfAbsent(path, p -> new AtomicLong()).getAndIncrement();
        Outcome outcome = config.outcome(path, attempt);
        if (outcome.latency().isPositive() && !in.holdUntil(System.nanoTime() + outcome.latency().toNanos())) {
            throw new EOFException("the client left before its answer");
        }
        if (outcome.fails()) {
            int status = outcome.errorStatus();
            String text = switch (status) {
                case 418 -> "I'm a teapot (an error the server was told to make, as in the book's slow_server.py)";
                case 503 -> "service unavailable (an error the server was told to make)";
                default -> "internal server error (an error the server was told to make)";
            };
            Reply r = Reply.text(status, text);
            return new Reply(r.status(), r.contentType(), r.body(), null, r.length(), true, false);
        }
        Reply gif = flagFile(flag.group(1));
        return gif != null ? gif : Reply.text(404, "no such flag: " + flag.group(1));
    }

    // Says which part of the path is wrong when only its case is: the folder, the country code or the extension.
    private static String notFound(String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        if (!FLAG_PATH.matcher(lower).matches()) {
            return "no such flag: flags are at /flags/<cc>/<cc>.gif, e.g. /flags/cn/cn.gif";
        }
        String[] given = path.split("/");   // "", flags, cc, cc.gif
        String file = given[3];
        if (!given[2].equals(lower.split("/")[2]) || !file.substring(0, 2).equals(file.substring(0, 2).toLowerCase(Locale.ROOT))) {
            return "no such flag: country codes are lower case, as on the book's site: " + lower;
        }
        if (!file.equals(file.toLowerCase(Locale.ROOT))) {
            return "no such flag: file names are lower case, as on the book's site: " + file + " should be "
                    + file.toLowerCase(Locale.ROOT) + ", " + lower;
        }
        return "no such flag: paths are lower case, as on the book's site: " + lower;
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
    private Reply flagFile(String cc) throws IOException {
        byte[] cached = cache.get(cc);
        if (cached != null) {
            return new Reply(200, "image/gif", cached, null, cached.length, false, false);
        }
        Path file = flagsRoot.resolve(cc).resolve(cc + ".gif").normalize();
        if (!file.startsWith(flagsRoot) || !Files.isRegularFile(file)) {
            return null;
        }
        Path real = file.toRealPath();
        if (!real.startsWith(realFlagsRoot)) {
            return null;
        }
        long size = Files.size(real);
        if (size > CACHE_LIMIT) {
            return new Reply(200, "image/gif", null, real, size, false, false);
        }
        byte[] bytes = Files.readAllBytes(real);
        if (bytes.length <= CACHE_LIMIT) {
            cache.put(cc, bytes);
        }
        return new Reply(200, "image/gif", bytes, null, bytes.length, false, false);
    }

    /**
     * The rate limit: a bucket of {@code rate} tokens (at least one), full at the start, refilled continuously at
     * {@code rate} per second; a request takes a token or is refused. So a client may send a second's worth at
     * once after a pause, and {@code rate} per second for ever after, but no more.
     */
    private static final class TokenBucket {
        private final double rate;
        private final double capacity;
        private double tokens;
        private long last;

        TokenBucket(double rate) {
            this.rate = rate;
            this.capacity = Math.max(1, rate);
            refill();
        }

        synchronized boolean take() {
            long now = System.nanoTime();
            tokens = available(now);
            last = now;
            if (tokens < 1) {
                return false;
            }
            tokens -= 1;
            return true;
        }

        /** Whole seconds until a token is there (Retry-After takes whole seconds), at least 1. */
        synchronized long secondsUntilNext() {
            double missing = 1 - available(System.nanoTime());
            return Math.max(1, (long) Math.ceil(missing / rate));
        }

        // The tokens there at {@code now}: what was left, plus what the rate added since, up to the capacity.
        private double available(long now) {
            return Math.min(capacity, tokens + (now - last) / 1e9 * rate);
        }

        synchronized void refill() {
            tokens = capacity;
            last = System.nanoTime();
        }
    }

    // ---- small things ----

    private void log(Socket socket, HttpRequestReader.Request request, Reply reply, long start, boolean delivered) {
        if (!config.logRequests()) {
            return;
        }
        String method = request == null ? "-" : HttpRequestReader.shown(request.method());
        String path = request == null ? "-" : HttpRequestReader.shown(request.target());
        String client = socket.getInetAddress() == null ? "-" : socket.getInetAddress().getHostAddress();
        System.err.println(client + " " + method + " " + path + " " + (reply == null ? "-" : reply.status()) + " "
                + String.format(Locale.ROOT, "%.2fs", (System.nanoTime() - start) / 1e9)
                + (reply != null && reply.injected() ? " (injected)" : "")
                + (delivered ? "" : " (not delivered: the client had gone)"));
    }

    static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception ignored) {
            // already closed or broken: nothing to do
        }
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
