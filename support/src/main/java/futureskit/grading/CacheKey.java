package futureskit.grading;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The name of something the grader keeps between checks (the helpers compiled, a child JVM's CDS archive): a
 * digest of all it was built from, so a new JDK, a rebuilt jar or an edited source gives a new name and a stale
 * entry is never used, only left to be pruned.
 */
final class CacheKey {

    private CacheKey() {
    }

    /**
     * 24 hex digits of SHA-256 over this JDK, each class-path entry (path, size, time modified), {@code lines}
     * and the name and contents of each of {@code files}.
     */
    static String of(List<Path> classpath, List<String> lines, List<Path> files) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        var text = new StringBuilder();
        text.append(System.getProperty("java.home")).append('\n').append(System.getProperty("java.vm.version")).append('\n');
        lines.forEach(line -> text.append(line).append('\n'));
        for (Path p : classpath) {
            text.append(p).append(' ').append(Files.size(p)).append(' ').append(Files.getLastModifiedTime(p).toMillis()).append('\n');
        }
        sha.update(text.toString().getBytes(StandardCharsets.UTF_8));
        for (Path f : files) {
            sha.update(("\n" + f.getFileName() + "\n").getBytes(StandardCharsets.UTF_8));
            sha.update(Files.readAllBytes(f));
        }
        return HexFormat.of().formatHex(sha.digest(), 0, 12);
    }
}
