///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 25+
//DEPS info.picocli:picocli:4.7.7
//DEPS com.squareup.okhttp3:okhttp-jvm:5.5.1
//DEPS me.tongfei:progressbar:0.10.2
//SOURCES ../support/src/main/java/futureskit/FlagServer.java
//SOURCES ../support/src/main/java/futureskit/Fixtures.java
//RUNTIME_OPTIONS --enable-native-access=ALL-UNNAMED

// Support code of the flags2 series (the book's flags2_common.py): the command line, the reports, the
// servers, saveFlag. The lesson itself (downloadOne, downloadMany) is in flags2_sequential.java,
// flags2_threadpool.java and flags2_virtual.java, which reuse this file through //SOURCES.

import futureskit.Fixtures;
import futureskit.FlagServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.TreeSet;
import java.util.concurrent.CompletionService;
import java.util.concurrent.Future;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import okhttp3.OkHttpClient;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What happened to one download; the book's {@code DownloadStatus = Enum('DownloadStatus', 'OK NOT_FOUND ERROR')}. */
enum DownloadStatus { OK, NOT_FOUND, ERROR }

/** An HTTP answer other than 200, with the standard reason phrase (what httpx's HTTPStatusError carries). */
class HttpStatusException extends IOException {
    final int code;
    final String reason;

    HttpStatusException(int code, String reason, String url) {
        super("HTTP error " + code + " - " + reason + " for " + url);
        this.code = code;
        this.reason = reason;
    }
}

/** The strategy each script plugs into {@link flags2_common#main}: only this changes between the scripts. */
@FunctionalInterface
interface DownloadMany {
    EnumMap<DownloadStatus, Integer> downloadMany(List<String> ccList, String baseUrl, boolean verbose, int concurReq)
            throws InterruptedException;
}

public class flags2_common {

    static final List<String> POP20_CC = Fixtures.POP20_CC;

    /** The book's hard ceiling: more concurrent requests than this is a usage error, not a silent cap. */
    static final int MAX_CONCUR_REQ = 1000;

    /** The book's servers; LOCAL, DELAY and ERROR are `jbang jbang/flag_server.java` on the book's ports. */
    static final Map<String, String> SERVERS = new LinkedHashMap<>();
    static {
        SERVERS.put("EMBEDDED", "a flag server started inside this script (ERROR mode, see --delay, --error-rate, --seed)");
        for (var mode : FlagServer.Mode.values()) {
            SERVERS.put(mode.name(), "http://localhost:" + mode.bookPort() + "/flags");
        }
        SERVERS.put("REMOTE", "https://www.fluentpython.com/data/flags");
    }
    static final String DEFAULT_SERVER = "EMBEDDED";

    static final Path DEST_DIR = Path.of("downloads");

    /**
     * One client for the whole run. Only synchronous execute() is used, from the scripts' own threads: OkHttp's
     * async dispatcher would cap us at 5 requests per host. The connection pool has no cap on connections in
     * use; it only keeps 5 idle ones, so a 1000-request burst opens 1000 sockets and closes most afterwards.
     */
    static final OkHttpClient CLIENT = new OkHttpClient.Builder()
            .connectTimeout(Duration.ofSeconds(10))
            .readTimeout(Duration.ofSeconds(10))
            .followRedirects(true)
            .build();

    static void saveFlag(byte[] img, String filename) throws IOException {
        Files.write(DEST_DIR.resolve(filename), img);
    }

    /** httpx reports the standard reason phrase of a status, whatever the server wrote on its status line. */
    static String reasonPhrase(int code, String fromServer) {
        return switch (code) {
            case 400 -> "Bad Request";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 418 -> "I'm a teapot";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> fromServer == null || fromServer.isBlank() ? "" : fromServer;
        };
    }

    /**
     * The error text downloadMany prints in verbose mode, or rethrows what is not a download error: as in the
     * book, only HTTP and network errors are counted; a bug in our code still crashes the script.
     */
    static String errorMessage(Throwable cause) {
        return switch (cause) {
            case HttpStatusException e -> "HTTP error " + e.code + " - " + e.reason;
            case IOException e -> (e.getMessage() == null ? "" : e.getMessage() + " ") + e.getClass().getName();
            case RuntimeException e -> throw e;
            case Error e -> throw e;
            default -> throw new IllegalStateException(cause);
        };
    }

