///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 25+
//SOURCES lesson8_common.java

// Lesson 8: what an interrupt does to a thread blocked reading a socket, as the server sees it. Each row sends
// a request to an embedded server that never answers, interrupts the reading thread, and asks the server when
// it saw the connection close. cancel(true) on a Future is exactly this interrupt, so the table says which
// cancellations really stop a download: a platform thread in java.net.Socket ignores it; an NIO channel is
// closed by it (it is an InterruptibleChannel); a virtual thread's socket is closed by it either way; OkHttp's
// own Call.cancel() closes the connection from another thread.
//
//   jbang jbang/blocked_read.java

import futureskit.FlagServer;
import futureskit.FlagServer.Config;
import futureskit.FlagServer.Mode;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import okhttp3.OkHttpClient;
import okhttp3.Request;

interface BlockingRead {
    void run() throws Exception;
}

static final byte[] GET = "GET /flags/cn/cn.gif HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

/** Starts {@code read} on a thread, waits until the server holds its request, then interrupts (or cancels) it. */
String row(FlagServer server, Thread.Builder threads, BlockingRead read, AutoCloseable connection, Runnable cancel)
        throws Exception {
    int before = server.abandoned().size();
    var failure = new AtomicReference<Throwable>();
    var reader = threads.start(() -> {
        try {
            read.run();
        } catch (Throwable e) {
            failure.set(e);
        }
    });
    while (server.stats().inFlight() == 0) Thread.sleep(2);   // the request has arrived and stalls
    long cancelledAt = System.nanoTime();
    cancel.run();
    reader.join(Duration.ofSeconds(1));
    boolean ended = !reader.isAlive();
    if (!ended) connection.close();   // cleaning up: only closing the socket ends the read
    reader.join();
    var gone = server.awaitAbandoned(before + 1, Duration.ofSeconds(2)).getLast();
    return String.format(Locale.ROOT, "%-46s %5.0f ms after the %s", ended
                    ? "yes: " + failure.get().getClass().getSimpleName()
                    : "no: still blocked 1 s later", gone.since(cancelledAt).toNanos() / 1e6,
            ended ? "interrupt" : "interrupt (when we closed the socket)");
}

void main(String[] args) throws Exception {
    lesson8_common.parse("blocked_read", """
            usage: blocked_read
            Interrupts threads blocked reading a request that the embedded server never answers,
            and prints whether the read ended and when the server saw the connection close.""", args, Map.of());
    lesson8_common.warmUp();
    try (var server = FlagServer.start(Config.of(Mode.DELAY).withStallRate(1))) {
        var address = new InetSocketAddress("127.0.0.1", server.port());
        System.out.printf("%-36s %-46s %s%n", "blocked in a read on", "does the interrupt end the read?", "the server saw the connection close");
        for (var kind : List.of("platform", "virtual")) {
            Thread.Builder threads = kind.equals("platform") ? Thread.ofPlatform() : Thread.ofVirtual();
            var socket = new Socket();
            var onSocket = new AtomicReference<Thread>();
            String r1 = row(server, threads, () -> {
                onSocket.set(Thread.currentThread());
                socket.connect(address);
                socket.getOutputStream().write(GET);
                socket.getInputStream().read();
            }, socket, () -> onSocket.get().interrupt());
            System.out.printf("%-36s %s%n", "a " + kind + " thread, java.net.Socket", r1);
            var channel = SocketChannel.open();
            var onChannel = new AtomicReference<Thread>();
            String r2 = row(server, threads, () -> {
                onChannel.set(Thread.currentThread());
                channel.connect(address);
                channel.write(ByteBuffer.wrap(GET));
                channel.read(ByteBuffer.allocate(1024));
            }, channel, () -> onChannel.get().interrupt());
            System.out.printf("%-36s %s%n", "a " + kind + " thread, SocketChannel", r2);
        }
        var client = new OkHttpClient();
        var call = client.newCall(new Request.Builder().url(server.flagUrl("cn")).build());
        String r3 = row(server, Thread.ofPlatform(), () -> call.execute().close(), call::cancel, call::cancel);
        System.out.printf("%-36s %s%n", "OkHttp, Call.cancel() (platform)", r3.replace("interrupt", "cancel"));
        client.connectionPool().evictAll();
        client.dispatcher().executorService().shutdown();
    }
}
