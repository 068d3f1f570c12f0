package org.postern.engine.dns;

/** One MX target (RFC 5321 §5.1); {@code implicit} when the domain had no MX and its own name is used. */
public record MxHost(int preference, String host, boolean implicit) {
}
