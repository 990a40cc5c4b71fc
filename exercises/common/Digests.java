import futureskit.Events;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 for exercise 07a. Each call reports when and on which thread it ran, so the grader sees your workers. */
public final class Digests {
    private Digests() {
    }

    /** The SHA-256 of {@code data}, as 64 lower-case hex digits. */
    public static String sha256Hex(byte[] data) {
        long start = Events.now();
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        } finally {
            Events.record("sha256", "", start, "ok");
        }
    }
}
