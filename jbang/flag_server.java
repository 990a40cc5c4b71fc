///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 25+
//DEPS info.picocli:picocli:4.7.7
//SOURCES ../support/src/main/java/futureskit/FlagServer.java
//SOURCES ../support/src/main/java/futureskit/HttpRequestReader.java
//SOURCES ../support/src/main/java/futureskit/FlagSite.java
//SOURCES ../support/src/main/java/futureskit/Fixtures.java
//SOURCES ../support/src/main/java/futureskit/HttpStatusException.java

// The kit's flag server from a shell: the stand-in for the book's nginx (LOCAL, port 8001), nginx behind
// Vaurien (DELAY, 8002) and slow_server.py (ERROR, 8003). Lessons and tests start their own on a free port;
// this is for trying the scripts against a server you watch: jbang jbang/flag_server.java --mode DELAY --log
// The book's second edition moved the ports (LOCAL 8000, DELAY 8001, ERROR 8002): --edition 2 serves those.

import futureskit.FlagServer;
import futureskit.FlagServer.Config;
import futureskit.FlagServer.Mode;
import futureskit.FlagSite;
import futureskit.FlagSite.Delay;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.UncheckedIOException;
import java.net.BindException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

void main(String[] args) {
    var cli = new CommandLine(new FlagServerCli()).setCaseInsensitiveEnumValuesAllowed(true);
    // A wrong flag gets one line saying what is wrong, not the whole help text.
    cli.setParameterExceptionHandler((error, ignored) -> {
        System.err.println("flag_server: " + error.getMessage());
        System.err.println("Try 'jbang jbang/flag_server.java --help' for the options.");
        return 2;
    });
    System.exit(cli.execute(args));
}

@Command(name = "flag_server", mixinStandardHelpOptions = true, sortOptions = false,
        version = "flag_server of the futures kit 1.0.0",
        description = {
                "Serves the kit's flags as the book's site did: GET /flags/<cc>/<cc>.gif",
                "(lower-case code). LOCAL answers at once; DELAY waits a latency per request;",
                "ERROR also answers a fraction of requests with 418 (as the book's",
                "slow_server.py) or 500/503. Which requests fail depends only on the seed,",
                "the path and how often that path was requested before.",
                ""},
        footer = {"", "Examples:",
                "  jbang jbang/flag_server.java",
                "  jbang jbang/flag_server.java --mode DELAY --log",
                "  jbang jbang/flag_server.java --mode ERROR --delay 0.5-5 --error-rate 0.3 --seed 7",
                "  jbang jbang/flag_server.java --mode DELAY --edition 2    # on 8001, for the second edition's scripts",
                "  jbang jbang/flag_server.java --mode DELAY --delay 0.2 --stall-rate 0.2 --mirror-delay 1   # lesson 8",
                "  jbang jbang/flag_server.java --mode DELAY --delay 0.1-0.2 --rate 100   # lesson 10: 429 above 100/s"})
