///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 25+
//DEPS info.picocli:picocli:4.7.7
//DEPS com.squareup.okhttp3:okhttp-jvm:5.5.1
//DEPS me.tongfei:progressbar:0.10.2
//SOURCES ../support/src/main/java/futureskit/FlagServer.java
//SOURCES ../support/src/main/java/futureskit/HttpRequestReader.java
//SOURCES ../support/src/main/java/futureskit/FlagSite.java
//SOURCES ../support/src/main/java/futureskit/Fixtures.java
//SOURCES ../support/src/main/java/futureskit/HttpStatusException.java
//SOURCES ../support/src/main/java/futureskit/Saves.java
//RUNTIME_OPTIONS --enable-native-access=ALL-UNNAMED
// A flags script is over in a second or two, before C2's compiled code would pay back its compiling: C1 alone
// costs the run a third less CPU.
//RUNTIME_OPTIONS -XX:TieredStopAtLevel=1

// Support code of the flags scripts (the book's flags2_common.py): the command lines, the reports, the sites,
// saveFlag. The lessons themselves are elsewhere: flags.java and its variants (getFlag, downloadMany), and
// flags2_sequential.java, flags2_threadpool.java and flags2_virtual.java (downloadOne, downloadMany), which
// reuse this file through //SOURCES. Where the flags come from is futureskit.FlagSite, in the support library.