    /** Futures in the order they finish: Python's {@code as_completed}, over a CompletionService. */
    static <T> Iterable<Future<T>> asCompleted(CompletionService<T> completion, int count) {
        return new Iterable<>() {
            public Iterator<Future<T>> iterator() {
                return new Iterator<>() {
                    int taken = 0;

                    public boolean hasNext() {
                        return taken < count;
                    }

                    public Future<T> next() {
                        if (!hasNext()) throw new NoSuchElementException();
                        try {
                            var future = completion.take();
                            taken++;
                            return future;
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new IllegalStateException("interrupted while waiting for downloads", e);
                        }
                    }
                };
            }

            // A known size gives the progress bar its total, as tqdm's total=len(cc_list).
            public Spliterator<Future<T>> spliterator() {
                return Spliterators.spliterator(iterator(), count, Spliterator.ORDERED);
            }
        };
    }

    /** tqdm's role: wrap an iterable so that each item taken moves a bar with a known total (on stderr). */
    static <T> Iterable<T> progressBar(Iterable<T> items, int total) {
        var builder = new ProgressBarBuilder()
                .setTaskName("flags")
                .setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(100)
                .continuousUpdate();
        return ProgressBar.wrap(items, builder);
    }

    static void initialReport(List<String> ccList, int actualReq, String serverLabel, String url) {
        String ccMsg = ccList.size() <= 10 ? String.join(", ", ccList)
                : "from " + ccList.getFirst() + " to " + ccList.getLast();
        IO.println(serverLabel + " site: " + url);
        IO.println("Searching for " + ccList.size() + " flag" + (ccList.size() != 1 ? "s" : "") + ": " + ccMsg);
        IO.println(actualReq == 1 ? "1 connection will be used."
                : actualReq + " concurrent connections will be used.");
    }

    static void finalReport(EnumMap<DownloadStatus, Integer> counter, long startNanos) {
        double elapsed = (System.nanoTime() - startNanos) / 1e9;
        IO.println("-".repeat(20));
        int ok = counter.getOrDefault(DownloadStatus.OK, 0);
        IO.println("%3d flag%s downloaded.".formatted(ok, ok != 1 ? "s" : ""));
        int notFound = counter.getOrDefault(DownloadStatus.NOT_FOUND, 0);
        if (notFound > 0) IO.println("%3d not found.".formatted(notFound));
        int errors = counter.getOrDefault(DownloadStatus.ERROR, 0);
        if (errors > 0) IO.println("%3d error%s.".formatted(errors, errors != 1 ? "s" : ""));
        IO.println(String.format(Locale.ROOT, "Elapsed time: %.2fs", elapsed));
    }

    static List<String> expandCcArgs(boolean everyCc, boolean allCc, List<String> ccArgs, int limit) {
        var codes = new TreeSet<String>();
        String aToZ = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
        if (everyCc) {
            for (char a : aToZ.toCharArray()) for (char b : aToZ.toCharArray()) codes.add("" + a + b);
        } else if (allCc) {
            codes.addAll(Fixtures.countryCodes());
        } else {
            for (String cc : ccArgs) {
                cc = cc.toUpperCase(Locale.ROOT);
                if (cc.matches("[A-Z]")) {
                    for (char b : aToZ.toCharArray()) codes.add(cc + b);
                } else if (cc.matches("[A-Z]{2}")) {
                    codes.add(cc);
                } else {
                    throw new IllegalArgumentException("*** Usage error: each CC argument must be A to Z or AA to ZZ.");
                }
            }
        }
        return codes.stream().limit(limit).toList();
    }

    @Command(sortOptions = false, separator = " ", usageHelpAutoWidth = true,
            description = "Download flags for country codes. Default: top 20 countries by population.")
    static class Options {
        @Parameters(paramLabel = "CC", arity = "0..*", description = "country code or 1st letter (eg. B for BA...BZ)")
        List<String> cc = new ArrayList<>();

        @Option(names = {"-a", "--all"}, description = "get all available flags (AD to ZW)")
        boolean all;

        @Option(names = {"-e", "--every"}, description = "get flags for every possible code (AA...ZZ)")
        boolean every;

        @Option(names = {"-l", "--limit"}, paramLabel = "N", description = "limit to N first codes")
        int limit = Integer.MAX_VALUE;

        @Option(names = {"-m", "--max_req"}, paramLabel = "CONCURRENT",
                description = "maximum concurrent requests (default=${DEFAULT-VALUE}, at most " + MAX_CONCUR_REQ + ")")
        int maxReq;

        @Option(names = {"-s", "--server"}, paramLabel = "LABEL",
                description = "Server to hit; one of EMBEDDED, LOCAL, DELAY, ERROR, REMOTE (default=${DEFAULT-VALUE})")
        String server = DEFAULT_SERVER;

        @Option(names = {"-v", "--verbose"}, description = "output detailed progress info")
        boolean verbose;

