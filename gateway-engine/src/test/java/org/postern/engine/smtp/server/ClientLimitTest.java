package org.postern.engine.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.engine.api.ListenerKind;
import org.postern.engine.api.MailEvent;

/**
 * Per-client limits of public listeners (Postfix smtpd_client_connection_count_limit and
 * smtpd_client_connection_rate_limit), with clients on two loopback addresses.
 */
class ClientLimitTest {

    static final String CLIENT_A = "127.0.7.2";
    static final String CLIENT_B = "127.0.7.3";

    @TempDir
    Path dir;
    ServerFixture server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    ServerFixture start(ListenerKind kind, SmtpSettings settings) throws Exception {
        server = new ServerFixture(dir, settings, ServerFixture.listener(kind, 5, List.of()), s -> s);
        return server;
    }

    SmtpClient from(String address) throws Exception {
        return new SmtpClient(ServerFixture.ADDRESS, server.server.port(), address);
    }

    @Test
    void oneAddressCannotTakeAllSlotsOfAPublicListener() throws Exception {
        start(ListenerKind.PUBLIC, ServerFixture.fast().withClientLimits(2, 100, Duration.ofMinutes(1)));
        List<SmtpClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                SmtpClient c = from(CLIENT_A);
                open.add(c);
                c.expect("220 ");
            }
            for (int i = 0; i < 4; i++) {
                try (SmtpClient c = from(CLIENT_A)) {
                    c.expect("421 4.7.0 mx.example.test Error: too many connections from " + CLIENT_A);
                    assertThat(c.closedByServer()).isTrue();
                }
            }
            // the listener has 5 slots; another address still gets served
            SmtpClient other = from(CLIENT_B);
            open.add(other);
            other.expect("220 ");
            other.command("NOOP", "250");
            open.getFirst().command("NOOP", "250");
        } finally {
            for (SmtpClient c : open) {
                c.close();
            }
        }
        List<MailEvent> refused = server.events(MailEvent.Type.REFUSED);
        assertThat(refused).anyMatch(e -> e.text().contains("too many connections from " + CLIENT_A));
        // a flood of refusals is logged in aggregate, not one line each
        assertThat(refused).hasSizeLessThan(4);
    }

    @Test
    void aFullListenerLogsItsRefusalsInAggregate() throws Exception {
        server = new ServerFixture(dir, ServerFixture.fast(), ServerFixture.listener(ListenerKind.PRIVATE, 2, List.of()), s -> s);
        try (SmtpClient a = from(CLIENT_A); SmtpClient b = from(CLIENT_B)) {
            a.expect("220 ");
            b.expect("220 ");
            for (int i = 0; i < 30; i++) {
                try (SmtpClient c = from(CLIENT_B)) {
                    c.expect("421 4.7.0 mx.example.test Error: too many connections");
                }
            }
        }
        assertThat(server.events(MailEvent.Type.REFUSED)).hasSizeLessThan(3)
                .anyMatch(e -> e.text().contains("2 concurrent connections"));
    }

    @Test
    void aClosedConnectionFreesTheAddressSlot() throws Exception {
        start(ListenerKind.PUBLIC, ServerFixture.fast().withClientLimits(1, 100, Duration.ofMinutes(1)));
        for (int i = 0; i < 3; i++) {
            try (SmtpClient c = from(CLIENT_A)) {
                c.expect("220 ");
                c.command("QUIT", "221");
                assertThat(c.closedByServer()).isTrue();
            }
            awaitIdle();
        }
    }

    @Test
    void theConnectionRateOfOneAddressIsLimited() throws Exception {
        start(ListenerKind.PUBLIC, ServerFixture.fast().withClientLimits(10, 3, Duration.ofMinutes(1)));
        for (int i = 0; i < 3; i++) {
            try (SmtpClient c = from(CLIENT_A)) {
                c.expect("220 ");
            }
        }
        try (SmtpClient c = from(CLIENT_A)) {
            c.expect("421 4.7.0 mx.example.test Error: too many connections from " + CLIENT_A);
        }
        try (SmtpClient c = from(CLIENT_B)) {
            c.expect("220 ");
        }
    }

    @Test
    void theRateWindowPasses() throws Exception {
        start(ListenerKind.PUBLIC, ServerFixture.fast().withClientLimits(10, 2, Duration.ofMillis(500)));
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 2; i++) {
                try (SmtpClient c = from(CLIENT_A)) {
                    c.expect("220 ");
                }
            }
            try (SmtpClient c = from(CLIENT_A)) {
                c.expect("421 4.7.0");
            }
            Thread.sleep(600);
        }
    }

    @Test
    void privateListenersHaveNoPerClientLimit() throws Exception {
        start(ListenerKind.PRIVATE, ServerFixture.fast().withClientLimits(1, 1, Duration.ofMinutes(1)));
        List<SmtpClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                SmtpClient c = from(CLIENT_A);
                open.add(c);
                c.expect("220 ");
            }
        } finally {
            for (SmtpClient c : open) {
                c.close();
            }
        }
    }

    private void awaitIdle() throws InterruptedException {
        long deadline = System.nanoTime() + 3_000_000_000L;
        while (server.server.activeSessions() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }
}
