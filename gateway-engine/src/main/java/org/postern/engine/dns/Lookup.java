package org.postern.engine.dns;

import java.util.List;

/**
 * The result of one DNS lookup: the records (empty when the name or type does not exist), whether
 * the name exists, its DNSSEC status, and for failures a reason. {@code failed()} means the
 * answer is unusable (SERVFAIL, timeout, bogus) and delivery must defer.
 *
 * @param canonicalName the name after following CNAMEs (equal to the query name without CNAMEs)
 */
public record Lookup<T>(String name, String canonicalName, List<T> records, boolean nameExists,
                        DnssecStatus status, String error) {

    public Lookup {
        records = List.copyOf(records);
    }

    public boolean failed() {
        return error != null || status == DnssecStatus.BOGUS || status == DnssecStatus.INDETERMINATE;
    }

    public boolean secure() {
        return status == DnssecStatus.SECURE;
    }
}
