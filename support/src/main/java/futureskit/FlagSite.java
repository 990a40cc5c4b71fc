package futureskit;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Where the scripts download flags from: a {@link FlagServer} started in this program (EMBEDDED, the default),
 * the book's servers on localhost (LOCAL, DELAY, ERROR: start one with {@code jbang jbang/flag_server.java}),
 * or the book's public site (REMOTE). The one place for the site names, the book's ports (first or second
 * edition) and the {@code --delay} syntax; the scripts' command lines only call it.
 *
 * <p>JDK only, because JBang scripts compile this file through {@code //SOURCES}.
 */
public final class FlagSite implements AutoCloseable {

    /** The names a script's {@code --server} accepts, in the order the help lists them. */
    public static final List<String> NAMES = List.of("EMBEDDED", "LOCAL", "DELAY", "ERROR", "REMOTE");

    public static final String REMOTE_URL = "https://www.fluentpython.com/data/flags";

    /**
     * The book's port layout. The first edition's scripts (and the kit, by default) use LOCAL 8001, DELAY 8002,
     * ERROR 8003; the second edition's use 8000, 8001, 8002, so a second-edition client needs {@code --edition 2}
     * on the server, or it silently talks to another mode.
     */
    public enum Edition {
        FIRST, SECOND;

        public int port(FlagServer.Mode mode) {
            return switch (this) {
                case FIRST -> mode.bookPort();
                case SECOND -> switch (mode) {
                    case LOCAL -> 8000;
                    case DELAY -> 8001;
                    case ERROR -> 8002;
                };
            };
        }

        public int number() {
            return ordinal() + 1;
        }

        /** E.g. "LOCAL 8001, DELAY 8002, ERROR 8003". */
        public String ports() {
            var modes = FlagServer.Mode.values();
            var parts = new StringBuilder();
            for (var mode : modes) {
                parts.append(parts.isEmpty() ? "" : ", ").append(mode).append(' ').append(port(mode));
            }
            return parts.toString();
        }

        /** 1 or 2; anything else is an IllegalArgumentException whose message says what each means. */
        public static Edition of(int number) {
            if (number == 1 || number == 2) {
                return values()[number - 1];
            }
            throw new IllegalArgumentException("--edition is 1 (the book's first edition: " + FIRST.ports()
                    + ") or 2 (the second: " + SECOND.ports() + "), not " + number);
        }
    }

    /** A latency in seconds per request: fixed ({@code 0.5}) or drawn uniformly from a range ({@code 0.1-0.5}). */
    public record Delay(double min, double max) {
        /** The flag server's ceiling: an hour per request is already more than any lesson wants. */
        public static final double MAX_SECONDS = 3600;

        private static final Pattern NUMBER = Pattern.compile("\\d+(\\.\\d*)?|\\.\\d+");
        private static final String SYNTAX = "--delay takes SECONDS or MIN-MAX, e.g. 0.5 or 0.1-0.5, not ";

        public Delay {
            if (!(min >= 0 && min <= max && max <= MAX_SECONDS)) {
                throw new IllegalArgumentException(SYNTAX + min + "-" + max
                        + " (seconds from 0 to " + (int) MAX_SECONDS + ", MIN no more than MAX)");
            }
        }

        /** Parses {@code 0.5} or {@code 0.1-0.5}; a bad text is an IllegalArgumentException of one sentence. */
        public static Delay parse(String text) {
            String value = text.strip();
            if (value.startsWith("-")) {
                throw new IllegalArgumentException(SYNTAX + text + " (a delay cannot be negative)");
            }
            String[] parts = value.split("-", -1);
            if (parts.length > 2) {
                throw new IllegalArgumentException(SYNTAX + text);
            }
            if (parts.length == 2 && parts[1].isEmpty()) {
                throw new IllegalArgumentException(SYNTAX + text + " (MAX is missing after the dash)");
            }
            for (String part : parts) {
                if (!NUMBER.matcher(part).matches()) {
                    throw new IllegalArgumentException(SYNTAX + text);
                }
            }
            double min = Double.parseDouble(parts[0]);
            double max = parts.length == 2 ? Double.parseDouble(parts[1]) : min;
            if (min > max) {
                throw new IllegalArgumentException(SYNTAX + text + " (MIN is more than MAX: write the range low-high)");
            }
            if (max > MAX_SECONDS) {
                throw new IllegalArgumentException(SYNTAX + text + " (at most " + (int) MAX_SECONDS + " seconds)");
            }
            return new Delay(min, max);
        }

        public FlagServer.Config applyTo(FlagServer.Config config) {
            return config.withDelay(min, max);
        }

        @Override
        public String toString() {
            return min == max ? seconds(min) : seconds(min) + "-" + seconds(max);
        }

        private static String seconds(double value) {
            return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
        }
    }

    /** How a script fetches a URL with its own HTTP client: the warm-up must load that client's classes. */
    @FunctionalInterface
    public interface Fetch {
        void get(String url) throws IOException;
    }

    private final String name;
    private final String baseUrl;
    private final FlagServer server;
    private final Edition edition;

    private FlagSite(String name, String baseUrl, FlagServer server, Edition edition) {
        this.name = name;
        this.baseUrl = baseUrl;
        this.server = server;
        this.edition = edition;
    }

    /** {@code name} in upper case if it is one of {@link #NAMES}, else an IllegalArgumentException naming them. */
    public static String checkedName(String name) {
        String upper = name.strip().toUpperCase(Locale.ROOT);
        if (!NAMES.contains(upper)) {
            throw new IllegalArgumentException("unknown server: " + name + " (choose " + String.join(", ", NAMES) + ")");
        }
        return upper;
    }

    /**
     * The site named {@code name} (any case). EMBEDDED starts a flag server with the config {@code embedded}
     * supplies (asked only then: the other sites need no fixtures); LOCAL, DELAY and ERROR are on localhost at
     * the {@code edition}'s ports.
     */
    public static FlagSite open(String name, Edition edition, Supplier<FlagServer.Config> embedded) {
        String upper = checkedName(name);
        return switch (upper) {
            case "EMBEDDED" -> {
                var server = FlagServer.start(embedded.get());
                yield new FlagSite(upper, server.baseUrl(), server, edition);
            }
            case "REMOTE" -> new FlagSite(upper, REMOTE_URL, null, edition);
            default -> new FlagSite(upper, "http://localhost:" + edition.port(FlagServer.Mode.valueOf(upper)) + "/flags",
                    null, edition);
        };
    }

    public String name() {
        return name;
    }

    /** Where the flags are: {@code baseUrl() + "/cn/cn.gif"}. */
    public String baseUrl() {
        return baseUrl;
    }

    /** The flag server this site started, or null for the book's sites. */
    public FlagServer server() {
        return server;
    }

    /** E.g. "EMBEDDED site (delay 0.1-0.5s): http://127.0.0.1:40123/flags" or "LOCAL site: http://localhost:8001/flags". */
    public String describe() {
        return name + " site" + (server == null ? "" : " (" + server.config().describe() + ")") + ": " + baseUrl;
    }

    /**
     * For the embedded server only: one request for a page that is not a flag (an instant 404 that counts as no
     * attempt at any flag, so a seeded run stays the same), so that the clock measures downloads and not the JVM
     * loading the HTTP client's and the server's classes on first use.
     */
    public void warmUp(Fetch fetch) throws IOException {
        if (server != null) {
            fetch.get(baseUrl + "/");
            server.resetStats();
        }
    }

    /**
     * One line for a failure that is the network's and not a bug: a refused connection to one of the book's
     * sites most likely means it is not running (or stopped mid-run), so say how to start it. Null when
     * {@code failure} is none of those.
     */
    public String explain(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException && server == null) {
                return "cannot connect to the " + name + " site at " + baseUrl + (name.equals("REMOTE") ? " (no internet?)"
                        : ": is it running? Start it with: jbang jbang/flag_server.java --mode " + name
                        + (edition == Edition.SECOND ? " --edition 2" : ""));
            }
            if (cause instanceof UnknownHostException) {
                return "cannot find the host of the " + name + " site at " + baseUrl + " (no internet?)";
            }
        }
        return null;
    }

    /** Stops the embedded server, so no server thread outlives the run. */
    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
    }
}
