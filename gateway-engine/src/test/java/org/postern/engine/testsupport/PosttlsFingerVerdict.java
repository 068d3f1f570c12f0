package org.postern.engine.testsupport;

/**
 * Reads the report of {@code posttls-finger -v -l dane} as a {@link DaneVerdict}. At level dane
 * posttls-finger reports lookup failures and, when no (usable) TLSA records are found, says it
 * resorts to level "secure" (where Postfix's SMTP client resorts to "may", or to "encrypt" for an
 * unusable RRset, RFC 7672 §2.2); otherwise a DANE match shows as "Matched DANE … certificate"
 * followed by a verified TLS connection, and anything else (no match, failed checks, no STARTTLS) is
 * a DANE failure.
 */
final class PosttlsFingerVerdict {

    private PosttlsFingerVerdict() {
    }

    static DaneVerdict of(String output) {
        if (output.contains("TLSA lookup error") || output.contains("DANE TLSA lookup problem")
                || output.contains("Destination address lookup failed")) {
            return DaneVerdict.LOOKUP_FAILED;
        }
        if (output.contains("no usable TLSA records found")) {
            return DaneVerdict.UNUSABLE;
        }
        if (output.contains("no TLSA records found")) {
            return DaneVerdict.NOT_APPLICABLE;
        }
        if (!output.contains("(TLSA): OK")) {
            throw new IllegalStateException("posttls-finger reported neither a TLSA RRset nor its absence:\n" + output);
        }
        boolean matched = output.contains(": Matched DANE ");
        boolean verified = output.contains("Verified TLS connection established to ");
        return matched && verified ? DaneVerdict.AUTHENTICATED : DaneVerdict.FAILED;
    }

    /** The lines that explain the verdict (lookups, matches, verification, connection), for the table. */
    static String summary(String output) {
        StringBuilder s = new StringBuilder();
        for (String line : output.split("\n")) {
            String l = line.replaceFirst("^posttls-finger: ", "");
            if (l.contains("TLSA lookup") || l.contains("lookup failed") || l.contains("TLSA records found")
                    || l.contains("Matched DANE") || l.contains("verification failed")
                    || l.contains("connection established") || l.contains("unsupported TLSA")
                    || l.startsWith("Failed to establish")) {
                s.append(s.isEmpty() ? "" : "; ").append(l.strip());
            }
        }
        if (output.contains("Connected to ") && !output.contains("TLS connection established")
                && !output.contains("250-STARTTLS")) {
            s.append(s.isEmpty() ? "" : "; ").append("no STARTTLS in the EHLO reply");
        }
        return s.toString();
    }
}
