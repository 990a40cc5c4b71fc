package futureskit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import futureskit.FlagSite.Delay;
import futureskit.FlagSite.Edition;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FlagSiteTest {

    @Test
    void delaysParseAsOneValueOrARange() {
        assertThat(Delay.parse("0.5")).isEqualTo(new Delay(0.5, 0.5));
        assertThat(Delay.parse("0.1-0.5")).isEqualTo(new Delay(0.1, 0.5));
        assertThat(Delay.parse(" 0 ")).isEqualTo(new Delay(0, 0));
        assertThat(Delay.parse(".5-3600")).isEqualTo(new Delay(0.5, 3600));
        assertThat(Delay.parse("0.1-0.5")).hasToString("0.1-0.5");
        assertThat(Delay.parse("2")).hasToString("2");
        assertThat(Delay.parse("0.05").applyTo(FlagServer.Config.of(FlagServer.Mode.LOCAL)).describe())
                .isEqualTo("delay 0.05s");
    }

    @Test
    void aBadDelayIsOneSentenceSayingWhatIsWrong() {
        var reasons = Map.of(
                "-1", "not -1 (a delay cannot be negative)",
                "0.1-", "not 0.1- (MAX is missing after the dash)",
                "abc", "not abc",
                "5-1", "not 5-1 (MIN is more than MAX: write the range low-high)",
                "4000", "not 4000 (at most 3600 seconds)",
                "1-2-3", "not 1-2-3",
                "NaN", "not NaN",
                "1e3", "not 1e3",
                "", "not ");
        reasons.forEach((text, reason) -> assertThatThrownBy(() -> Delay.parse(text)).as("'%s'", text)
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("--delay takes SECONDS or MIN-MAX, e.g. 0.5 or 0.1-0.5, " + reason));
    }

    @Test
    void theTwoEditionsHaveTheirBooksPorts() {
        assertThat(Edition.FIRST.ports()).isEqualTo("LOCAL 8001, DELAY 8002, ERROR 8003");
        assertThat(Edition.SECOND.ports()).isEqualTo("LOCAL 8000, DELAY 8001, ERROR 8002");
        assertThat(Edition.of(1)).isEqualTo(Edition.FIRST);
        assertThat(Edition.of(2)).isEqualTo(Edition.SECOND);
        assertThat(Edition.SECOND.number()).isEqualTo(2);
        assertThatThrownBy(() -> Edition.of(3)).hasMessageContaining("--edition is 1").hasMessageEndingWith("not 3");
    }

    @Test
    void theBooksSitesAreOnLocalhostAtTheEditionsPortsAndNeedNoEmbeddedConfig() {
        java.util.function.Supplier<FlagServer.Config> never = () -> {
            throw new AssertionError("only EMBEDDED asks for a config");
        };
        try (var local = FlagSite.open("local", Edition.FIRST, never);
             var delay2 = FlagSite.open("DELAY", Edition.SECOND, never);
             var remote = FlagSite.open("REMOTE", Edition.FIRST, never)) {
            assertThat(local.describe()).isEqualTo("LOCAL site: http://localhost:8001/flags");
            assertThat(delay2.baseUrl()).isEqualTo("http://localhost:8001/flags");
            assertThat(remote.baseUrl()).isEqualTo(FlagSite.REMOTE_URL);
            assertThat(local.server()).isNull();
        }
        assertThatThrownBy(() -> FlagSite.open("NOWHERE", Edition.FIRST, never))
                .hasMessage("unknown server: NOWHERE (choose EMBEDDED, LOCAL, DELAY, ERROR, REMOTE)");
    }

    @Test
    void aRefusedConnectionIsExplainedWithTheCommandThatStartsTheServer() {
        var refused = new IOException("failed", new ConnectException("Connection refused"));
        try (var error2 = FlagSite.open("ERROR", Edition.SECOND, () -> null)) {
            assertThat(error2.explain(refused)).isEqualTo("cannot connect to the ERROR site at http://localhost:8002/flags:"
                    + " is it running? Start it with: jbang jbang/flag_server.java --mode ERROR --edition 2");
            assertThat(error2.explain(new IOException("unexpected end of stream"))).isNull();
        }
    }

    @Test
    void theEmbeddedSiteStartsItsServerWarmsUpWithoutCountingAndStopsItOnClose() throws Exception {
        FlagServer server;
        try (var site = FlagSite.open("EMBEDDED", Edition.FIRST, () -> FlagServer.Config.of(FlagServer.Mode.DELAY).withDelay(0));
             var client = HttpClient.newHttpClient()) {
            server = site.server();
            assertThat(site.describe()).matches("EMBEDDED site \\(no added delay\\): http://127\\.0\\.0\\.1:\\d+/flags");
            site.warmUp(url -> {
                try {
                    var response = client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding());
                    assertThat(response.statusCode()).isEqualTo(404);
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
            });
            assertThat(server.stats().requests()).as("the warm-up is not in the statistics").isZero();
        }
        assertThat(server.isClosed()).isTrue();
    }
}