import futureskit.Fixtures;
import futureskit.FlagServer;
import futureskit.FlagSite;
import futureskit.HttpStatusException;
import futureskit.Saves;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.TreeSet;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import okhttp3.ConnectionSpec;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What happened to one download; the book's {@code DownloadStatus = Enum('DownloadStatus', 'OK NOT_FOUND ERROR')}. */
enum DownloadStatus { OK, NOT_FOUND, ERROR }

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

    static final Path DEST_DIR = Path.of("downloads");

    /**
     * One client for the whole run, made by main once the site is known. Only synchronous execute() is used, from
     * the scripts' own threads: OkHttp's async dispatcher would cap us at 5 requests per host. The connection pool
     * has no cap on connections in use; it only keeps 5 idle ones, so a 1000-request burst opens 1000 sockets and
     * closes most afterwards.
     */
    static OkHttpClient CLIENT;

    /**
     * A client for the site at {@code baseUrl}. OkHttp sets TLS up as the client is built (the JDK's trust store:
     * a tenth of a second of start-up), so a site on plain http, as every local one is, gets a client without it.
     */
    static OkHttpClient newClient(String baseUrl) {
        var builder = new OkHttpClient.Builder()
                .connectTimeout(Duration.ofSeconds(10))
                .readTimeout(Duration.ofSeconds(10))
                .followRedirects(true);
        if (baseUrl.startsWith("http:")) builder.connectionSpecs(List.of(ConnectionSpec.CLEARTEXT));
        return builder.build();
    }

    /** Atomic (see futureskit.Saves): Ctrl-C never leaves a half-written flag; a disk error stops the run. */
    static void saveFlag(byte[] img, String filename) {
        Saves.atomically(DEST_DIR, filename, img);
    }

    /**
     * The error text downloadMany prints in verbose mode, or rethrows what is not a download error: as in the
     * book, only HTTP and network errors are counted; a bug in our code, or a flag we cannot save on our own
     * disk (Saves.CannotSave), still stops the script.
     */
    static String errorMessage(Throwable cause) {
        return switch (cause) {
            case HttpStatusException e -> "HTTP error " + e.code() + " - " + e.reason();
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

    /** The site options every flags script shares: which server, and the embedded one's latency. */
    static class SiteOptions {
        @Option(names = {"-s", "--server"}, paramLabel = "LABEL",
                description = "Server to hit; one of EMBEDDED, LOCAL, DELAY, ERROR, REMOTE (default=${DEFAULT-VALUE})")
        String server = "EMBEDDED";

        @Option(names = {"-d", "--delay"}, paramLabel = "SECONDS",
                description = "EMBEDDED server: latency of each request, one value or MIN-MAX (default=0.1-0.5)")
        String delay;

        @Option(names = "--edition", paramLabel = "1|2",
                description = "the book's ports of LOCAL, DELAY, ERROR: 1 = 8001, 8002, 8003 (default), 2 = 8000, 8001, 8002 (its second edition)")
        int edition = 1;

        /** Checks the options against each other; a problem is picocli's ParameterException, one line. */
        void check(CommandLine cli, String embeddedOptionGiven) {
            try {
                server = FlagSite.checkedName(server);
                FlagSite.Edition.of(edition);
                if (delay != null) FlagSite.Delay.parse(delay);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(cli, e.getMessage());
            }
            String given = delay != null ? "--delay" : embeddedOptionGiven;
            if (!server.equals("EMBEDDED") && given != null) {
                throw new CommandLine.ParameterException(cli, given + " applies to the EMBEDDED server only");
            }
        }

        /** Opens the site; {@code embedded} is the embedded server's config (of the default delay). */
        FlagSite open(Supplier<FlagServer.Config> embedded) {
            var delayRange = FlagSite.Delay.parse(delay == null ? "0.1-0.5" : delay);
            return FlagSite.open(server, FlagSite.Edition.of(edition), () -> delayRange.applyTo(embedded.get()));
        }
    }

    /** The command line of flags.java and its variants (lessons 1 to 3). */
    @Command(sortOptions = false, separator = " ", usageHelpAutoWidth = true, synopsisHeading = "usage: ",
            description = "Download the flags of the 20 most populous countries and time it.")
    static class LessonOptions {
        @Mixin
        SiteOptions site = new SiteOptions();

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help message and exit")
        boolean help;
    }

    /** What a lesson does with its site (flags.java's main: time downloadMany on POP20_CC and report). */
    @FunctionalInterface
    interface Lesson {
        void run(FlagSite site) throws Exception;
    }

    /**
     * flags.java's command line and failures: parses {@code --server}, {@code --delay}, {@code --edition}, opens
     * the site (an embedded DELAY server by default), prints it, runs {@code lesson}; what is no bug (a server
     * not running, an HTTP error, a full disk) is one line and exit status 1, a bad command line status 2.
     */
    static void lessonMain(String[] args, Lesson lesson) {
        var cli = new CommandLine(new LessonOptions()).setCommandName(scriptName());
        cli.setParameterExceptionHandler((error, ignored) -> {
            var help = error.getCommandLine().getHelp();  // argparse's way: the error, then the short usage
            error.getCommandLine().getErr().print("error: " + error.getMessage() + System.lineSeparator()
                    + help.synopsisHeading() + help.synopsis(0) + "Try --help for more." + System.lineSeparator());
            error.getCommandLine().getErr().flush();
            return 2;
        });
        cli.setExecutionStrategy(parsed -> {
            if (CommandLine.printHelpIfRequested(parsed)) return 0;
            var site = ((LessonOptions) cli.getCommand()).site;
            site.check(cli, null);
            return runLesson(site, lesson);
        });
        System.exit(cli.execute(args));
    }

    private static int runLesson(SiteOptions options, Lesson lesson) {
        FlagSite site = null;
        try {
            site = options.open(() -> FlagServer.Config.of(FlagServer.Mode.DELAY));
            System.out.println(site.describe());
            CLIENT = newClient(site.baseUrl());
            site.warmUp(flags2_common::fetch);
            lesson.run(site);
            return 0;
        } catch (Exception e) {
            Throwable failure = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            String hint = site == null ? null : site.explain(failure);
            if (hint == null && !expected(failure)) throw new IllegalStateException(failure);
            System.out.flush();
            System.err.println(System.lineSeparator() + "error: " + (hint != null ? hint : failure.getMessage()));
            return 1;
        } finally {
            if (site != null) site.close();
            if (CLIENT != null) CLIENT.connectionPool().evictAll();
        }
    }

    /** Not a bug: the network's, the server's or the disk's doing, or fixtures missing: one line, no stack trace. */
    private static boolean expected(Throwable failure) {
        return failure instanceof IOException || failure instanceof java.io.UncheckedIOException || fromFixtures(failure);
    }

    /** Fixtures says "cannot find the kit's fixtures" with an IllegalStateException; other ones are bugs. */
    static boolean fromFixtures(Throwable e) {
        var trace = e.getStackTrace();
        return e instanceof IllegalStateException && trace.length > 0 && trace[0].getClassName().equals(Fixtures.class.getName());
    }

    private static void fetch(String url) throws IOException {
        CLIENT.newCall(new Request.Builder().url(url).build()).execute().close();
    }

    // The script's name for its usage line: its main class, e.g. "flags_virtual" ("Flags" for flags.java).
    private static String scriptName() {
        String main = System.getProperty("sun.java.command", "flags").split(" ")[0];
        return main.equals("Flags") ? "flags" : main;
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

        @Mixin
        SiteOptions site = new SiteOptions();

        @Option(names = {"-v", "--verbose"}, description = "output detailed progress info")
        boolean verbose;

        @Option(names = "--error-rate", paramLabel = "FRACTION",
                description = "EMBEDDED server: fraction of requests answered with 418, 500 or 503 (default=0.25)")
        Double errorRate;

        @Option(names = "--seed", paramLabel = "N",
                description = "EMBEDDED server: seed that decides which requests fail (default=42)")
        Long seed;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help message and exit")
        boolean help;

        Options(int defaultConcurReq) {
            maxReq = defaultConcurReq;
        }

        /** The embedded ERROR server of the flags2 scripts: 25% errors, seed 42, unless told otherwise. */
        FlagServer.Config embeddedConfig() {
            return FlagServer.Config.of(FlagServer.Mode.ERROR)
                    .withErrorRate(errorRate == null ? 0.25 : errorRate).withSeed(seed == null ? 42 : seed);
        }
    }

    /** The book's process_args plus main: parse, check, report, run downloadMany, report. Returns the exit status. */
    static int main(String script, DownloadMany downloadMany, int defaultConcurReq, int maxConcurReq, String... args) {
        var options = new Options(defaultConcurReq);
        var cli = new CommandLine(options).setCommandName(script);
        List<String> ccList;
        try {
            cli.parseArgs(args);
            if (cli.isUsageHelpRequested()) {
                cli.usage(System.out);
                return 0;
            }
            if (options.maxReq < 1) throw usage(cli, "--max_req CONCURRENT must be >= 1");
            if (options.maxReq > MAX_CONCUR_REQ)
                throw usage(cli, "--max_req CONCURRENT must be at most " + MAX_CONCUR_REQ + ", not " + options.maxReq);
            if (options.limit < 1) throw usage(cli, "--limit N must be >= 1");
            if (options.errorRate != null && !(options.errorRate >= 0 && options.errorRate <= 1))
                throw usage(cli, "--error-rate FRACTION is a fraction from 0 to 1, not " + options.errorRate);
            options.site.check(cli, options.errorRate != null ? "--error-rate" : options.seed != null ? "--seed" : null);
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

        try (var site = options.site.open(options::embeddedConfig)) {
            initialReport(ccList, actualReq, site.name(), site.baseUrl());
            if (site.server() != null) IO.println("(embedded ERROR server: " + site.server().config().describe() + ")");
            Saves.folder(DEST_DIR);
            CLIENT = newClient(site.baseUrl());
            site.warmUp(flags2_common::fetch);
            long t0 = System.nanoTime();
            var counter = downloadMany.downloadMany(ccList, site.baseUrl(), options.verbose, actualReq);
            finalReport(counter, t0);
            return 0;
        } catch (java.io.UncheckedIOException e) { // our disk (Saves.CannotSave) or our port: not the server's
            System.out.flush();
            System.err.println(System.lineSeparator() + "*** " + e.getMessage());
            return 1;
        } catch (IllegalStateException e) {
            if (!fromFixtures(e)) throw e;
            System.err.println("*** " + e.getMessage());
            return 1;
        } catch (IOException e) {
            System.err.println("*** " + e);
            return 1;
        } catch (InterruptedException e) {
            return 130;
        } finally {
            if (CLIENT != null) {
                CLIENT.dispatcher().executorService().shutdown();
                CLIENT.connectionPool().evictAll();
            }
        }
    }

    private static CommandLine.ParameterException usage(CommandLine cli, String message) {
        return new CommandLine.ParameterException(cli, "*** Usage error: " + message);
    }
}
