package org.postern.engine.api;

import java.util.List;

/** A TLSA resource record (RFC 6698 §2) ready for a zone file, plus any advice about it. */
public record TlsaRecord(String owner, int usage, int selector, int matchingType, String data, List<String> notes) {

    public TlsaRecord {
        notes = List.copyOf(notes);
    }

    /** e.g. {@code _25._tcp.mx1.example.com. IN TLSA 3 1 1 <hex>} */
    public String zoneLine() {
        return owner + " IN TLSA " + usage + " " + selector + " " + matchingType + " " + data;
    }
}
