package org.postern.engine.admin;

import org.postern.engine.api.TlsaRolloverCheck;

/**
 * An error as it crosses the wire. {@code kind}: {@code refused} (a {@code PosternException}, the
 * same one-line message the embedded engine gives), {@code tlsa-rollover} (with its check),
 * {@code unauthorized}, {@code throttled}, {@code bad-request}, {@code not-found}, {@code internal}.
 */
record WireError(String kind, String message, TlsaRolloverCheck check) {

    static WireError of(String kind, String message) {
        return new WireError(kind, message, null);
    }
}
