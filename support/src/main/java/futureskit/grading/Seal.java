package futureskit.grading;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The verdict channel's seal: the child JVM signs the verdict it writes with a key only the grader and the
 * child's own grading code know, so an answer that writes "PASS" into the report file (its path is on the
 * child's command line) is caught instead of believed.
 *
 * <p>The grader draws a fresh key for every check and hands it to the child on standard input, which the child
 * reads before it loads a single class of the answer, and then replaces with an empty stream. The key lives
 * only on the stack of the child's grading thread and in the objects that thread hands to its watchdogs, never
 * in a static field, so the answer cannot reach it by reflection either.
 *
 * <p>The report is one header line, {@code futureskit-verdict-v1 <HMAC-SHA256 in hex>}, then the verdict as
 * {@link Verdict#serialize()} writes it.
 */
final class Seal {

    static final String HEADER = "futureskit-verdict-v1 ";
    private static final String ALGORITHM = "HmacSHA256";
    private static final int KEY_BYTES = 32;

    private final Mac mac;

    Seal(byte[] key) {
        try {
            mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has " + ALGORITHM, e);
        }
    }

    /** A fresh random key for one check. */
    static byte[] newKey() {
        byte[] key = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(key);
        return key;
    }

    /** The key as the one line the grader writes to the child's standard input. */
    static String line(byte[] key) {
        return HexFormat.of().formatHex(key);
    }

    /** The key from that line, or null if it is not one. */
    static byte[] parseLine(String line) {
        if (line == null) {
            return null;
        }
        String hex = line.strip();
        if (hex.length() != 2 * KEY_BYTES || !hex.chars().allMatch(ch -> Character.digit(ch, 16) >= 0)) {
            return null;
        }
        return HexFormat.of().parseHex(hex);
    }

    /** The report text for a verdict: header with its signature, then the verdict. */
    synchronized String seal(Verdict verdict) {
        String body = verdict.serialize();
        return HEADER + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8))) + "\n" + body;
    }

    /** Thrown when a report is not one this seal made: missing header, bad signature, or not a verdict. */
    static final class Broken extends Exception {
        Broken(String message) {
            super(message);
        }
    }

    /** The verdict a sealed report holds, if this seal made it. */
    synchronized Verdict open(String exercise, String report) throws Broken {
        int newline = report.indexOf('\n');
        if (!report.startsWith(HEADER) || newline < 0) {
            throw new Broken("it does not start with the grader's seal");
        }
        String signature = report.substring(HEADER.length(), newline).strip();
        String body = report.substring(newline + 1);
        byte[] expected = mac.doFinal(body.getBytes(StandardCharsets.UTF_8));
        byte[] given;
        try {
            given = HexFormat.of().parseHex(signature);
        } catch (IllegalArgumentException e) {
            throw new Broken("its seal is not a signature");
        }
        if (!MessageDigest.isEqual(expected, given)) {
            throw new Broken("its signature does not match its content");
        }
        try {
            return Verdict.parse(exercise, body);
        } catch (IllegalArgumentException e) {
            // Signed by the child's grading code but unreadable: a grader bug, not the answer's doing.
            throw new Broken("it is signed but not a verdict: " + e.getMessage());
        }
    }
}
