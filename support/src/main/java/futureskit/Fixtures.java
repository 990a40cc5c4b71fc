// A JBang script that compiles this file (//SOURCES) also carries a copy of the fixtures in its jar, so it
// finds them when run from any folder (see embeddedRoot): the paths are relative to this file.
//FILES futureskit-fixtures/country_codes.txt=../../../../../fixtures/country_codes.txt
//FILES futureskit-fixtures/SHA256SUMS=../../../../../fixtures/SHA256SUMS
//FILES futureskit-fixtures/flags/=../../../../../fixtures/flags/**
package futureskit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The kit's test data: the flag GIFs of the book's 194 country codes, their list and their SHA-256 digests.
 *
 * <p>JDK only, because JBang scripts compile this file through {@code //SOURCES} and a clean clone has no
 * installed support library. Everything read from disk is cached: lessons call these methods in loops.
 */
public final class Fixtures {

    /** System property that points at the {@code fixtures/} folder (wins over everything else). */
    public static final String PROPERTY = "futureskit.fixtures";
    /** Environment variable that points at the {@code fixtures/} folder (used when the property is unset). */
    public static final String ENV = "FUTURESKIT_FIXTURES";

    /** The 20 most populous countries, in the book's order (flags.py's POP20_CC). */
    public static final List<String> POP20_CC = List.of(
            "CN", "IN", "US", "ID", "BR", "PK", "NG", "BD", "RU", "JP",
            "MX", "PH", "VN", "ET", "EG", "DE", "IR", "TR", "CD", "FR");

    // Caches keyed by root, so pointing the property elsewhere (as tests do) never serves stale data.
    private static final Map<Path, List<String>> CODES = new ConcurrentHashMap<>();
    private static final Map<Path, Map<String, String>> DIGESTS = new ConcurrentHashMap<>();
    private static final Map<Path, byte[]> FLAGS = new ConcurrentHashMap<>();

    private Fixtures() {
    }

    /**
     * The {@code fixtures/} folder: the system property {@value #PROPERTY}, else the environment variable
     * {@value #ENV}, else the first {@code fixtures/} holding {@code country_codes.txt} found walking up from
     * the working directory, else the copy a JBang script carries in its jar (so a script runs from any folder).
     *
     * @throws IllegalStateException saying where it looked and how to fix it
     */
    public static Path root() {
        String property = System.getProperty(PROPERTY);
        if (property != null && !property.isBlank()) {
            return checked(Path.of(property), "system property " + PROPERTY);
        }
        String env = System.getenv(ENV);
        if (env != null && !env.isBlank()) {
            return checked(Path.of(env), "environment variable " + ENV);
        }
        Path start = Path.of("").toAbsolutePath().normalize();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("fixtures");
            if (Files.isRegularFile(candidate.resolve("country_codes.txt"))) {
                return candidate;
            }
        }
        Path embedded = embeddedRoot();
        if (embedded != null) {
            return embedded;
        }
        throw new IllegalStateException("Cannot find the kit's fixtures: no fixtures/country_codes.txt in "
                + start + " or any folder above it (and neither -D" + PROPERTY + " nor " + ENV + " is set). "
                + "Run from inside the kit's folder, or set -D" + PROPERTY + "=<kit>/fixtures or "
                + ENV + "=<kit>/fixtures.");
    }

    private static final String EMBEDDED = "/futureskit-fixtures/";

    /**
     * The fixtures a JBang script carries (the //FILES lines at the top of this file), unpacked once beside the
     * script's jar in JBang's cache (a folder JBang wrote, so we may write there too), or null when this class
     * was not built by JBang. Unpacked into a temporary folder renamed in place when complete, so a folder with
     * that name is always whole, even when two scripts start at once.
     */
    private static synchronized Path embeddedRoot() {
        try (InputStream sums = Fixtures.class.getResourceAsStream(EMBEDDED + "SHA256SUMS")) {
            if (sums == null) {
                return null;
            }
            byte[] index = sums.readAllBytes();
            Path jar = Path.of(Fixtures.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path dir = jar.resolveSibling("fixtures-" + sha256(index).substring(0, 16));
            if (Files.isRegularFile(dir.resolve("country_codes.txt"))) {
                return dir;
            }
            Path tmp = Files.createTempDirectory(jar.getParent(), "fixtures-unpacking-");
            var names = new ArrayList<>(List.of("SHA256SUMS", "country_codes.txt"));
            for (String line : new String(index, StandardCharsets.UTF_8).split("\n")) {
                int space = line.indexOf(' ');
                String path = space < 0 ? "" : line.substring(space + 1).strip().replaceFirst("^\\*", "");
                if (path.startsWith("flags/")) {
                    names.add(path);
                }
            }
            for (String name : names) {
                try (InputStream in = Fixtures.class.getResourceAsStream(EMBEDDED + name)) {
                    if (in == null) {
                        throw new IOException("the script's jar lacks " + name);
                    }
                    Path target = tmp.resolve(name);
                    Files.createDirectories(target.getParent());
                    Files.copy(in, target);
                }
            }
            try {
                Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException anotherScriptWasFaster) {
                deleteTree(tmp);
            }
            return dir;
        } catch (IOException | URISyntaxException | RuntimeException e) {
            throw new IllegalStateException("Cannot unpack the fixtures this script carries: " + e.getMessage()
                    + ". Run it from inside the kit's folder, or set " + ENV + "=<kit>/fixtures.", e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static Path checked(Path dir, String source) {
        Path abs = dir.toAbsolutePath().normalize();
        if (!Files.isRegularFile(abs.resolve("country_codes.txt"))) {
            throw new IllegalStateException("The " + source + " points at " + abs
                    + ", which holds no country_codes.txt: point it at the kit's fixtures/ folder, or unset it"
                    + " to let the kit find fixtures/ by walking up from the working directory.");
        }
        return abs;
    }

    /** The folder that holds {@code <cc>/<cc>.gif} for every country code (the flag server's document root). */
    public static Path flagsDir() {
        return root().resolve("flags");
    }

    /** The book's 194 country codes, upper case, sorted. */
    public static List<String> countryCodes() {
        return CODES.computeIfAbsent(root(), root -> {
            try {
                return Files.readAllLines(root.resolve("country_codes.txt")).stream()
                        .map(String::strip)
                        .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                        .map(line -> line.toUpperCase(Locale.ROOT))
                        .sorted()
                        .toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Lower-case country code to the SHA-256 (lower-case hex) of its flag, read from {@code SHA256SUMS}. */
    public static Map<String, String> digests() {
        return DIGESTS.computeIfAbsent(root(), root -> {
            try {
                var map = new TreeMap<String, String>();
                for (String line : Files.readAllLines(root.resolve("SHA256SUMS"))) {
                    line = line.strip();
                    if (line.isEmpty() || line.startsWith("#")) {
                        continue;
                    }
                    // sha256sum format: "<hex>  <path>" (or "<hex> *<path>" in binary mode)
                    int space = line.indexOf(' ');
                    if (space < 0) {
                        continue;
                    }
                    String hex = line.substring(0, space).toLowerCase(Locale.ROOT);
                    String path = line.substring(space + 1).strip();
                    if (path.startsWith("*")) {
                        path = path.substring(1);
                    }
                    String name = path.substring(path.lastIndexOf('/') + 1);
                    if (path.startsWith("flags/") && name.endsWith(".gif")) {
                        map.put(name.substring(0, name.length() - ".gif".length()).toLowerCase(Locale.ROOT), hex);
                    }
                }
                return Collections.unmodifiableMap(new LinkedHashMap<>(map));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** SHA-256 of some bytes, as lower-case hex (the same text {@code sha256sum} prints). */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** SHA-256 of a file's content, as lower-case hex. */
    public static String sha256(Path file) {
        try {
            return sha256(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether {@code bytes} are exactly the fixture flag of {@code cc} (false for an unknown code). */
    public static boolean matches(String cc, byte[] bytes) {
        String expected = digests().get(lower(cc));
        return expected != null && bytes != null && expected.equals(sha256(bytes));
    }

    /** The English name of a country code from the JDK's locale data, e.g. "China" for "cn". */
    public static String countryName(String cc) {
        String code = cc.strip().toUpperCase(Locale.ROOT);
        String name = Locale.of("", code).getDisplayCountry(Locale.ENGLISH);
        return name.isEmpty() ? code : name;
    }

    /** The fixture flag GIF of a country code (a copy: callers may change it). */
    public static byte[] flag(String cc) {
        String code = lower(cc);
        if (!code.matches("[a-z]{2}")) {
            throw new IllegalArgumentException("not a two-letter country code: " + cc);
        }
        Path file = flagsDir().resolve(code).resolve(code + ".gif");
        byte[] bytes = FLAGS.computeIfAbsent(file, f -> {
            try {
                return Files.readAllBytes(f);
            } catch (IOException e) {
                throw new UncheckedIOException("no fixture flag for " + cc + " (" + f + ")", e);
            }
        });
        return bytes.clone();
    }

    private static String lower(String cc) {
        return cc.strip().toLowerCase(Locale.ROOT);
    }
}
