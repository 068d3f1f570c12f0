package org.postern.engine.api;

/**
 * The one interface through which the console and the CLI reach the engine (DESIGN "one engine,
 * two faces"). The embedded implementation runs in-process; a remote one will speak the HTTPS
 * admin API (ADM-1/2). Feature areas are grouped so each screen depends on one of them.
 */
public interface GatewayApi extends AutoCloseable {

    /** Certificates, CSRs, PKCS#12, TLSA generation (SPEC section 1, DANE-7). */
    CertificateApi certificates();

    /** The system and custom CA lists that certificate verification trusts (CA-1..6). */
    CaListApi caLists();

    /** Listeners, host access tables and mail-flow policies (LIS-1, LIS-2). */
    ListenerApi listeners();

    /** The durable queue (LIS-10). */
    QueueApi queue();

    /** The mail log (LOG-1..3). */
    MailLogApi mailLog();

    /** Destination controls and global outbound settings (DLV-1..9). */
    DestinationApi destinations();

    /** DNS resolvers and DNSSEC mode (DANE-2). */
    DnsApi dns();

    /** Protocols and cipher suites per direction (TLS-1, the vendor's sslconfig). */
    TlsSettingsApi tls();

    /** Alert recipients (ALR-1). */
    AlertApi alerts();

    /** HTTPS administration, the administrator's password and client certificates (ADM-1/2). */
    AdminApi admin();

    /** Start/stop of the engine's services. */
    EngineApi engine();

    /** Where the engine keeps its state; for display only. */
    String location();

    @Override
    void close();
}
