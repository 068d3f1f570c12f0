package org.postern.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.engine.EmbeddedGateway;
import org.postern.engine.EngineOptions;
import org.postern.engine.api.DaneSetting;
import org.postern.engine.api.DestinationEntry;
import org.postern.engine.api.InboundTls;
import org.postern.engine.api.ListenerKind;
import org.postern.engine.api.ListenerSpec;
import org.postern.engine.api.MailFlowPolicy;
import org.postern.engine.api.OutboundTls;
import org.postern.engine.api.PolicyAction;
import org.postern.engine.delivery.DeliveryEngine;
import org.postern.engine.testsupport.EngineProcess;

/** ADM-2a {@code postern status}: the engine, its listeners and the queue, in the line format its help documents. */
class StatusCliTest {

    static final String ADDRESS = "127.0.14.1";
    static final String RECORD_KINDS = "engine|data-dir|listener|listener-warning|queue|queue-index|https|note";

    @TempDir
    Path data;

    static ListenerSpec listener(String name, String address, int port) {
        return new ListenerSpec(name, ListenerKind.PRIVATE, address, port, "example.test", List.of("example.test"), 100, 50,
                null, List.of(), List.of(new MailFlowPolicy("ACCEPTED", PolicyAction.ACCEPT, InboundTls.PREFERRED, 64 * 1024, 5)),
                "ACCEPTED");
    }

    static int freePort(String address) throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(address))) {
            return s.getLocalPort();
        }
    }

    static List<String> lines(String out) {
        List<String> lines = out.lines().toList();
        assertThat(lines).allSatisfy(l -> assertThat(l).matches("(" + RECORD_KINDS + ")(\t[^\t]+)*"));
        return lines;
    }

    static String inject(EmbeddedGateway g) {
        return g.queue().inject("sender@example.org", List.of("bob@example.test"),
                "Subject: s\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void withoutAnEngineItSaysSoAndShowsTheConfiguredListenersAndTheStoredQueue() throws Exception {
        try (EmbeddedGateway g = EmbeddedGateway.open(data)) {
            g.listeners().list().forEach(l -> g.listeners().delete(l.name()));
            g.listeners().create(listener("Inbound mail", ADDRESS, 2525));
            inject(g);
            inject(g);
        }
        CliRun r = CliRun.of(data, "status");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        List<String> lines = lines(r.out());
        assertThat(lines.getFirst()).isEqualTo("engine\tstopped");
        assertThat(lines).contains("data-dir\t" + data.toAbsolutePath().normalize(),
                "listener\tInbound mail\t127.0.14.1:2525\tconfigured\tconnections=0",
                "queue-index\thealthy",
                "note\tno engine runs on this data directory; shown are the configured listeners and the stored queue");
        assertThat(lines).anySatisfy(l -> assertThat(l)
                .matches("queue\tmessages=2\tqueued=2\tactive=0\tdeferred=0\tquarantined=0\toldest=\\d{4}-\\d\\d-\\d\\dT\\S+Z"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("listener-warning\tInbound mail\t").contains("demo certificate"));
    }

    @Test
    void aRunningEngineShowsItsListenersTheirConnectionsAndProblemsAndTheQueueByState() throws Exception {
        int port = freePort(ADDRESS);
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName(ADDRESS));
             EmbeddedGateway g = EmbeddedGateway.open(data, EngineOptions.defaults()
                     .withSchedule(new DeliveryEngine.Schedule(Duration.ofMillis(50), List.of(Duration.ofHours(1)))))) {
            g.listeners().list().forEach(l -> g.listeners().delete(l.name()));
            g.listeners().create(listener("Inbound", ADDRESS, port));
            g.listeners().create(listener("Taken", ADDRESS, taken.getLocalPort()));
            // mail for example.test goes to a closed port and is deferred
            g.destinations().save(new DestinationEntry("example.test", OutboundTls.NONE, DaneSetting.NONE, 5,
                    ADDRESS + ":" + freePort(ADDRESS), false));
            Files.writeString(data.resolve("queue/messages/0000000000000000001"), "not a queue file\n");
            g.engine().start();
            inject(g);
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (g.queue().counts().deferred() < 1 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            try (Socket client = new Socket(ADDRESS, port)) {
                String greeting = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII))
                        .readLine();
                assertThat(greeting).startsWith("220 ");

                StringWriter text = new StringWriter();
                StatusCommand.print(g, new PrintWriter(text));
                List<String> lines = lines(text.toString());
                String since = g.engine().state().since().toString();
                assertThat(lines.getFirst()).isEqualTo("engine\trunning\tsince=" + since + "\tpid=" + ProcessHandle.current().pid());
                assertThat(lines).contains("listener\tInbound\t127.0.14.1:" + port + "\tlistening\tconnections=1", "queue-index\thealthy");
                assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("listener\tTaken\t127.0.14.1:" + taken.getLocalPort()
                        + "\tfailed\tconnections=0\tproblem=cannot listen on 127.0.14.1 port " + taken.getLocalPort() + ": "));
                assertThat(lines).anySatisfy(l -> assertThat(l)
                        .matches("queue\tmessages=1\tqueued=0\tactive=0\tdeferred=1\tquarantined=1\toldest=\\S+Z"));
                assertThat(lines).noneMatch(l -> l.startsWith("note"));

                // the command line asks the running engine itself, through its control socket: the live state
                CliRun r = CliRun.of(data, "status");
                assertThat(r.exit()).as(r.err()).isZero();
                List<String> cli = lines(r.out());
                assertThat(cli.getFirst()).isEqualTo("engine\trunning\tsince=" + since + "\tpid=" + ProcessHandle.current().pid());
                assertThat(cli).contains("listener\tInbound\t127.0.14.1:" + port + "\tlistening\tconnections=1");
                assertThat(cli).contains("https\toff\t0.0.0.0:8443\tnot-serving");
                assertThat(cli).noneMatch(l -> l.startsWith("note"));
            }
        }
        assertThat(CliRun.of(data, "status").out()).startsWith("engine\tstopped\n");
    }

    @Test
    void anEngineRunningInAnotherProcessIsNamedWithItsProcessId() throws Exception {
        try (EngineProcess engine = EngineProcess.start(data, "127.0.14.2", InboundTls.NO)) {
            CliRun r = CliRun.of(data, "status");
            assertThat(r.exit()).as(r.err()).isZero();
            List<String> lines = lines(r.out());
            assertThat(lines.getFirst()).matches("engine\trunning\tsince=\\S+Z\tpid=" + engine.pid());
            assertThat(lines).contains("listener\tTls\t127.0.14.2:" + engine.port + "\tlistening\tconnections=0");
        }
        assertThat(Arrays.asList(CliRun.of(data, "status").out().split("\n"))).first().isEqualTo("engine\tstopped");
    }
}
