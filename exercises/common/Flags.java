import futureskit.Events;
import futureskit.HttpStatusException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The book's helpers for the exercises: getFlag, saveFlag and show, as in flags.java.
 *
 * <p>The grader points BASE_URL at its own flag server and DEST_DIR at a fresh folder before it calls your
 * code, and every helper reports its calls to {@link Events} (which thread, from when to when): that is how
 * the grader sees what your code did, e.g. how many downloads ran at once. Don't edit this file; call it.
 */
public final class Flags {

    /** Where the flags are: BASE_URL + "/cn/cn.gif". The grader sets it. */
    public static volatile String BASE_URL = "http://127.0.0.1:8001/flags";
    /** Where saveFlag writes. The grader sets it. */
    public static volatile Path DEST_DIR = Path.of("downloads");

    // One client for every download: it keeps a pool of connections. Its default timeouts are 10 s.
    private static final OkHttpClient CLIENT = new OkHttpClient();

    private Flags() {
    }

    /** Downloads the flag of {@code cc} (e.g. "CN"); throws HttpStatusException for a status other than 200. */
    public static byte[] getFlag(String cc) throws IOException {
        return getFlag(BASE_URL, cc);
    }

    /** The same from another site, e.g. a mirror: {@code getFlag("http://127.0.0.1:8002/flags", "CN")}. */
    public static byte[] getFlag(String baseUrl, String cc) throws IOException {
        String lower = cc.toLowerCase(Locale.ROOT);
        String url = baseUrl + "/" + lower + "/" + lower + ".gif";
        long start = Events.now();
        String outcome = "failed";
        try (Response response = CLIENT.newCall(new Request.Builder().url(url).build()).execute()) {
            if (response.code() != 200) {
                outcome = Integer.toString(response.code());
                throw new HttpStatusException(response.code(), url);
            }
            byte[] image = response.body().bytes();
            outcome = "ok";
            return image;
        } finally {
            Events.record("getFlag", cc, start, outcome);
        }
    }

    /** Writes {@code image} to DEST_DIR/filename, atomically (no half-written file if something fails). */
    public static void saveFlag(byte[] image, String filename) throws IOException {
        long start = Events.now();
        Files.createDirectories(DEST_DIR);
        Path target = DEST_DIR.resolve(filename);
        Path tmp = Files.createTempFile(DEST_DIR, filename, ".part");
        try {
            Files.write(tmp, image);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        Events.record("saveFlag", filename, start, "ok");
    }

    /** Prints {@code text} and a space, and flushes, so codes appear as they come in. */
    public static void show(String text) {
        Events.mark("show", text);
        System.out.print(text + " ");
        System.out.flush();
    }
}
