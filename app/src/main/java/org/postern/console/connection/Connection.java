package org.postern.console.connection;

import java.time.Instant;
import org.postern.engine.api.GatewayApi;

/** A logged-in remote engine: its gateway (owned by whoever receives this), which engine it is, when the login expires. */
public record Connection(GatewayApi gateway, ManagedEngine engine, Instant expires) {
}
