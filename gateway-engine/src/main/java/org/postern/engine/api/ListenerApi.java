package org.postern.engine.api;

import java.util.List;

/** Listeners and their host access tables (LIS-1, LIS-2). Changes apply when the engine (re)starts a listener. */
public interface ListenerApi {

    List<ListenerSpec> list();

    ListenerSpec get(String name);

    /** Adds a listener; returns the warnings an administrator must see (demo certificate, RFC 3207 §4). */
    List<String> create(ListenerSpec spec);

    /** Replaces the listener {@code name} (it may be renamed); returns warnings as for create. */
    default List<String> update(String name, ListenerSpec spec) {
        return update(name, spec, false);
    }

    /**
     * As {@link #update(String, ListenerSpec)}; when the listener's certificate changes and the
     * DANE-7 {@link #checkCertificateChange check} needs confirmation, refused with
     * {@link TlsaRolloverException} unless {@code confirmTlsa} (the administrator saw the check and proceeds;
     * nothing is looked up then).
     */
    List<String> update(String name, ListenerSpec spec, boolean confirmTlsa);

    /**
     * DANE-7: what serving {@code spec}'s certificate instead of the listener's current one would do
     * to the TLSA records published for its host names; {@code SAFE} without lookups when the
     * certificate does not change. Changes nothing.
     */
    TlsaRolloverCheck checkCertificateChange(String name, ListenerSpec spec);

    void delete(String name);

    /** The warnings that apply to a listener as configured (shown every time, CERT-9). */
    List<String> warnings(ListenerSpec spec);
}
