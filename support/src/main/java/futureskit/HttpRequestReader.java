package futureskit;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The flag server's side of HTTP/1.1 (see {@link FlagServer} for why it speaks it itself): one connection's
 * input, read under deadlines. Each read waits at most until the deadline of what is being read, so a client sending
 * a byte now and then cannot stretch a request beyond its timeout. Request heads come out parsed or rejected with
 * the status their fault deserves.
 */
final class HttpRequestReader {

    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final Pattern VERSION = Pattern.compile("HTTP/[0-9]\\.[0-9]");
    // A connection's read buffer starts small (thousands may be open) and grows to hold a request head.
    private static final int MAX_BUFFER = 2 * (FlagServer.MAX_REQUEST_LINE + FlagServer.MAX_HEAD_BYTES);

    private final Socket socket;
    private final InputStream in;
    private byte[] buffer = new byte[2048];
    private int start;
    private int end;

    HttpRequestReader(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
    }

    /** True when a request has begun to arrive; false when the client closed or stayed idle too long. */
    boolean awaitRequest(Duration idleTimeout) throws IOException {
        if (start < end) {
            return true;
        }
        try {
            return fill(System.nanoTime() + idleTimeout.toNanos());
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    Request readHead(long deadline) throws IOException, Rejection {
        try {
            String line = readLine(deadline, FlagServer.MAX_REQUEST_LINE, 414, "request line longer than " + FlagServer.MAX_REQUEST_LINE + " bytes");
            for (int skipped = 0; line.isEmpty() && skipped < 4; skipped++) {   // stray line ends before a request
                line = readLine(deadline, FlagServer.MAX_REQUEST_LINE, 414, "request line longer than " + FlagServer.MAX_REQUEST_LINE + " bytes");
            }
            String[] parts = line.split(" ", -1);
            if (parts.length != 3 || !TOKEN.matcher(parts[0]).matches() || parts[1].isEmpty()) {
                throw new Rejection(400, "malformed request line: expected e.g. GET /flags/cn/cn.gif HTTP/1.1");
            }
            String version = parts[2];
            if (!VERSION.matcher(version).matches()) {
                throw new Rejection(400, "malformed HTTP version " + shown(version) + ": expected HTTP/1.1 or HTTP/1.0");
            }
            if (!version.equals("HTTP/1.1") && !version.equals("HTTP/1.0")) {
                throw new Rejection(505, "HTTP version " + version + " not supported: the flag server speaks HTTP/1.1 and HTTP/1.0");
            }
            boolean keepAlive = version.equals("HTTP/1.1");
            long contentLength = -1;
            boolean transferEncoding = false;
            int count = 0;
            int bytes = 0;
            while (true) {
                String header = readLine(deadline, FlagServer.MAX_HEAD_BYTES - bytes, 431,
                        "request headers larger than " + FlagServer.MAX_HEAD_BYTES + " bytes");
                if (header.isEmpty()) {
                    break;
                }
                bytes += header.length() + 2;
                if (++count > FlagServer.MAX_HEADERS) {
                    throw new Rejection(431, "more than " + FlagServer.MAX_HEADERS + " request headers");
                }
                int colon = header.indexOf(':');
                if (colon <= 0 || !TOKEN.matcher(header.substring(0, colon)).matches()) {
                    throw new Rejection(400, "malformed header line: expected Name: value, got " + shown(header));
                }
                String name = header.substring(0, colon);
                String value = header.substring(colon + 1).strip();
                if (name.equalsIgnoreCase("Content-Length")) {
                    if (!value.matches("[0-9]{1,18}") || (contentLength >= 0 && contentLength != Long.parseLong(value))) {
                        throw new Rejection(400, "malformed Content-Length: " + shown(value));
                    }
                    contentLength = Long.parseLong(value);
                } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                    transferEncoding = true;
                } else if (name.equalsIgnoreCase("Connection")) {
                    for (String option : value.toLowerCase(Locale.ROOT).split(",")) {
                        if (option.strip().equals("close")) {
                            keepAlive = false;
                        }
                    }
                }
            }
            if (transferEncoding) {
                throw new Rejection(400, "Transfer-Encoding in a request: the flag server takes no request body");
            }
            return new Request(parts[0], parts[1], keepAlive, Math.max(contentLength, 0));
        } catch (SocketTimeoutException e) {
            throw timeout(deadline);
        }
    }

    /** Reads and drops a small request body. */
    void skip(long length, long deadline) throws IOException, Rejection {
        long left = length;
        try {
            while (left > 0) {
                if (start == end && !fill(deadline)) {
                    throw new EOFException("the client left in the middle of its request body");
                }
                int n = (int) Math.min(left, end - start);
                start += n;
                left -= n;
            }
        } catch (SocketTimeoutException e) {
            throw timeout(deadline);
        }
    }

    private Rejection timeout(long deadline) {
        return new Rejection(408, "request timeout: the request did not arrive whole in time");
    }

    /**
     * Waits until the given time, watching the connection meanwhile: false as soon as the client closes or
     * resets it (it will not read an answer). Bytes that arrive meanwhile (a pipelined request) are kept.
     */
    boolean holdUntil(long until) throws IOException, InterruptedException {
        while (true) {
            long remaining = until - System.nanoTime();
            if (remaining <= 0) {
                return true;
            }
            if (end - start > MAX_BUFFER / 2) {
                Thread.sleep(Duration.ofNanos(remaining));
                return true;
            }
            try {
                if (!fill(until)) {
                    return false;
                }
            } catch (SocketTimeoutException e) {
                // the latency has passed
            } catch (SocketException e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedException("the server is closing");
                }
                return false;
            }
        }
    }

