package org.postern.console.shell;

/**
 * The console's pages, grouped like the vendor's menus. Pages not built yet are shown, disabled,
 * with what is coming, so the navigation holds no dead ends.
 */
public enum Page {
    CERTIFICATES("Network", "Certificates", true,
            "Keys, certificates, CSRs, PKCS#12 and TLSA records"),
    CERTIFICATE_AUTHORITIES("Network", "Certificate Authorities", true,
            "The system and custom CA lists: enable or disable, import, export and update roots (CA-1..6)"),
    IP_INTERFACES("Network", "IP Interfaces", true,
            "HTTPS administration: on or off, address, port and certificate, the fingerprint to check when"
                    + " connecting from another machine, the administrator's password and client certificates (ADM-1/2)"),
    LISTENERS("Network", "Listeners", true,
            "SMTP listeners — address, port, certificate, STARTTLS No / Preferred / Required and runtime status (LIS-1..9)"),
    MAIL_FLOW_POLICIES("Mail Policies", "Mail Flow Policies", true,
            "Each listener's host access table and mail-flow policies with their TLS settings (LIS-2..5)"),
    DESTINATION_CONTROLS("Mail Policies", "Destination Controls", true,
            "Per-domain outbound TLS and DANE settings, routes and limits; test a destination (DLV-1..9, DANE-1)"),
    DANE_INSPECTOR("Security", "DANE / TLSA Inspector", true,
            "Why a domain does or does not get DANE: MX and DNSSEC status, TLSA records, the live STARTTLS chain, "
                    + "which record matches which certificate, and the verdict (DANE-7, CON-10)"),
    SSL_CONFIGURATION("Security", "SSL Configuration", true,
            "Protocols and cipher suites for listeners (inbound) and delivery (outbound), applied to the next connection (TLS-1)"),
    ALERTS("System Administration", "Alerts", true,
            "Alert recipients with types and severities, and the recent alerts (ALR-1, DLV-7)"),
    MAIL_LOG("Monitor", "Mail Log", true,
            "The live mail log with TLS outcomes, filters, search, export and TLS coverage (LOG-1..3)"),
    QUEUE("Monitor", "Queue", true,
            "The messages waiting for delivery: show, delete, flush (LIS-10)");

    private final String section;
    private final String title;
    private final boolean built;
    private final String description;

    Page(String section, String title, boolean built, String description) {
        this.section = section;
        this.title = title;
        this.built = built;
        this.description = description;
    }

    public String section() { return section; }
    public String title() { return title; }
    public boolean built() { return built; }
    public String description() { return description; }

    /** Stable id for the navigation entry, e.g. {@code nav-certificate-authorities}. */
    public String navId() {
        return "nav-" + name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
