package org.postern.engine.api;

import java.util.List;

/** Listeners and their host access tables (LIS-1, LIS-2). Changes apply when the engine (re)starts a listener. */
public interface ListenerApi {

    List<ListenerSpec> list();

    ListenerSpec get(String name);

    /** Adds a listener; returns the warnings an administrator must see (demo certificate, RFC 3207 §4). */
    List<String> create(ListenerSpec spec);

    /** Replaces the listener {@code name} (it may be renamed); returns warnings as for create. */
    List<String> update(String name, ListenerSpec spec);

    void delete(String name);

    /** The warnings that apply to a listener as configured (shown every time, CERT-9). */
    List<String> warnings(ListenerSpec spec);
}
