package org.postern.console.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.console.testsupport.HttpsEngine;
import org.postern.engine.admin.RemoteGateway;
import org.postern.engine.api.GatewayApi;
import org.postern.engine.api.PosternException;

/** A login that no longer works is reported once, so the console can ask for the password again. */
class AuthenticationWatchTest {

    @TempDir
    Path dir;

    @Test
    void aRefusedTokenIsReportedOnceAndOtherRefusalsAreNot() throws Exception {
        try (HttpsEngine remote = new HttpsEngine(dir, "127.0.15.4")) {
            String pin = remote.fingerprint();
            AtomicInteger expired = new AtomicInteger();
            String token = RemoteGateway.login(remote.address, pin, remote.initialPassword().toCharArray(), 1).token();
            try (GatewayApi good = RemoteGateway.overHttps(remote.address, pin, token)) {
                GatewayApi watched = AuthenticationWatch.wrap(good, expired::incrementAndGet);
                assertThatThrownBy(() -> watched.certificates().delete("no-such-entry"))
                        .isInstanceOf(PosternException.class);
                assertThat(watched.engine().running()).isTrue();
                assertThat(expired).as("a refusal that is not about credentials").hasValue(0);
            }
            try (GatewayApi forged = RemoteGateway.overHttps(remote.address, pin, "A".repeat(43))) {
                GatewayApi watched = AuthenticationWatch.wrap(forged, expired::incrementAndGet);
                assertThatThrownBy(() -> watched.certificates().list()).hasMessageStartingWith("authentication required");
                assertThatThrownBy(() -> watched.engine().running()).hasMessageStartingWith("authentication required");
                assertThat(expired).hasValue(1);
            }
        }
    }
}
