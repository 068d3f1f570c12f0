package org.postern.engine.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Postfix's TLS probe as the DANE reference: {@code posttls-finger -v -l dane -P /etc/ssl/certs
 * DOMAIN} (MX lookup, address and TLSA lookups with DNSSEC, STARTTLS, verification, EHLO, QUIT),
 * resolving through a {@link PrivateResolvConf}. It needs a Postfix configuration directory
 * ({@code MAIL_CONFIG}); an empty main.cf of its own is given.
 */
public final class PosttlsFinger {

    /** posttls-finger's output for one destination. */
    public record Result(String destination, int exit, String output) {

        /** The verdict an MTA following RFC 7672 reaches from what posttls-finger reports. */
        public DaneVerdict verdict() {
            return PosttlsFingerVerdict.of(output);
        }

        /** The lines of the report that explain the verdict. */
        public String summary() {
            return PosttlsFingerVerdict.summary(output);
        }
    }

    private final Path config;
    private final PrivateResolvConf resolver;

    public PosttlsFinger(Path dir, PrivateResolvConf resolver) {
        this.resolver = resolver;
        try {
            config = Files.createDirectories(dir);
            Files.writeString(config.resolve("main.cf"), "compatibility_level = 3.6\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Probes {@code destination} (a domain: MX lookup; {@code [host]}: that host) at security level dane. */
    public Result dane(String destination) {
        PrivateResolvConf.Result r = resolver.run(Map.of("MAIL_CONFIG", config.toString()), Duration.ofSeconds(30),
                "posttls-finger", "-l", "dane", "-P", "/etc/ssl/certs", "-v", destination);
        return new Result(destination, r.exit(), r.output());
    }
}
