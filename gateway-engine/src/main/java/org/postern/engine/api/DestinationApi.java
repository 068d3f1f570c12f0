package org.postern.engine.api;

import java.util.List;

/** DLV-1..9 destination controls, and the global outbound settings (DLV-4, DLV-7, DANE-6). */
public interface DestinationApi {

    /** All entries, the default entry first. */
    List<DestinationEntry> list();

    DestinationEntry get(String domain);

    /** Adds or replaces the entry for its domain (the default entry included). */
    void save(DestinationEntry entry);

    /** Removes an entry; the default entry cannot be removed. */
    void delete(String domain);

    /** The entry that applies to a recipient domain, with DEFAULT settings resolved (DLV-1 lookup order). */
    DestinationEntry effective(String recipientDomain);

    /** Probes the hosts of {@code domain} as delivery would (no mail is sent); {@code setting} null = the entry's. */
    default ProbeReport probe(String domain, OutboundTls setting) {
        return probe(domain, setting, null);
    }

    /**
     * As {@link #probe(String, OutboundTls)}, under the DANE setting {@code dane} (null or DEFAULT =
     * the entry's): what delivery would do were the destination entry set so (the DANE inspector).
     */
    ProbeReport probe(String domain, OutboundTls setting, DaneSetting dane);

    /**
     * Global settings (the vendor's {@code destconfig setup}). {@code daneAlert} (DANE-6, off by
     * default): alert when DANE fails on every MX host of a destination.
     */
    record GlobalSettings(String clientCertificate, boolean requiredTlsAlert, int queueLifetimeHours,
                          boolean fqdnCheck, boolean algorithmCheck, boolean daneAlert) {
    }

    GlobalSettings globalSettings();

    void saveGlobalSettings(GlobalSettings settings);
}
