package org.postern.engine.cli;

import java.io.PrintWriter;
import org.postern.engine.api.AdminApi;
import org.postern.engine.api.GatewayApi;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code postern interfaceconfig [--https on|off] [--address A] [--port P] [--certificate NAME]}
 * (ADM-1, the vendor's name): HTTPS administration. Without options, shows the settings and what
 * the running engine serves, with the certificate's SHA-256 fingerprint for remote clients to pin.
 */
@Command(name = "interfaceconfig", description = {
        "Show or set HTTPS administration: on/off, address, port and certificate.",
        "Applied to a running engine at once (only its HTTPS connector restarts)."})
final class InterfaceConfigCommand implements Runnable {

    @ParentCommand
    PosternCli root;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--https", paramLabel = "on|off", description = "Serve the management API over HTTPS.")
    String https;

    @Option(names = "--address", description = "Interface address to listen on (e.g. 0.0.0.0, 192.0.2.10, ::).")
    String address;

    @Option(names = "--port", description = "TCP port (default 8443).")
    Integer port;

    @Option(names = "--certificate", paramLabel = "NAME", description = "Certificate entry to present ('demo' for the demo certificate).")
    String certificate;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (GatewayApi api = root.open()) {
            AdminApi.HttpsSettings s = api.admin().https();
            if (https != null || address != null || port != null || certificate != null) {
                boolean enabled = s.enabled();
                if (https != null) {
                    enabled = switch (https.toLowerCase(java.util.Locale.ROOT)) {
                        case "on", "yes", "true" -> true;
                        case "off", "no", "false" -> false;
                        default -> throw new CommandLine.ParameterException(spec.commandLine(),
                                "--https takes on or off, not '" + https + "'");
                    };
                }
                s = new AdminApi.HttpsSettings(enabled, address != null ? address : s.address(),
                        port != null ? port : s.port(), certificate != null ? certificate : s.certificate());
                api.admin().setHttps(s).forEach(w -> err.println("warning: " + w));
                s = api.admin().https();
            }
            out.println("https: " + (s.enabled() ? "on" : "off"));
            out.println("address: " + s.address());
            out.println("port: " + s.port());
            out.println("certificate: " + (s.certificate() == null ? "demo" : s.certificate()));
            AdminApi.HttpsStatus st = api.admin().httpsStatus();
            out.println("serving: " + (st.listening() ? "yes, on " + st.address() + " port " + st.port() : "no (" + st.problem() + ")"));
            if (st.sha256Fingerprint() != null) {
                out.println("sha256 fingerprint: " + st.sha256Fingerprint());
            }
            if (api.admin().initialPasswordPending()) {
                out.println("administrator password: the initial one, in the data directory's admin-initial-password"
                        + " file; change it with 'postern adminconfig password'");
            }
        }
    }
}
