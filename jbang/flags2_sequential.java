///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 25+
//SOURCES flags2_common.java
//RUNTIME_OPTIONS --enable-native-access=ALL-UNNAMED

// Download flags of countries, one after the other, with error handling (the book's flags2_sequential.py).
//
//   $ jbang jbang/flags2_sequential.java -s DELAY a b c
//
// A named class because flags2_threadpool and flags2_virtual reuse its downloadOne, as in the book.

import futureskit.HttpStatusException;
import java.io.IOException;
import java.util.EnumMap;
import java.util.List;
import okhttp3.Request;

public class flags2_sequential {

    static final int DEFAULT_CONCUR_REQ = 1;
    static final int MAX_CONCUR_REQ = 1;

    static byte[] getFlag(String baseUrl, String cc) throws IOException {
        String url = (baseUrl + "/" + cc + "/" + cc + ".gif").toLowerCase();
        var request = new Request.Builder().url(url).build();
        try (var response = flags2_common.CLIENT.newCall(request).execute()) {
            if (!response.isSuccessful()) { // httpx's raise_for_status()
                throw new HttpStatusException(response.code(), url);
            }
            return response.body().bytes();
        }
    }

    /** 404 is an expected answer, handled here; every other error propagates to downloadMany. */
    static DownloadStatus downloadOne(String cc, String baseUrl, boolean verbose) throws IOException {
        DownloadStatus status;
        String msg;
        try {
            byte[] image = getFlag(baseUrl, cc);
            flags2_common.saveFlag(image, cc + ".gif");
            status = DownloadStatus.OK;
            msg = "OK";
        } catch (HttpStatusException e) {
            if (e.code() != 404) throw e;
            status = DownloadStatus.NOT_FOUND;
            msg = "not found: " + (baseUrl + "/" + cc + "/" + cc + ".gif").toLowerCase();
        }
        if (verbose) IO.println(cc + " " + msg);
        return status;
    }

    static EnumMap<DownloadStatus, Integer> downloadMany(List<String> ccList, String baseUrl, boolean verbose,
                                                         int unusedConcurReq) {
        var counter = new EnumMap<DownloadStatus, Integer>(DownloadStatus.class);
        Iterable<String> ccIter = ccList.stream().sorted().toList();
        if (!verbose) ccIter = flags2_common.progressBar(ccIter, ccList.size());
        for (String cc : ccIter) {
            DownloadStatus status;
            String errorMsg = "";
            try {
                status = downloadOne(cc, baseUrl, verbose);
            } catch (IOException e) {
                errorMsg = flags2_common.errorMessage(e);
                status = DownloadStatus.ERROR;
            }
            counter.merge(status, 1, Integer::sum);
            if (verbose && !errorMsg.isEmpty()) IO.println(cc + " error: " + errorMsg);
        }
        return counter;
    }

    public static void main(String... args) {
        System.exit(flags2_common.main("flags2_sequential", flags2_sequential::downloadMany,
                DEFAULT_CONCUR_REQ, MAX_CONCUR_REQ, args));
    }
}
