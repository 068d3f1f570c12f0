package org.postern.console.common;

import java.util.List;

/** A file-chooser filter: a description and glob patterns such as {@code *.p12}. */
public record FileFilter(String description, List<String> patterns) {

    public FileFilter {
        patterns = List.copyOf(patterns);
    }

    public static FileFilter of(String description, String... patterns) {
        return new FileFilter(description, List.of(patterns));
    }

    public static final FileFilter PKCS12 = of("PKCS#12 files (*.p12, *.pfx)", "*.p12", "*.pfx");
    public static final FileFilter PEM = of("PEM files (*.pem, *.crt, *.cer)", "*.pem", "*.crt", "*.cer");
    public static final FileFilter CSR = of("Certificate requests (*.csr, *.pem)", "*.csr", "*.pem");
    public static final FileFilter CERTIFICATES =
            of("Certificates (*.pem, *.crt, *.cer, *.der, *.p7b, *.p7c)",
                    "*.pem", "*.crt", "*.cer", "*.der", "*.p7b", "*.p7c");
    public static final FileFilter ANY_CRYPTO = of("Certificates, requests, keys and PKCS#12",
            "*.pem", "*.crt", "*.cer", "*.der", "*.p7b", "*.p7c", "*.p12", "*.pfx", "*.csr", "*.key");
    public static final FileFilter ALL = of("All files", "*");
}
