package org.postern.engine.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.postern.engine.api.CertificateApi;
import org.postern.engine.api.CertificateDetails;
import org.postern.engine.api.CertificateSummary;
import org.postern.engine.api.CertificateView;
import org.postern.engine.api.GatewayApi;
import org.postern.engine.api.KeyType;
import org.postern.engine.api.NewCertificateRequest;
import org.postern.engine.api.PemBundle;
import org.postern.engine.api.Pkcs12Encryption;
import org.postern.engine.api.PosternException;
import org.postern.engine.api.TlsaRecord;
import org.postern.engine.api.TlsaRequest;
import org.postern.engine.config.SecureFiles;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code postern certconfig …}: certificate management (CERT-1..9, DANE-7) and, under
 * {@code certauthority}, the CA lists (CA-1..6); vendor command names.
 */
@Command(name = "certconfig", description = "Manage certificates and CA lists.",
        subcommands = {CertConfigCommand.Create.class, CertConfigCommand.Csr.class, CertConfigCommand.Upload.class,
                CertConfigCommand.Intermediates.class, CertConfigCommand.Import.class, CertConfigCommand.Export.class,
                CertConfigCommand.ExportPem.class, CertConfigCommand.Show.class, CertConfigCommand.Renew.class,
                CertConfigCommand.Delete.class, CertConfigCommand.Tlsa.class, CertAuthorityCommand.class})
final class CertConfigCommand implements Runnable {

