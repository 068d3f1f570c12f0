package org.postern.engine.dns;

/** One TLSA record's fields (RFC 6698 §2.1). */
public record TlsaData(int usage, int selector, int matchingType, byte[] data) {
}
