package org.postern.engine;

import java.nio.file.Path;
import org.postern.engine.api.CertificateApi;
import org.postern.engine.api.GatewayApi;

/** The in-process implementation of the gateway API, over one data directory. */
public final class EmbeddedGateway implements GatewayApi {

    private final Path dataDir;

    private EmbeddedGateway(Path dataDir) {
        this.dataDir = dataDir;
    }

    /** Opens (creating and migrating if needed) the engine state in {@code dataDir}. */
    public static EmbeddedGateway open(Path dataDir) {
        return new EmbeddedGateway(dataDir);
    }

    @Override
    public CertificateApi certificates() {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public String location() {
        return dataDir.toString();
    }

    @Override
    public void close() {
    }
}
