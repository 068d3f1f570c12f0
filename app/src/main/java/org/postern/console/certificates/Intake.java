package org.postern.console.certificates;

import java.nio.file.Path;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.postern.engine.api.CertificateView;
import org.postern.engine.api.FileInspection;

/**
 * A file dropped, opened or pasted onto the certificates page (CON-4, CON-5), with what the
 * engine found in it and the action the console offers for it.
 */
public record Intake(String source, Path path, byte[] content, FileInspection inspection) {

    public enum Action {
        /** A PKCS#12 file: the import wizard. */
        IMPORT_PKCS12,
        /** Certificates (PEM, DER, PKCS#7): install as the CA-signed certificate or add to a chain. */
        INSTALL_CERTIFICATES,
        /** A CSR or a bare key: nothing to store; tell the administrator what to do instead. */
        EXPLAIN
    }

    public Action action() {
        if (inspection.kind() == FileInspection.Kind.PKCS12) {
            return Action.IMPORT_PKCS12;
        }
        if (!inspection.certificates().isEmpty()) {
            return Action.INSTALL_CERTIFICATES;
        }
        return Action.EXPLAIN;
    }

    /** True when the file holds only CA certificates, which belong in a chain as intermediates. */
    public boolean onlyCaCertificates() {
        return !inspection.certificates().isEmpty()
                && inspection.certificates().stream().allMatch(CertificateView::certificateAuthority);
    }

    /** What to tell the administrator when nothing can be installed from this file. */
    public String explanation() {
        if (inspection.certificateRequest()) {
            return "This is a certificate signing request (CSR). A CSR is sent to a certificate authority; "
                    + "upload the certificate the authority returns to the entry that produced the request.";
        }
        if (inspection.privateKeys() > 0) {
            return "This file holds a private key without a certificate. A key is imported together with "
                    + "its certificate: combine them into a PKCS#12 file and import that.";
        }
        String description = inspection.description();
        return "No certificate, key or PKCS#12 data was recognised"
                + (description == null || description.isBlank() ? "." : ": " + description);
    }

    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/=\\s]+");

    /**
     * Turns pasted text into bytes for {@code inspect}: PEM (also indented, or quoted with "> "
     * as in mail) is kept as text with the indentation removed; bare base64 is decoded to DER.
     */
    public static Optional<byte[]> fromPastedText(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        if (text.contains("-----BEGIN")) {
            StringBuilder pem = new StringBuilder();
            for (String line : text.split("\\R")) {
                String stripped = line.strip();
                while (stripped.startsWith(">")) {
                    stripped = stripped.substring(1).strip();
                }
                if (!stripped.isEmpty()) {
                    pem.append(stripped).append('\n');
                }
            }
            return Optional.of(pem.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        String compact = text.strip();
        if (BASE64.matcher(compact).matches()) {
            try {
                byte[] der = Base64.getMimeDecoder().decode(compact.replaceAll("\\s", ""));
                return der.length == 0 ? Optional.empty() : Optional.of(der);
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** A file name for display: the path's name, else the source label. */
    public String displayName() {
        return path != null ? path.getFileName().toString() : source;
    }

    public static String kindLabel(FileInspection.Kind kind) {
        return switch (kind) {
            case PEM -> "PEM";
            case DER_CERTIFICATE -> "DER certificate";
            case PKCS7 -> "PKCS#7 bundle";
            case PKCS12 -> "PKCS#12";
            case CSR -> "certificate request";
            case PRIVATE_KEY -> "private key";
            case UNKNOWN -> "unknown";
        };
    }

    @Override
    public String toString() {
        return "Intake[" + displayName() + ", " + inspection.kind().name().toLowerCase(Locale.ROOT) + "]";
    }
}
