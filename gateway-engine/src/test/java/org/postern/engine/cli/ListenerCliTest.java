package org.postern.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ADM-3: listenerconfig, inject and queue from the command line. */
class ListenerCliTest {

    @TempDir
    Path data;

    CliRun cli(String... args) {
        return CliRun.of(data, args);
    }

    @Test
    void defaultListenersAreThereAndCanBeEdited() {
        CliRun list = cli("listenerconfig", "list");
        assertThat(list.out()).contains("IncomingMail (public) 127.0.0.1 port 2525", "OutgoingMail (private) 127.0.0.1 port 10025",
                "group RELAYLIST", "127.0.0.0/8,::1", "policy ACCEPTED   action accept tls no");

        CliRun edit = cli("listenerconfig", "edit", "--name", "IncomingMail", "--tls", "required", "--port", "2526");
        assertThat(edit.exit()).as(edit.err()).isZero();
        assertThat(edit.err()).contains("RFC 3207 §4", "uses the demo certificate, which is not secure");
        assertThat(cli("listenerconfig", "list").out()).contains("port 2526", "policy ACCEPTED   action accept tls required");

        CliRun bad = cli("listenerconfig", "edit", "--name", "IncomingMail", "--certificate", "nope");
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err()).isEqualTo("postern: no certificate named 'nope'\n");
        CliRun clash = cli("listenerconfig", "new", "--name", "Second", "--private", "--address", "127.0.0.1", "--port", "10025");
        assertThat(clash.err()).contains("already listens on 127.0.0.1 port 10025");
        CliRun badAddress = cli("listenerconfig", "new", "--name", "Second", "--private", "--address", "mail.example.com", "--port", "1");
        assertThat(badAddress.err()).contains("is not an IP address");
    }

    @Test
    void newListenerPoliciesGroupsAndCertificateUsage() {
        assertThat(cli("certconfig", "create", "--cn", "mx.example.net", "--key", "ec-p256").exit()).isZero();
        CliRun created = cli("listenerconfig", "new", "--name", "Edge", "--public", "--address", "127.0.0.2", "--port", "2500",
                "--certificate", "mx.example.net", "--tls", "preferred", "--accepted-domains", "example.net",
                "--max-connections", "50", "--accept-queue", "20");
        assertThat(created.exit()).as(created.err()).isZero();
        assertThat(cli("listenerconfig", "group", "--listener", "Edge", "--name", "PARTNERS", "--patterns",
                "192.0.2.0/24,.partner.example", "--policy", "RELAYED", "--position", "1").exit()).isZero();
        assertThat(cli("listenerconfig", "policy", "--listener", "Edge", "--name", "STRICT", "--action", "accept",
                "--tls", "required", "--max-size", "1048576").exit()).isZero();
        CliRun bad = cli("listenerconfig", "group", "--listener", "Edge", "--name", "X", "--patterns", "10.0.0.0/33", "--policy", "STRICT");
        assertThat(bad.err()).contains("prefix length outside 0–32");
        CliRun list = cli("listenerconfig", "list");
        assertThat(list.out()).contains("Edge (public) 127.0.0.2 port 2500, certificate mx.example.net, max 50 connections, accept queue 20",
                "group PARTNERS     192.0.2.0/24,.partner.example", "policy STRICT     action accept tls required  max size 1048576");
        assertThat(list.out().indexOf("PARTNERS")).isLessThan(list.out().indexOf("RELAYLIST", list.out().indexOf("Edge")));

        assertThat(cli("print").out()).contains("listener Edge");
        assertThat(cli("certconfig", "delete", "--name", "mx.example.net").err()).contains("is in use by listener Edge");
        assertThat(cli("listenerconfig", "delete", "--name", "Edge").exit()).isZero();
        assertThat(cli("certconfig", "delete", "--name", "mx.example.net").exit()).isZero();
    }

    @Test
    void injectQueuesAndQueueListsShowsDeletes() throws Exception {
        InputStream stdin = System.in;
        try {
            System.setIn(new ByteArrayInputStream("Subject: local\n\nhello\n".getBytes(StandardCharsets.US_ASCII)));
            CliRun inject = cli("inject", "--from", "root@example.org", "--to", "a@example.net,b@example.net");
            assertThat(inject.exit()).as(inject.err()).isZero();
            String id = inject.out().strip();
            assertThat(id).matches("[0-9A-F]{19}");
            CliRun list = cli("queue", "list");
            assertThat(list.out()).contains(id, "<root@example.org> -> a@example.net, b@example.net", "1 message(s)");
            CliRun show = cli("queue", "show", id);
            assertThat(show.out()).contains("Received: by ", "with local id " + id, "Subject: local\r\n\r\nhello\r\n");
            assertThat(cli("queue", "delete", id).exit()).isZero();
            assertThat(cli("queue", "list").out()).contains("0 message(s)");
            assertThat(cli("queue", "delete", id).err()).contains("no queued message with id " + id);

            System.setIn(new ByteArrayInputStream("x".getBytes(StandardCharsets.US_ASCII)));
            assertThat(cli("inject", "--from", "root@example.org", "--to", "not an address").err())
                    .contains("'not an address'");
        } finally {
            System.setIn(stdin);
        }
    }
}
