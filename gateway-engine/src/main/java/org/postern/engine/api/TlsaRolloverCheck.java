package org.postern.engine.api;

import java.util.ArrayList;
import java.util.List;

/**
 * DANE-7 rollover safety: what a certificate change would do to the TLSA records published for the
 * host names of the listeners that serve the certificate. A change that would leave a host whose
 * usable TLSA records match none of the certificates it would serve makes DANE senders defer all
 * mail to it (RFC 7672 §2.2, §3.1), so the engine refuses it unless the administrator confirms.
 *
 * @param certificate  the entry being changed
 * @param change       what is about to happen, e.g. "renew 'mx1' with the same key"
 * @param verdict      the overall outcome (the worst of the hosts')
 * @param hosts        one result per host name looked up
 * @param publishFirst zone-file lines ({@code 3 1 1} for the new key) to publish, next to the old
 *                     ones, before the change; empty for a delete
 */
public record TlsaRolloverCheck(String certificate, String change, Verdict verdict, List<Host> hosts,
                                List<String> publishFirst) {

    public TlsaRolloverCheck {
        hosts = List.copyOf(hosts);
        publishFirst = List.copyOf(publishFirst);
    }

    /** Outcome of the check, from harmless to dangerous. */
    public enum Verdict {
        /** No listener serves the certificate: published TLSA records cannot be broken by it. */
        NOT_SERVED,
        /** Every host either has no usable secure TLSA RRset or one that matches the new certificate. */
        SAFE,
        /** A lookup failed (SERVFAIL, timeout, bogus): whether the change breaks DANE is unknown. */
        NOT_CHECKED,
        /** Some host's published records would match none of the certificates it serves after the change. */
        WOULD_NOT_MATCH
    }

    /**
     * One host name's result.
     *
     * @param host        the SMTP host name (the TLSA base domain)
     * @param tlsaOwner   the TLSA owner looked up, e.g. {@code _25._tcp.mx1.example.com}
     * @param dnssec      the DNSSEC status of the TLSA answer (secure, insecure, bogus, indeterminate)
     * @param records     the records published there, in presentation form
     * @param verdict     SAFE, NOT_CHECKED or WOULD_NOT_MATCH
     * @param explanation why, in one or two sentences
     */
    public record Host(String host, String tlsaOwner, String dnssec, List<String> records, Verdict verdict,
                       String explanation) {
        public Host {
            records = List.copyOf(records);
        }
    }

    /** True when the operation must not proceed without the administrator's explicit confirmation. */
    public boolean needsConfirmation() {
        return verdict == Verdict.WOULD_NOT_MATCH || verdict == Verdict.NOT_CHECKED;
    }

    /** One line for a dialog title or an error message. */
    public String headline() {
        return switch (verdict) {
            case NOT_SERVED -> "'" + certificate + "' is not served by a listener; no TLSA check is needed";
            case SAFE -> "the published TLSA records still match after this change";
            case NOT_CHECKED -> "the TLSA records for '" + certificate + "' could not be checked: DANE senders may"
                    + " defer all mail to this gateway after this change";
            case WOULD_NOT_MATCH -> "after this change the TLSA records published for this gateway no longer match"
                    + " its certificate: DANE senders will defer all mail to it (RFC 7672 §2.2)";
        };
    }

    /** The whole warning: headline, per host the records and why they do (not) match, and the fix. */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        out.add(headline());
        out.add("change: " + change);
        for (Host h : hosts) {
            out.add(h.tlsaOwner() + " (" + h.dnssec() + "): " + h.explanation());
            h.records().forEach(r -> out.add("    published: IN TLSA " + r));
        }
        if (verdict == Verdict.WOULD_NOT_MATCH || verdict == Verdict.NOT_CHECKED) {
            if (!publishFirst.isEmpty()) {
                out.add("fix: publish the new key's record next to the old one, wait at least twice the TLSA"
                        + " TTL, then repeat the change:");
                publishFirst.forEach(l -> out.add("    " + l));
            } else {
                out.add("fix: remove or replace these TLSA records first and wait at least twice their TTL");
            }
        }
        return out;
    }
}
