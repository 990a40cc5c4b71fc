///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 25+

// RC4 ("ARCFOUR") in plain Java, the book's arcfour.py. A CPU-bound toy: never use RC4 to protect anything.
//
//   $ jbang jbang/arcfour.java                 # checks the known test vectors
//   $ jbang jbang/arcfour.java Key Plaintext   # BBF316E8D940AF0AD3
//
// A named class because arcfour_futures.java reuses it through //SOURCES.

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

public class arcfour {

    /** A known answer: RC4 with {@code key} turns {@code plain} into {@code cipherHex}. */
    record Vector(String source, byte[] key, byte[] plain, String cipherHex) {
    }

    static final List<Vector> TEST_VECTORS = List.of(
            // Wikipedia's examples, which are also the book's arcfour_test.py
            new Vector("Wikipedia", ascii("Key"), ascii("Plaintext"), "BBF316E8D940AF0AD3"),
            new Vector("Wikipedia", ascii("Wiki"), ascii("pedia"), "1021BF0420"),
            new Vector("Wikipedia", ascii("Secret"), ascii("Attack at dawn"), "45A01F645FC35B383552544B9BF5"),
            // RFC 6229, 40-bit key 0x0102030405, keystream bytes 0-31 (encrypting zeros yields the keystream)
            new Vector("RFC 6229", new byte[]{1, 2, 3, 4, 5}, new byte[32],
                    "B2396305F03DC027CCC3524A0A1118A86982944F18FC82D589C403A47A0D0919"));

    /** Standard RC4: one pass of key scheduling. */
    static byte[] arcfour(byte[] key, byte[] in) {
        return arcfour(key, in, 1);
    }

    /**
     * RC4 with {@code loops} passes of key scheduling (1 is standard RC4; the book's default of 20 is
     * CipherSaber-2). Encryption and decryption are the same operation.
     */
    static byte[] arcfour(byte[] key, byte[] in, int loops) {
        if (key.length == 0 || key.length > 256) {
            throw new IllegalArgumentException("RC4 keys are 1 to 256 bytes, not " + key.length);
        }
        int[] sbox = new int[256];
        for (int i = 0; i < 256; i++) sbox[i] = i;
        int j = 0;
        for (int loop = 0; loop < loops; loop++) {
            for (int i = 0; i < 256; i++) {
                j = (j + sbox[i] + (key[i % key.length] & 0xFF)) & 0xFF;
                int t = sbox[i]; sbox[i] = sbox[j]; sbox[j] = t;
            }
        }
        byte[] out = new byte[in.length];
        int i = 0;
        j = 0;
        for (int n = 0; n < in.length; n++) {
            i = (i + 1) & 0xFF;
            j = (j + sbox[i]) & 0xFF;
            int t = sbox[i]; sbox[i] = sbox[j]; sbox[j] = t;
            out[n] = (byte) (in[n] ^ sbox[(sbox[i] + sbox[j]) & 0xFF]);
        }
        return out;
    }

    /** How many of the known test vectors this implementation reproduces (all of them, or it is wrong). */
    static int checkTestVectors(boolean print) {
        int ok = 0;
        for (var v : TEST_VECTORS) {
            String got = HexFormat.of().withUpperCase().formatHex(arcfour(v.key(), v.plain()));
            boolean match = got.equals(v.cipherHex());
            ok += match ? 1 : 0;
            if (print) {
                IO.println("%-9s key %-12s -> %s %s".formatted(v.source(), HexFormat.of().formatHex(v.key()), got,
                        match ? "ok" : "MISMATCH, expected " + v.cipherHex()));
            }
        }
        return ok;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    public static void main(String... args) {
        if (args.length == 2) {
            IO.println(HexFormat.of().withUpperCase().formatHex(arcfour(ascii(args[0]), ascii(args[1]))));
            return;
        }
        if (args.length != 0) {
            System.err.println("usage: arcfour.java [KEY PLAINTEXT]");
            System.exit(2);
        }
        int ok = checkTestVectors(true);
        IO.println(ok + " of " + TEST_VECTORS.size() + " test vectors match");
        System.exit(ok == TEST_VECTORS.size() ? 0 : 1);
    }
}
