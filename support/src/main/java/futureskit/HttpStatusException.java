package futureskit;

import java.io.IOException;

/**
 * An HTTP answer other than 200 OK: the book's {@code raise_for_status()} error (httpx's
 * {@code HTTPStatusError}, requests' {@code HTTPError}). {@link #code()} is the status, e.g. 404 for a flag
 * that does not exist; {@link #reason()} its standard phrase ("Not Found"), as the book's reports print it.
 *
 * <p>The one HTTP error type of the kit: the scripts, the exercises' helpers and the notebooks all throw it.
 */
public class HttpStatusException extends IOException {
    private final int code;
    private final String reason;
    private final String url;

    public HttpStatusException(int code, String url) {
        this(code, reasonPhrase(code), url);
    }

    public HttpStatusException(int code, String reason, String url) {
        super("HTTP error " + code + " - " + reason + " for " + url);
        this.code = code;
        this.reason = reason;
        this.url = url;
    }

    public int code() {
        return code;
    }

    public String reason() {
        return reason;
    }

    public String url() {
        return url;
    }

    /** The standard reason phrase of the statuses the flag server sends, else "HTTP status N". */
    public static String reasonPhrase(int code) {
        return switch (code) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 408 -> "Request Timeout";
            case 414 -> "URI Too Long";
            case 418 -> "I'm a teapot";
            case 429 -> "Too Many Requests";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "HTTP status " + code;
        };
    }
}
