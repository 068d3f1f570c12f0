package org.postern.engine.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.engine.api.InboundTls;
import org.postern.engine.api.MailEvent;
import org.postern.engine.api.MailLogQuery;

/** The listener's TLS_FAILED log line names why the handshake failed. */
class HandshakeFailureLogTest {

    @TempDir
    Path dir;
    EngineFixture engine;

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void aClientThatHangsUpMidHandshakeIsLoggedWithTheCause() throws Exception {
        engine = new EngineFixture(dir, InboundTls.PREFERRED);
        try (SmtpClient c = engine.connect()) {
            c.command("EHLO client.example", "250");
            c.command("STARTTLS", "220");
            // the start of a TLS handshake record, then the client goes away
            c.bytes(new byte[] {0x16, 0x03, 0x01, 0x00, 0x40, 0x01, 0x00, 0x00, 0x3c, 0x03, 0x03});
        }
        List<MailEvent> failed = List.of();
        for (int i = 0; i < 100 && failed.isEmpty(); i++) {
            engine.gateway.flushLog();
            failed = engine.gateway.mailLog().search(MailLogQuery.latest(10).withType(MailEvent.Type.TLS_FAILED));
            Thread.sleep(40);
        }
        assertThat(failed).singleElement().extracting(MailEvent::text).asString()
                .startsWith("TLS handshake failed: the remote closed the connection during the handshake (");
    }
}
