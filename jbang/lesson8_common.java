///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 25+
//DEPS com.squareup.okhttp3:okhttp-jvm:5.5.1
//SOURCES ../support/src/main/java/futureskit/FlagServer.java
//SOURCES ../support/src/main/java/futureskit/HttpRequestReader.java
//SOURCES ../support/src/main/java/futureskit/Fixtures.java
//SOURCES ../support/src/main/java/futureskit/Flags.java
//SOURCES ../support/src/main/java/futureskit/Saves.java
//SOURCES ../support/src/main/java/futureskit/HttpStatusException.java
//RUNTIME_OPTIONS --enable-native-access=ALL-UNNAMED

// Support code of lesson 8's scripts (time and failure): their small command line, and the server's side of a
// cancellation, printed the same way by every script. The lessons are in flags_deadline.java, flags_hedged.java,
// blocked_read.java, flags_retry.java and flags_structured.java, which reuse this file through //SOURCES.

import futureskit.FlagServer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

public class lesson8_common {

    /**
     * Parses {@code --name SECONDS} options (the defaults name them) and -h/--help. A bad command line is one line on
     * standard error and exit status 2; --help prints {@code help} and exits 0.
     */
    static Map<String, Double> parse(String script, String help, String[] args, Map<String, Double> defaults) {
        var values = new LinkedHashMap<>(defaults);
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("-h") || arg.equals("--help")) {
                System.out.println(help);
                System.exit(0);
            }
            String name = arg.startsWith("--") ? arg.substring(2) : "";
            if (!defaults.containsKey(name)) {
                usage(script, "unknown option " + arg + (defaults.isEmpty() ? "" : "; the options are --" + String.join(", --", defaults.keySet())));
            }
            if (i + 1 == args.length) {
                usage(script, arg + " needs a number of seconds");
            }
            try {
                double value = Double.parseDouble(args[++i]);
                if (!(value > 0 && value <= 60)) {
                    usage(script, arg + " takes seconds from 0 to 60, not " + args[i]);
                }
                values.put(name, value);
            } catch (NumberFormatException e) {
                usage(script, arg + " takes a number of seconds, e.g. 0.5, not " + args[i]);
            }
        }
        return values;
    }

    private static void usage(String script, String problem) {
        System.err.println(script + ": " + problem + " (try --help)");
        System.exit(2);
    }

    /**
     * What the server saw of the requests its clients gave up on: how many, and how long after {@code cancelledAt}
     * (a System.nanoTime() taken at the cancel) it saw each connection close. Waits up to a second for them.
     */
    static String abandoned(FlagServer server, int expected, long cancelledAt) throws InterruptedException {
        return abandoned(server, expected, cancelledAt, "the cancel");
    }

    /** As {@link #abandoned(FlagServer, int, long)}, measured from {@code since}, which {@code what} names. */
    static String abandoned(FlagServer server, int expected, long since, String what) throws InterruptedException {
        var gone = server.awaitAbandoned(expected, java.time.Duration.ofSeconds(1));
        if (gone.isEmpty()) {
            return "server: no request abandoned by its client";
        }
        var ms = gone.stream().mapToDouble(a -> a.since(since).toNanos() / 1e6).sorted().toArray();
        return String.format(Locale.ROOT, "server: %d request%s abandoned by the client; %s closed %.1f-%.1f ms after %s",
                gone.size(), gone.size() == 1 ? "" : "s", gone.size() == 1 ? "its connection" : "their connections",
                Math.max(0, ms[0]), Math.max(0, ms[ms.length - 1]), what);
    }

    /**
     * One download from a throwaway local server before anything is timed: the first request of a JVM loads and
     * compiles OkHttp's code, which on a busy machine takes longer than a deadline of a second.
     */
    static void warmUp() throws java.io.IOException {
        try (var local = FlagServer.start(FlagServer.Config.of(FlagServer.Mode.LOCAL))) {
            futureskit.Flags.getFlag(local.baseUrl(), "CN");
        }
    }

    static String codes(List<String> ccs) {
        return ccs.isEmpty() ? "none" : String.join(" ", ccs);
    }
}
