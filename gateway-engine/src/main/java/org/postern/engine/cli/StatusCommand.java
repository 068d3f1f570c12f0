package org.postern.engine.cli;

import org.postern.engine.api.AdminApi;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.postern.engine.api.EngineApi;
import org.postern.engine.api.EngineApi.Activity;
import org.postern.engine.api.EngineApi.EngineState;
import org.postern.engine.api.GatewayApi;
import org.postern.engine.api.QueueCounts;
import org.postern.engine.api.QueueHealth;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code postern status} (ADM-2a): the engine, its listeners and the queue, one record a line with
 * tab-separated fields, so that scripts can read it and people too.
 */
@Command(name = "status", description = {"Show the engine, its listeners and the queue.",
        "When no engine runs on the data directory it says so and shows the configured listeners and the stored queue."},
        footer = {"", "Output: one record a line, fields separated by a TAB. The first field names",
                "the record; records, and fields within one, are only ever added at the end.",
                "  engine       running|running-elsewhere|stopped [since=INSTANT] [pid=N]",
                "  data-dir     LOCATION",
                "  listener     NAME ADDRESS:PORT listening|failed|configured connections=N",
                "               [problem=TEXT]",
                "  listener-warning NAME TEXT",
                "  queue        messages=N queued=N active=N deferred=N quarantined=N",
                "               [oldest=INSTANT]",
                "  queue-index  healthy | failing [since=INSTANT] waiting=N [error=TEXT]",
                "  https        on|off ADDRESS:PORT serving|not-serving [sha256=FINGERPRINT]",
                "               [problem=TEXT]",
                "  note         TEXT",
                "running-elsewhere: another engine holds the data directory. configured: the",
                "listener as stored, as no live state is at hand (the engine is stopped or runs",
                "elsewhere). Instants are ISO-8601 in UTC. Exit 0 whether or not an engine runs."})
final class StatusCommand implements Runnable {

    static final char TAB = '\t';

    @ParentCommand
    PosternCli root;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        try (GatewayApi api = root.open()) {
            print(api, spec.commandLine().getOut());
        }
    }

    static void print(GatewayApi api, PrintWriter out) {
        EngineState engine = api.engine().state();
        boolean live = engine.activity() == Activity.RUNNING;
        out.println(record("engine", activity(engine.activity()), optional("since", engine.since()),
                engine.processId() == 0 ? null : "pid=" + engine.processId()));
        out.println(record("data-dir", api.location()));
        List<String> warnings = new ArrayList<>();
        for (EngineApi.ListenerStatus l : api.engine().status()) {
            String state = !live ? "configured" : l.listening() ? "listening" : "failed";
            out.println(record("listener", l.name(), hostPort(l.address(), l.port()), state,
                    "connections=" + l.activeConnections(), live ? optional("problem", l.problem()) : null));
            l.warnings().forEach(w -> warnings.add(record("listener-warning", l.name(), w)));
        }
        warnings.forEach(out::println);
        QueueCounts q = api.queue().counts();
        out.println(record("queue", "messages=" + q.total(), "queued=" + q.queued(), "active=" + q.active(),
                "deferred=" + q.deferred(), "quarantined=" + api.queue().quarantined().size(), optional("oldest", q.oldest())));
        QueueHealth h = api.queue().health();
        out.println(h.indexHealthy() ? record("queue-index", "healthy")
                : record("queue-index", "failing", optional("since", h.failingSince()), "waiting=" + h.waitingForIndex(),
                        optional("error", h.lastError())));
        AdminApi.HttpsSettings https = api.admin().https();
        AdminApi.HttpsStatus served = api.admin().httpsStatus();
        out.println(record("https", https.enabled() ? "on" : "off", hostPort(https.address(), https.port()),
                served.listening() ? "serving" : "not-serving", optional("sha256", served.sha256Fingerprint()),
                https.enabled() && !served.listening() ? optional("problem", served.problem()) : null));
        switch (engine.activity()) {
            case STOPPED -> out.println(record("note", "no engine runs on this data directory;"
                    + " shown are the configured listeners and the stored queue"));
            case RUNNING_ELSEWHERE -> out.println(record("note", "another engine holds this data directory"
                    + (engine.processId() == 0 ? "" : " (pid " + engine.processId() + ")")
                    + "; shown are its configured listeners, not their live state"));
            case RUNNING -> {
            }
        }
        out.flush();
    }

    static String activity(Activity a) {
        return a.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** ADDRESS:PORT, an IPv6 address in brackets. */
    static String hostPort(String address, int port) {
        return (address.indexOf(':') >= 0 ? "[" + address + "]" : address) + ":" + port;
    }

    /** {@code key=value}, or nothing when the value is unknown; instants print as ISO-8601 UTC. */
    private static String optional(String key, Object value) {
        return value == null ? null : key + "=" + value;
    }

    /** One line: the fields that are present, tabs and line breaks inside a field turned into spaces. */
    private static String record(String kind, String... fields) {
        StringBuilder line = new StringBuilder(kind);
        for (String f : fields) {
            if (f != null) {
                line.append(TAB).append(f.replaceAll("[\\t\\r\\n]+", " "));
            }
        }
        return line.toString();
    }
}
