/**
 * DNS with DNSSEC status (DLV-8, DANE-2): MX, A/AAAA and TLSA lookups that report whether their
 * answers are secure, insecure, bogus or indeterminate.
 *
 * <p>{@link org.postern.engine.dns.DnsjavaResolver} is the implementation, configured by
 * {@link org.postern.engine.dns.DnsSettings}: either validating in-process from trust anchors
 * (the IANA root KSKs built in) or trusting the AD bit of a validating resolver on a trusted path.
 * Lookups never throw for DNS problems; {@link org.postern.engine.dns.Lookup#failed()} tells when
 * an answer must not be used (delivery defers).
 */
package org.postern.engine.dns;