static class FlagServerCli implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--mode", paramLabel = "LOCAL|DELAY|ERROR", defaultValue = "LOCAL",
            description = "What the server plays: the book's nginx, nginx behind a delaying proxy, or slow_server.py (default: ${DEFAULT-VALUE}).")
    Mode mode;

    @Option(names = "--port", paramLabel = "N",
            description = "Port to listen on (default: the book's, 8001 LOCAL, 8002 DELAY, 8003 ERROR; 0 = any free port).")
    Integer port;

    @Option(names = "--edition", paramLabel = "1|2", defaultValue = "1",
            description = "The book's edition whose ports are the default: 1 (8001, 8002, 8003) or 2 (LOCAL 8000, DELAY 8001, ERROR 8002).")
    int edition;

    @Option(names = "--delay", paramLabel = "SECONDS",
            description = "Latency per request in seconds: fixed (0.5) or a uniform range (0.5-5) (default: none LOCAL, 0.5 DELAY and ERROR).")
    String delay;

    @Option(names = "--error-rate", paramLabel = "FRACTION",
            description = "Fraction of requests answered with an HTTP error, 0 to 1 (default: 0.25 ERROR, else 0).")
    Double errorRate;

    @Option(names = "--rate", paramLabel = "PER_SECOND",
            description = "At most this many flag requests per second; above it the answer is 429 Too Many Requests with Retry-After (default: no limit).")
    Double rate;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
            description = "Seed of the latencies in a range and of the failures (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}, loopback only; 0.0.0.0 opens it to your network).")
    String host;

    @Option(names = "--log", description = "Print one line per request on standard error, e.g. 127.0.0.1 GET /flags/cn/cn.gif 200 0.51s")
    boolean log;

    @Option(names = "--stall-rate", paramLabel = "FRACTION",
            description = "Fraction of flag requests held without an answer until the client gives up, 0 to 1 (default: 0); lesson 8's timeouts.")
    Double stallRate;

    @Option(names = "--mirror-delay", paramLabel = "SECONDS",
            description = "Also serve a mirror of the site with this latency (0.1 or 0.1-0.5) on a free port; lesson 8's hedged requests.")
    String mirrorDelay;

    @Override
    public Integer call() throws InterruptedException {
        if (errorRate != null && !(errorRate >= 0 && errorRate <= 1)) {
            throw new ParameterException(spec.commandLine(), "--error-rate is a fraction from 0 to 1, not " + errorRate);
        }
        if (stallRate != null && !(stallRate >= 0 && stallRate <= 1)) {
            throw new ParameterException(spec.commandLine(), "--stall-rate is a fraction from 0 to 1, not " + stallRate);
        }
        if (port != null && (port < 0 || port > 65535)) {
            throw new ParameterException(spec.commandLine(), "--port is 0 (any free port) to 65535, not " + port);
        }
        Config config;
        Delay mirrorLatency = null;
        try {
            var ports = FlagSite.Edition.of(edition);
            var latency = delay == null ? null : Delay.parse(delay);
            config = Config.of(mode).withPort(port == null ? ports.port(mode) : port).withSeed(seed)
                    .withHost(host).withLogRequests(log);
            if (latency != null) {
                config = latency.applyTo(config);
            }
            if (errorRate != null) {
                config = config.withErrorRate(errorRate);
            }
            if (rate != null) {
                if (!(rate > 0)) {
                    throw new IllegalArgumentException("--rate is a number of requests per second above 0, not " + rate);
                }
                config = config.withRateLimit(rate);
            }
            if (stallRate != null) {
                config = config.withStallRate(stallRate);
            }
            if (mirrorDelay != null) {
                mirrorLatency = Delay.parse(mirrorDelay);   // a bad value is a usage error before anything starts
            }
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        } catch (IllegalStateException e) {
            System.err.println("flag_server: " + e.getMessage());   // no fixtures/ found
            return 1;
        }
        FlagServer server;
        try {
            server = FlagServer.start(config);
        } catch (UncheckedIOException e) {
            System.err.println("flag_server: " + whyNotStarted(e, config));
            return 1;
        }
        System.out.println(server + " — Ctrl-C to stop");
        FlagServer mirror = null;
        if (mirrorLatency != null) {
            mirror = server.mirror(mirrorLatency.min(), mirrorLatency.max());
            System.out.println("mirror: " + mirror);
        }
        System.out.println("try " + server.flagUrl("cn") + (log ? "; one line per request follows" : ""));
        System.out.flush();
        FlagServer theMirror = mirror;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            System.out.println();
            System.out.println("stopped: " + server.stats());
            if (theMirror != null) {
                System.out.println("mirror stopped: " + theMirror.stats());
            }
            System.out.flush();
        }));
        new CountDownLatch(1).await();   // the server runs on daemon threads: keep the JVM alive until Ctrl-C
        return 0;
    }

    /** The JDK says both "Address already in use" and "Cannot assign requested address" with a BindException. */
    private static String whyNotStarted(UncheckedIOException e, Config config) {
        String cause = e.getCause() == null || e.getCause().getMessage() == null ? "" : e.getCause().getMessage();
        if (e.getCause() instanceof BindException && cause.contains("already in use")) {
            return "port " + config.port() + " on " + config.host() + " is already in use (another flag server?);"
                    + " stop it, or choose another port with --port N (--port 0 picks a free one)";
        }
        if (e.getCause() instanceof BindException || e.getCause() instanceof java.net.SocketException) {
            return "this machine has no address " + config.host() + " to listen on (" + cause + "); --host takes one"
                    + " of its own addresses: 127.0.0.1 (the default, this machine only) or 0.0.0.0 (every address)";
        }
        return e.getMessage();
    }
}