    /**
     * Closes after an answer without keep-alive: the end of output first, then what the client still sends
     * is read and dropped for a moment, so that closing with unread bytes does not reset the connection
     * before the client has read its answer (a 431 to a client still sending its headers).
     */
    void lingerAndClose() {
        try {
            socket.shutdownOutput();
            long until = System.nanoTime() + Duration.ofSeconds(1).toNanos();
            long dropped = 0;
            while (dropped < 8L * MAX_BUFFER * 16) {
                start = end = 0;
                if (!fill(until)) {
                    break;
                }
                dropped += end;
            }
        } catch (IOException e) {
            // timed out or reset: done either way
        }
        FlagServer.closeQuietly(socket);
    }

    private String readLine(long deadline, int max, int status, String tooLong) throws IOException, Rejection {
        int scanned = start;
        while (true) {
            for (; scanned < end; scanned++) {
                if (buffer[scanned] == '\n') {
                    int stop = scanned > start && buffer[scanned - 1] == '\r' ? scanned - 1 : scanned;
                    if (stop - start > max) {
                        throw new Rejection(status, tooLong);
                    }
                    String line = new String(buffer, start, stop - start, StandardCharsets.ISO_8859_1);
                    start = scanned + 1;
                    return line;
                }
            }
            if (end - start > max) {
                throw new Rejection(status, tooLong);
            }
            int offset = scanned - start;
            if (!fill(deadline)) {
                throw new EOFException("the client closed the connection in the middle of a request");
            }
            scanned = start + offset;
        }
    }

    // Reads what is there, waiting at most until the deadline; false at end of stream.
    private boolean fill(long deadline) throws IOException {
        if (start == end) {
            start = end = 0;
        }
        if (end == buffer.length) {
            if (start > 0) {
                System.arraycopy(buffer, start, buffer, 0, end - start);
                end -= start;
                start = 0;
            } else {
                buffer = Arrays.copyOf(buffer, Math.min(buffer.length * 2, MAX_BUFFER));
            }
        }
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
            throw new SocketTimeoutException("deadline passed");
        }
        socket.setSoTimeout((int) Math.clamp((remaining + 999_999) / 1_000_000, 1, Integer.MAX_VALUE));
        int n = in.read(buffer, end, buffer.length - end);
        if (n < 0) {
            return false;
        }
        end += n;
        return true;
    }

    /** A request head as read: its method, raw target, whether the connection may stay open, its body size. */
    record Request(String method, String target, boolean keepAlive, long contentLength) {}

    /** A request the server answers with this status without looking further, and closes the connection after. */
    static final class Rejection extends Exception {
        final int status;

        Rejection(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    // Client text quoted in an answer or a log line: printable ASCII only, and short.
    static String shown(String text) {
        String printable = text.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() > 80 ? printable.substring(0, 77) + "..." : printable;
    }
}
