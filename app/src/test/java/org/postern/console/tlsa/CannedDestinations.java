package org.postern.console.tlsa;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.postern.engine.api.DaneSetting;
import org.postern.engine.api.DestinationApi;
import org.postern.engine.api.DestinationEntry;
import org.postern.engine.api.OutboundTls;
import org.postern.engine.api.ProbeReport;

/**
 * A destination API whose probe answers with hand-built reports, optionally held until the test
 * releases it; it records the thread every probe ran on. Everything else is not needed here.
 */
final class CannedDestinations implements DestinationApi {

    private final Function<String, ProbeReport> reports;
    final List<String> probeThreads = new CopyOnWriteArrayList<>();
    final List<String> probed = new CopyOnWriteArrayList<>();
    final List<String> daneArgs = new CopyOnWriteArrayList<>();
    volatile CountDownLatch hold = new CountDownLatch(0);
    final CountDownLatch started = new CountDownLatch(1);

    CannedDestinations(Function<String, ProbeReport> reports) {
        this.reports = reports;
    }

    @Override
    public ProbeReport probe(String domain, OutboundTls setting, DaneSetting dane) {
        probeThreads.add(Thread.currentThread().getName());
        probed.add(domain);
        daneArgs.add(String.valueOf(dane));
        started.countDown();
        try {
            if (!hold.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never released the probe");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return reports.apply(domain);
    }

    @Override public List<DestinationEntry> list() { throw new UnsupportedOperationException(); }
    @Override public DestinationEntry get(String domain) { throw new UnsupportedOperationException(); }
    @Override public void save(DestinationEntry entry) { throw new UnsupportedOperationException(); }
    @Override public void delete(String domain) { throw new UnsupportedOperationException(); }
    @Override public DestinationEntry effective(String recipientDomain) { throw new UnsupportedOperationException(); }
    @Override public GlobalSettings globalSettings() { throw new UnsupportedOperationException(); }
    @Override public void saveGlobalSettings(GlobalSettings settings) { throw new UnsupportedOperationException(); }
}
