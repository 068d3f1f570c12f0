package org.postern.engine.cli;

import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import org.postern.engine.api.EngineApi;
import org.postern.engine.api.GatewayApi;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code postern run}: the headless engine, until SIGTERM/SIGINT (ADM-3). */
@Command(name = "run", description = "Run the engine headless (listeners, queue) until stopped.")
final class RunCommand implements Runnable {

    @ParentCommand
    PosternCli root;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        PrintWriter err = spec.commandLine().getErr();
        GatewayApi api = root.openEmbedded();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            api.close();
            stopped.countDown();
        }, "postern-shutdown"));
        api.engine().start();
        for (EngineApi.ListenerStatus s : api.engine().status()) {
            if (s.listening()) {
                err.println("postern: listener " + s.name() + " on " + s.address() + " port " + s.port());
            } else {
                err.println("postern: listener " + s.name() + " NOT running: " + s.problem());
            }
            s.warnings().forEach(w -> err.println("warning: " + w));
        }
        org.postern.engine.api.AdminApi.HttpsStatus https = api.admin().httpsStatus();
        if (https.listening()) {
            err.println("postern: HTTPS administration on " + https.address() + " port " + https.port()
                    + ", certificate SHA-256 " + https.sha256Fingerprint());
            api.admin().httpsWarnings(api.admin().https()).forEach(w -> err.println("warning: " + w));
            if (api.admin().initialPasswordPending()) {
                err.println("postern: the administrator's initial password is in " + api.location() + "/"
                        + org.postern.engine.admin.AdminService.INITIAL_PASSWORD_FILE
                        + "; change it with 'postern adminconfig password'");
            }
        } else if (api.admin().https().enabled()) {
            err.println("postern: HTTPS administration NOT running: " + https.problem());
        }
        err.println("postern: engine running with data in " + api.location() + "; stop with Ctrl-C or SIGTERM");
        err.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
