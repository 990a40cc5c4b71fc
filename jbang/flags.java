///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 25+
//SOURCES flags2_common.java

// Lesson 1: download the flags of the 20 most populous countries, one after the other (the book's flags.py).
// Like flags.py it is also the library of the concurrent versions: flags_threadpool.java,
// flags_virtual.java and flags_threadpool_ac.java reuse it through //SOURCES and only replace downloadMany.
// The command line and the choice of server live in flags2_common.java, as the book keeps them apart:
//
//   jbang jbang/flags.java                   # embedded flag server, 0.1-0.5 s per request
//   jbang jbang/flags.java --delay 0.5       # embedded, a fixed 0.5 s
//   jbang jbang/flags.java --server DELAY    # the book's DELAY server on localhost:8002
//                                            # (start it first: jbang jbang/flag_server.java --mode DELAY)

import futureskit.HttpStatusException;
import futureskit.Saves;
import java.io.IOException;
import java.nio.file.Path;
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

    public static void saveFlag(byte[] img, String filename) {
        Saves.atomically(DEST_DIR, filename, img);  // a temporary file renamed in place: never half a flag
    }

    public static byte[] getFlag(String cc) throws IOException {
        String lower = cc.toLowerCase(Locale.ROOT);
        String url = BASE_URL + "/" + lower + "/" + lower + ".gif";
        var request = new Request.Builder().url(url).build();
        try (var response = HTTP.newCall(request).execute()) {
            if (!response.isSuccessful()) {  // the book's raise_for_status()
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

    /** Times {@code downloader} on POP20_CC and reports, on the server the command line names. */
    public static void main(String[] args, Downloader downloader) {
        flags2_common.lessonMain(args, site -> {
            BASE_URL = site.baseUrl();
            Saves.folder(DEST_DIR);  // created if need be: mkdir(exist_ok=True)
            long t0 = System.nanoTime();
            int count = downloader.downloadMany(POP20_CC);
            double elapsed = (System.nanoTime() - t0) / 1e9;
            System.out.printf("%n%d flags downloaded in %.2fs%n", count, elapsed);
        });
    }

    public static void main(String[] args) {
        main(args, Flags::downloadMany);
    }
}
