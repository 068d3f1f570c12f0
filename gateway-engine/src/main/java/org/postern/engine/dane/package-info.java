/**
 * DANE for SMTP (RFC 7672, RFC 7671, RFC 6698; DANE-1..7).
 *
 * <p>{@link org.postern.engine.dane.DanePolicy} decides per MX host, before connecting, what DANE
 * does there (off, not applicable, required, TLS mandatory without usable records, host not used);
 * {@link org.postern.engine.dane.DaneAuthenticator} judges the chain the server presented against
 * the secure TLSA RRset after the handshake; {@link org.postern.engine.dane.TlsaMatcher} holds the
 * record rules (usability, selectors, matching types, digest agility) and
 * {@link org.postern.engine.dane.TlsaGenerator} builds records for stored certificates. Delivery and
 * the destination probe ({@code tlsverify}, {@code daneverify}, the console's inspector) use the
 * same classes.
 */
package org.postern.engine.dane;