        @Option(names = "--delay", paramLabel = "SECONDS",
                description = "EMBEDDED server: latency of each request, one value or MIN-MAX (default=${DEFAULT-VALUE})")
        String delay = "0.1-0.5";

        @Option(names = "--error-rate", paramLabel = "FRACTION",
                description = "EMBEDDED server: fraction of requests answered with 418, 500 or 503 (default=${DEFAULT-VALUE})")
        double errorRate = 0.25;

        @Option(names = "--seed", paramLabel = "N",
                description = "EMBEDDED server: seed that decides which requests fail (default=${DEFAULT-VALUE})")
        long seed = 42;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help message and exit")
        boolean help;

        Options(int defaultConcurReq) {
            maxReq = defaultConcurReq;
        }
    }

    static FlagServer.Config embeddedConfig(Options options) {
        String[] range = options.delay.split("-", 2);
        double min = Double.parseDouble(range[0]);
        double max = range.length == 2 ? Double.parseDouble(range[1]) : min;
        return FlagServer.Config.of(FlagServer.Mode.ERROR).withDelay(min, max)
                .withErrorRate(options.errorRate).withSeed(options.seed);
    }

    /** The book's process_args plus main: parse, check, report, run downloadMany, report. Returns the exit status. */
    static int main(String script, DownloadMany downloadMany, int defaultConcurReq, int maxConcurReq, String... args) {
        var options = new Options(defaultConcurReq);
        var cli = new CommandLine(options).setCommandName(script);
        List<String> ccList;
        FlagServer.Config embedded = null;
        try {
            cli.parseArgs(args);
            if (cli.isUsageHelpRequested()) {
                cli.usage(System.out);
                return 0;
            }
            if (options.maxReq < 1) throw usage("--max_req CONCURRENT must be >= 1");
            if (options.maxReq > MAX_CONCUR_REQ)
                throw usage("--max_req CONCURRENT must be at most " + MAX_CONCUR_REQ + ", not " + options.maxReq);
            if (options.limit < 1) throw usage("--limit N must be >= 1");
            options.server = options.server.toUpperCase(Locale.ROOT);
            if (!SERVERS.containsKey(options.server))
                throw usage("--server LABEL must be one of " + String.join(", ", SERVERS.keySet()));
            if (options.server.equals("EMBEDDED")) {
                try {
                    embedded = embeddedConfig(options);
                } catch (IllegalArgumentException e) {
                    throw usage("bad EMBEDDED server option: " + e.getMessage());
                }
            }
            try {
                ccList = expandCcArgs(options.every, options.all, options.cc, options.limit);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(cli, e.getMessage());
            }
        } catch (CommandLine.ParameterException e) {
            String message = e.getMessage();
            IO.println(message.startsWith("***") ? message : "*** Usage error: " + message);
            cli.usage(System.out, CommandLine.Help.Ansi.OFF);
            return 2; // the "standard" status of a command line usage error, as in the book
        }
        if (ccList.isEmpty()) ccList = POP20_CC.stream().sorted().limit(options.limit).toList();
        int actualReq = Math.min(Math.min(options.maxReq, maxConcurReq), ccList.size());

        try (var server = embedded == null ? null : FlagServer.start(embedded)) {
            String baseUrl = server == null ? SERVERS.get(options.server) : server.baseUrl();
            initialReport(ccList, actualReq, options.server, baseUrl);
            if (server != null) IO.println("(embedded ERROR server: " + server.config().describe() + ")");
            Files.createDirectories(DEST_DIR);
            if (server != null) warmUp(server);
            long t0 = System.nanoTime();
            var counter = downloadMany.downloadMany(ccList, baseUrl, options.verbose, actualReq);
            finalReport(counter, t0);
            return 0;
        } catch (IOException e) {
            System.err.println("*** " + e);
            return 1;
        } catch (InterruptedException e) {
            return 130;
        } finally {
            CLIENT.dispatcher().executorService().shutdown();
            CLIENT.connectionPool().evictAll();
        }
    }

    /**
     * As flags.java does: one request for a page that is not a flag (an instant 404, which does not count as an
     * attempt at any flag, so a seeded run stays the same), so that the clock measures downloads and not the JVM
     * loading the HTTP client's and the server's classes on first use.
     */
    static void warmUp(FlagServer server) throws IOException {
        CLIENT.newCall(new okhttp3.Request.Builder().url(server.baseUrl() + "/").build()).execute().close();
        server.resetStats();
    }

    private static CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(new CommandLine(new Options(1)), "*** Usage error: " + message);
    }
}