    @ParentCommand
    PosternCli root;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a certconfig subcommand is required (see --help)");
    }

    /** Shared plumbing: open the API, print results, read and write files. */
    abstract static class Sub implements Runnable {
        @ParentCommand
        CertConfigCommand parent;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public final void run() {
            try (GatewayApi api = parent.root.open()) {
                execute(api.certificates(), spec.commandLine().getOut(), spec.commandLine().getErr());
            }
        }

        abstract void execute(CertificateApi certs, PrintWriter out, PrintWriter err);

        static byte[] read(Path file) {
            try {
                return Files.readAllBytes(file);
            } catch (IOException e) {
                throw new PosternException("cannot read " + file + ": " + e.getMessage());
            }
        }

        /** Writes {@code data}; files holding private keys are created owner-only (CERT-10). */
        static void write(Path file, byte[] data, boolean secret) {
            try {
                if (secret) {
                    Files.deleteIfExists(file);
                    SecureFiles.writeNewOwnerOnly(file, data);
                } else {
                    Files.write(file, data, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                            StandardOpenOption.WRITE);
                }
            } catch (IOException e) {
                throw new PosternException("cannot write " + file + ": " + e.getMessage());
            }
        }

        static void warnings(CertificateSummary s, PrintWriter err) {
            s.warnings().forEach(w -> err.println("warning: " + w));
        }
    }

    @Command(name = "create", description = "Create a key and a self-signed certificate.")
    static final class Create extends Sub {
        @Option(names = "--name", paramLabel = "N", description = "Entry name (default: the common name).") String name;
        @Option(names = "--cn", paramLabel = "CN", required = true, description = "Common name, the server's FQDN.") String cn;
        @Option(names = "--san", paramLabel = "NAME", split = ",", description = "Extra SAN DNS names (the CN is always included).")
        List<String> sans = new ArrayList<>();
        @Option(names = "--org", paramLabel = "O", description = "Organisation.") String org;
        @Option(names = "--unit", paramLabel = "U", description = "Organisational unit.") String unit;
        @Option(names = "--city", paramLabel = "L", description = "City or locality.") String city;
        @Option(names = "--state", paramLabel = "S", description = "State or province.") String state;
        @Option(names = "--country", paramLabel = "C", description = "Two-letter ISO 3166 code.") String country;
        @Option(names = "--days", paramLabel = "D", defaultValue = "365", description = "Validity in days (default: 365).")
        int days;
        @Option(names = "--key", paramLabel = "TYPE", defaultValue = "rsa2048",
                description = "rsa2048 (default), rsa3072, rsa4096, ec-p256, ec-p384, or legacy-rsa1024 (weak).")
        String key;
        @Option(names = "--fqdn-check", description = "Require CN and SANs to be valid FQDNs.") boolean fqdnCheck;

        @Override
        void execute(CertificateApi certs, PrintWriter out, PrintWriter err) {
            KeyType type = KeyType.fromCliName(key);
            if (type.legacy()) {
                err.println("warning: " + KeyType.LEGACY_WARNING);
            }
            CertificateSummary s = certs.createSelfSigned(new NewCertificateRequest(name, cn, sans, org, unit, city,
                    state, country, days, type, fqdnCheck));
            out.println("created '" + s.name() + "': " + s.subject() + ", " + s.keyDescription() + ", expires "
                    + s.notAfter());
            warnings(s, err);
        }
    }

    @Command(name = "csr", description = "Print the certificate signing request (PEM).")
    static final class Csr extends Sub {
        @Option(names = "--name", paramLabel = "N", required = true, description = "Entry name.") String name;
        @Option(names = "--out", paramLabel = "FILE", description = "Write to FILE instead of standard output.") Path outFile;

        @Override
        void execute(CertificateApi certs, PrintWriter out, PrintWriter err) {
            String pem = certs.certificateSigningRequest(name);
            if (outFile != null) {
                write(outFile, pem.getBytes(StandardCharsets.US_ASCII), false);
            } else {
                out.print(pem);
            }
        }
    }

    @Command(name = "upload", description = {"Install the CA-signed certificate (PEM, DER or PKCS#7) for an entry.",
            "When a listener serves it, the TLSA records published for its host names are checked first (DANE-7)."})
    static final class Upload extends Sub {
        @Option(names = "--name", paramLabel = "N", required = true, description = "Entry name.") String name;
        @Option(names = "--cert", paramLabel = "FILE", required = true, description = "The signed certificate.") Path cert;
        @Option(names = "--chain", paramLabel = "FILE", description = "Intermediate certificates.") Path chain;
        @Option(names = TlsaWarnings.OPTION, description = TlsaWarnings.OPTION_HELP) boolean ignoreTlsa;

        @Override
        void execute(CertificateApi certs, PrintWriter out, PrintWriter err) {
            byte[] c = read(cert);
            byte[] i = chain == null ? null : read(chain);
            if (ignoreTlsa) {
                TlsaWarnings.overridden(certs.checkUploadSigned(name, c, i), err);
            }
            CertificateSummary s = certs.uploadSigned(name, c, i, ignoreTlsa);
            out.println("'" + s.name() + "' is now CA-signed by " + s.issuer());
            warnings(s, err);
        }
    }

    @Command(name = "intermediates", description = "Add intermediate certificates to an entry's chain.")
    static final class Intermediates extends Sub {
        @Option(names = "--name", paramLabel = "N", required = true, description = "Entry name.") String name;
        @Option(names = "--file", paramLabel = "FILE", required = true) Path file;

        @Override
        void execute(CertificateApi certs, PrintWriter out, PrintWriter err) {
            CertificateSummary s = certs.addIntermediates(name, read(file));
            out.println("chain of '" + s.name() + "' now has " + certs.details(s.name()).chain().size() + " certificates");
            warnings(s, err);
        }
    }

    @Command(name = "import", description = "Import a PKCS#12 file as a new entry.")
    static final class Import extends Sub {
        @Option(names = "--name", paramLabel = "N", description = "Entry name (default: the file's friendly name or the CN).") String name;
        @Option(names = "--file", paramLabel = "FILE", required = true) Path file;
        @Option(names = "--password-file", paramLabel = "FILE", required = true, description = "File holding the password, or - for standard input.")
        Path passwordFile;
        @Option(names = "--fqdn-check", description = "Require CN and SANs to be valid FQDNs.") boolean fqdnCheck;

        @Override
        void execute(CertificateApi certs, PrintWriter out, PrintWriter err) {
            CertificateSummary s = certs.importPkcs12(name, read(file), Secrets.read(passwordFile, System.in), fqdnCheck);
            out.println("imported '" + s.name() + "': " + s.subject() + ", " + s.keyDescription());
            warnings(s, err);
        }
    }

    @Command(name = "export", description = "Export key and chain as PKCS#12.")
    static final class Export extends Sub {
        @Option(names = "--name", paramLabel = "N", required = true, description = "Entry name.") String name;
        @Option(names = "--file", paramLabel = "FILE", required = true) Path file;
        @Option(names = "--password-file", paramLabel = "FILE", required = true, description = "File holding the password, or - for standard input.")
        Path passwordFile;
        @Option(names = "--legacy", description = "3DES/SHA-1 protection for old systems (weak).") boolean legacy;

        @Override
        void execute(CertificateApi certs, PrintWriter out, PrintWriter err) {
            Pkcs12Encryption enc = legacy ? Pkcs12Encryption.LEGACY_3DES : Pkcs12Encryption.AES_256;
            if (legacy) {
                err.println("warning: " + Pkcs12Encryption.LEGACY_WARNING);
            }
            write(file, certs.exportPkcs12(name, Secrets.read(passwordFile, System.in), enc), true);
            out.println("exported '" + name + "' to " + file + " (" + enc.label() + ")");
        }
    }

    @Command(name = "pem", description = "Export as PEM: certificate, chain, chain-without-root, key-and-chain.")
    static final class ExportPem extends Sub {
        @Option(names = "--name", paramLabel = "N", required = true, description = "Entry name.") String name;
        @Option(names = "--bundle", paramLabel = "KIND", defaultValue = "chain",
                description = "certificate, chain (default), chain-without-root or key-and-chain.") String bundle;
        @Option(names = "--out", paramLabel = "FILE", description = "Write to FILE instead of standard output.") Path outFile;

        @Override
        void execute(CertificateApi certs, PrintWriter out, PrintWriter err) {
            PemBundle b = switch (bundle) {
                case "certificate" -> PemBundle.CERTIFICATE;
                case "chain" -> PemBundle.CHAIN;
                case "chain-without-root" -> PemBundle.CHAIN_WITHOUT_ROOT;
                case "key-and-chain" -> PemBundle.KEY_AND_CHAIN;
                default -> throw new PosternException("unknown bundle '" + bundle
                        + "'; choose certificate, chain, chain-without-root or key-and-chain");
            };
            String pem = certs.exportPem(name, b);
            if (outFile != null) {
                write(outFile, pem.getBytes(StandardCharsets.US_ASCII), b == PemBundle.KEY_AND_CHAIN);
            } else {
                if (b == PemBundle.KEY_AND_CHAIN) {
                    err.println("warning: the output holds the unencrypted private key");
                }
                out.print(pem);
            }
        }
    }

    @Command(name = "show", description = "Show an entry with its whole chain and fingerprints.")
    static final class Show extends Sub {
        @Option(names = "--name", paramLabel = "N", required = true, description = "Entry name.") String name;

        @Override
        void execute(CertificateApi certs, PrintWriter out, PrintWriter err) {
            CertificateDetails d = certs.details(name);
            out.println(d.summary().name() + " (" + d.summary().status().label() + (d.summary().demo() ? ", demo" : "") + ")");
            int depth = 0;
            for (CertificateView c : d.chain()) {
                String pad = "  ".repeat(depth++);
                out.println(pad + "subject:  " + c.subject());
                out.println(pad + "issuer:   " + c.issuer());
                out.println(pad + "serial:   " + c.serialNumberHex());
                out.println(pad + "valid:    " + c.notBefore() + " .. " + c.notAfter());
                out.println(pad + "SANs:     " + (c.dnsNames().isEmpty() ? "-" : String.join(", ", c.dnsNames())));
                out.println(pad + "key:      " + c.keyDescription() + ", signed " + c.signatureAlgorithm());
                out.println(pad + "SHA-256:  " + c.sha256Fingerprint());
                out.println(pad + "SHA-1:    " + c.sha1Fingerprint());
            }
            out.println("verdict:  " + d.verdict().summary());
            d.summary().warnings().forEach(w -> out.println("warning:  " + w));
        }
    }

    @Command(name = "renew", description = {"Renew a self-signed certificate with the same key.",
            "When a listener serves it, the TLSA records published for its host names are checked first (DANE-7)."})
    static final class Renew extends Sub {
        @Option(names = "--name", paramLabel = "N", required = true, description = "Entry name.") String name;
        @Option(names = "--days", paramLabel = "D", defaultValue = "365", description = "Validity in days (default: 365).") int days;
        @Option(names = TlsaWarnings.OPTION, description = TlsaWarnings.OPTION_HELP) boolean ignoreTlsa;

        @Override
        void execute(CertificateApi certs, PrintWriter out, PrintWriter err) {
            if (ignoreTlsa) {
                TlsaWarnings.overridden(certs.checkRenew(name, days), err);
            }
            CertificateSummary s = certs.renew(name, days, ignoreTlsa);
            out.println("renewed '" + s.name() + "' until " + s.notAfter()
                    + "; the key is unchanged, so TLSA 3 1 1 records stay valid");
        }
    }

    @Command(name = "delete", description = "Delete an entry (refused while it is in use).")
    static final class Delete extends Sub {
        @Option(names = "--name", paramLabel = "N", required = true, description = "Entry name.") String name;

        @Override
        void execute(CertificateApi certs, PrintWriter out, PrintWriter err) {
            certs.delete(name);
            out.println("deleted '" + name + "'");
        }
    }

    @Command(name = "tlsa", description = {"Print the TLSA record for an entry (DANE-7).",
            "With --next or --next-file: the pair for a planned key rollover, the current certificate's record and"
                    + " the next one's. Publish both, wait at least twice the TLSA TTL, then switch the listener."})
    static final class Tlsa extends Sub {
        @Option(names = "--name", paramLabel = "N", required = true, description = "The entry served now.") String name;
        @Option(names = "--usage", paramLabel = "U", defaultValue = "3", description = "Certificate usage (default: 3, DANE-EE).") int usage;
        @Option(names = "--selector", paramLabel = "S", defaultValue = "1", description = "Selector (default: 1, the public key).") int selector;
        @Option(names = "--matching", paramLabel = "M", defaultValue = "1", description = "Matching type (default: 1, SHA-256).") int matching;
        @Option(names = "--host", paramLabel = "H", description = "MX host name (default: the certificate's first DNS name).") String host;
        @Option(names = "--port", paramLabel = "PORT", defaultValue = "25", description = "Port (default: 25).") int port;
        @Option(names = "--next", paramLabel = "NAME",
                description = "The stored entry that will replace --name (e.g. a new key with its CSR pending).")
        String next;
        @Option(names = "--next-file", paramLabel = "FILE",
                description = "The certificate that will replace --name (PEM, DER or PKCS#7; leaf first).")
        Path nextFile;

        @Override
        void execute(CertificateApi certs, PrintWriter out, PrintWriter err) {
            String h = host;
            if (h == null) {
                CertificateSummary s = certs.details(name).summary();
                h = s.dnsNames().isEmpty() ? s.commonName() : s.dnsNames().getFirst();
                if (h == null) {
                    throw new PosternException("the certificate names no host; give --host");
                }
            }
            TlsaRequest request = new TlsaRequest(usage, selector, matching, h, port);
            if (next == null && nextFile == null) {
                TlsaRecord r = certs.tlsaRecord(name, request);
                out.println(r.zoneLine());
                r.notes().forEach(n -> err.println("note: " + n));
                return;
            }
            if (next != null && nextFile != null) {
                throw new PosternException("give --next or --next-file, not both");
            }
            List<TlsaRecord> pair = certs.tlsaRollover(name, next, nextFile == null ? null : read(nextFile), request);
            out.println("; current: '" + name + "'");
            out.println(pair.getFirst().zoneLine());
            out.println("; next: " + (next != null ? "'" + next + "'" : nextFile.getFileName()));
            out.println(pair.getLast().zoneLine());
            java.util.LinkedHashSet<String> notes = new java.util.LinkedHashSet<>(pair.getFirst().notes());
            notes.addAll(pair.getLast().notes());
            notes.forEach(n -> err.println("note: " + n));
        }
    }
}
