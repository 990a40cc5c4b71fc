import java.io.IOException;

/** An HTTP answer other than 200 OK: {@code code()} is its status, e.g. 404 for a flag that does not exist. */
public class HttpStatusException extends IOException {
    private final int code;

    public HttpStatusException(int code, String url) {
        super("HTTP " + code + " for " + url);
        this.code = code;
    }

    public int code() {
        return code;
    }
}
