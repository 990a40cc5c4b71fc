///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 25+
//DEPS com.squareup.okhttp3:okhttp-jvm:5.5.1
//SOURCES ../support/src/main/java/futureskit/FlagServer.java
//SOURCES ../support/src/main/java/futureskit/Fixtures.java

// Lesson 1: download the flags of the 20 most populous countries, one after the other (the book's flags.py).
// Like flags.py it is also the library of the concurrent versions: flags_threadpool.java,
// flags_virtual.java and flags_threadpool_ac.java reuse it through //SOURCES and only replace downloadMany.
//
//   jbang jbang/flags.java                   # embedded flag server, 0.1-0.5 s per request
//   jbang jbang/flags.java --delay 0.5       # embedded, a fixed 0.5 s
//   jbang jbang/flags.java --server DELAY    # the book's DELAY server on localhost:8002
//                                            # (start it first: jbang jbang/flag_server.java --mode DELAY)
//   jbang jbang/flags.java --server REMOTE   # the book's public site (needs internet)

import futureskit.FlagServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import okhttp3.OkHttpClient;
import okhttp3.Request;

class Flags {

    public static final List<String> POP20_CC = List.of(
            "CN", "IN", "US", "ID", "BR", "PK", "NG", "BD", "RU", "JP",
            "MX", "PH", "VN", "ET", "EG", "DE", "IR", "TR", "CD", "FR");

    /** Where the flags are, e.g. BASE_URL + "/cn/cn.gif". Set once by {@link #main}, before any download. */
    public static String BASE_URL = "https://www.fluentpython.com/data/flags";

    public static final Path DEST_DIR = Path.of("downloads");

    // One client for all downloads, as one httpx module serves flags.py: it keeps a pool of connections.
    private static final OkHttpClient HTTP = new OkHttpClient();

    /** The book's raise_for_status(): any answer but 2xx is an error, with its status for callers to inspect. */
    public static final class HttpStatusException extends IOException {
        public final int status;

        public HttpStatusException(int status, String url) {
            super("HTTP " + status + " for " + url);
            this.status = status;
        }
    }

    public static void saveFlag(byte[] img, String filename) throws IOException {
        // Write beside the target, then rename: a crash or Ctrl-C never leaves a half-written flag.
        Path tmp = Files.createTempFile(DEST_DIR, filename + ".", ".part");
        try {
            Files.write(tmp, img);
            Files.move(tmp, DEST_DIR.resolve(filename),
                    StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    public static byte[] getFlag(String cc) throws IOException {
        String lower = cc.toLowerCase(Locale.ROOT);
        String url = BASE_URL + "/" + lower + "/" + lower + ".gif";
        var request = new Request.Builder().url(url).build();
        try (var response = HTTP.newCall(request).execute()) {
            if (!response.isSuccessful()) {
                throw new HttpStatusException(response.code(), url);
            }
            return response.body().bytes();
        }
    }

    public static void show(String text) {
        System.out.print(text + " ");
        System.out.flush();
    }

    public static int downloadMany(List<String> ccList) throws IOException {
        for (String cc : ccList.stream().sorted().toList()) {
            byte[] image = getFlag(cc);
            saveFlag(image, cc.toLowerCase(Locale.ROOT) + ".gif");
            show(cc);
        }
        return ccList.size();
    }

    /** A download strategy: the sequential loop above, or a concurrent one from another script. */
    @FunctionalInterface
    public interface Downloader {
        int downloadMany(List<String> ccList) throws Exception;
    }

    /** Picks the flag site from the command line, times {@code downloader} on POP20_CC and reports. */
    public static void main(String[] args, Downloader downloader) throws Exception {
        try (Site site = Site.fromArgs(args)) {
            System.out.println(site.describe());
            BASE_URL = site.baseUrl();
            Files.createDirectories(DEST_DIR);
            site.warmUp();
            long t0 = System.nanoTime();
            int count;
            try {
                count = downloader.downloadMany(POP20_CC);
            } catch (Exception e) {
                site.explain(e);
                throw e;
            }
            double elapsed = (System.nanoTime() - t0) / 1e9;
            System.out.printf("%n%d flags downloaded in %.2fs%n", count, elapsed);
        }
    }

    public static void main(String[] args) throws Exception {
        main(args, Flags::downloadMany);
    }

    /**
     * Where the flags come from: the embedded flag server (the default, started in this JVM and closed with
     * the site) or one of the book's sites. Later lessons reuse it: {@code try (var site = Site.fromArgs(args))}.
     */
    public record Site(String name, String baseUrl, FlagServer server) implements AutoCloseable {

        /** Latency of the embedded server when --delay is not given: per flag, like a far-away site. */
        public static final double MIN_DELAY = 0.1, MAX_DELAY = 0.5;

        public static final String REMOTE_URL = "https://www.fluentpython.com/data/flags";

        public static final String USAGE = """
                usage: [--server EMBEDDED|LOCAL|DELAY|ERROR|REMOTE] [--delay SECONDS | --delay MIN-MAX]
                  --server EMBEDDED  a flag server started in this program (default), on a free port
                  --server LOCAL     the book's servers on localhost: LOCAL :8001, DELAY :8002, ERROR :8003
                           DELAY     (start one with: jbang jbang/flag_server.java --mode DELAY)
                           ERROR
                  --server REMOTE    the book's public site, %s (needs internet)
                  --delay            latency of the embedded server per request (default %s-%s s)
                """.formatted(REMOTE_URL, MIN_DELAY, MAX_DELAY);

        /** Parses {@code --server} and {@code --delay}; prints the usage and exits on anything else. */
        public static Site fromArgs(String[] args) {
            String server = "EMBEDDED";
            double min = MIN_DELAY, max = MAX_DELAY;
            boolean delayGiven = false;
            try {
                for (int i = 0; i < args.length; i++) {
                    switch (args[i]) {
                        case "--server", "-s" -> server = args[++i].toUpperCase(Locale.ROOT);
                        case "--delay", "-d" -> {
                            String value = args[++i];
                            try {
                                String[] range = value.split("-", 2);
                                min = Double.parseDouble(range[0]);
                                max = range.length == 2 ? Double.parseDouble(range[1]) : min;
                            } catch (NumberFormatException e) {
                                throw new IllegalArgumentException(
                                        "--delay takes SECONDS or MIN-MAX, e.g. 0.5 or 0.1-0.5, not " + value);
                            }
                            delayGiven = true;
                        }
                        case "--help", "-h" -> {
                            System.out.print(USAGE);
                            System.exit(0);
                        }
                        default -> throw new IllegalArgumentException("unknown argument: " + args[i]);
                    }
                }
                if (delayGiven && !server.equals("EMBEDDED")) {
                    throw new IllegalArgumentException("--delay applies to the EMBEDDED server only");
                }
                return open(server, min, max);
            } catch (ArrayIndexOutOfBoundsException e) {
                return usageError("missing value after " + args[args.length - 1]);
            } catch (IllegalArgumentException e) {
                return usageError(e.getMessage());
            }
        }

        /** The site named {@code server}; EMBEDDED starts a DELAY flag server with latency min-max seconds. */
        public static Site open(String server, double minDelay, double maxDelay) {
            return switch (server) {
                case "EMBEDDED" -> {
                    var config = FlagServer.Config.of(FlagServer.Mode.DELAY).withDelay(minDelay, maxDelay);
                    var flagServer = FlagServer.start(config);
                    yield new Site("EMBEDDED site (" + config.describe() + ")", flagServer.baseUrl(), flagServer);
                }
                case "LOCAL", "DELAY", "ERROR" -> {
                    int port = FlagServer.Mode.valueOf(server).bookPort();
                    yield new Site(server + " site", "http://localhost:" + port + "/flags", null);
                }
                case "REMOTE" -> new Site("REMOTE site", REMOTE_URL, null);
                default -> throw new IllegalArgumentException("unknown server: " + server
                        + " (choose EMBEDDED, LOCAL, DELAY, ERROR or REMOTE)");
            };
        }

        private static Site usageError(String message) {
            System.err.println("error: " + message);
            System.err.print(USAGE);
            System.exit(2);
            return null;
        }

        /**
         * For the embedded server only: one request for a page that is not a flag (an instant 404), so the
         * clock measures downloads and not the JVM loading the HTTP client and server classes on first use.
         */
        public void warmUp() throws IOException {
            if (server != null) {
                HTTP.newCall(new Request.Builder().url(baseUrl + "/").build()).execute().close();
                server.resetStats();
            }
        }

        /** A refused connection to one of the book's sites most likely means it is not running: say how to start it. */
        public void explain(Throwable failure) {
            for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
                if (cause instanceof java.net.ConnectException && server == null) {
                    System.err.printf("%nerror: cannot connect to the %s at %s%s%n", name, baseUrl,
                            name.startsWith("REMOTE") ? " (no internet?)"
                                    : ": is it running? Start it with: jbang jbang/flag_server.java --mode "
                                    + name.split(" ")[0]);
                    return;
                }
            }
        }

        public String describe() {
            return name + ": " + baseUrl;
        }

        /** Stops the embedded server, so no server thread outlives the run. */
        @Override
        public void close() {
            if (server != null) {
                server.close();
            }
        }
    }
}
