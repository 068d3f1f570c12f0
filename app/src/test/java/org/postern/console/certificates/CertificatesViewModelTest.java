package org.postern.console.certificates;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.console.common.BackgroundTask;
import org.postern.console.common.CurrentThreadTaskExecutor;
import org.postern.console.common.Operation;
import org.postern.console.common.TaskExecutor;
import org.postern.console.common.TaskHandle;
import org.postern.console.testsupport.RecordingDialogService;
import org.postern.console.testsupport.TestCa;
import org.postern.engine.EmbeddedGateway;
import org.postern.engine.api.CertificateApi;
import org.postern.engine.api.CertificateStatus;
import org.postern.engine.api.CertificateSummary;
import org.postern.engine.api.ListenerSpec;
import org.postern.engine.api.KeyType;
import org.postern.engine.api.NewCertificateRequest;
import org.postern.engine.api.Pkcs12Encryption;
import org.postern.engine.api.PosternException;

/** The certificates page's view models against the real embedded engine, without a stage. */
class CertificatesViewModelTest {

    @TempDir
    Path dir;

    private EmbeddedGateway gateway;
    private CertificateApi api;
    private final TaskExecutor executor = new CurrentThreadTaskExecutor();
    private final RecordingDialogService dialogs = new RecordingDialogService();
    private CertificatesViewModel vm;

    @BeforeEach
    void open() {
        gateway = EmbeddedGateway.open(dir.resolve("data"));
        api = gateway.certificates();
        vm = new CertificatesViewModel(api, executor, dialogs);
        vm.refresh();
    }

    @AfterEach
    void close() {
        gateway.close();
    }

    private CertificateSummary create(String cn, String... extraSans) {
        CreateCertificateModel model = new CreateCertificateModel(api, executor, vm::names);
        model.commonNameProperty().set(cn);
        if (extraSans.length > 0) {
            model.dnsNamesProperty().set(cn + ", " + String.join(", ", extraSans));
        }
        model.keyTypeProperty().set(KeyType.EC_P256);
        model.create(() -> vm.refresh(model.creation().getResult().name()));
        assertThat(model.creation().getError()).isNull();
        return model.creation().getResult();
    }

    private CertificateSummary row(String name) {
        return vm.certificates().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void listsTheDemoCertificateWithItsWarning() {
        assertThat(vm.certificates()).anySatisfy(s -> {
            assertThat(s.demo()).isTrue();
            assertThat(s.warnings()).anyMatch(w -> w.contains("not secure"));
        });
        assertThat(vm.loadedProperty().get()).isTrue();
        assertThat(vm.expiryWarningDaysProperty().get()).isEqualTo(30);
    }

    @Test
    void createSelfSignedDefaultsNameToCnAndPutsCnFirstAmongSans() {
        CertificateSummary s = create("mx1.example.com", "mail.example.com");
        assertThat(s.name()).isEqualTo("mx1.example.com");
        assertThat(s.dnsNames()).containsExactly("mx1.example.com", "mail.example.com");
        assertThat(vm.selectedProperty().get().name()).isEqualTo("mx1.example.com");
        assertThat(vm.detailsProperty().get().chain()).hasSize(1);
        assertThat(vm.detailsProperty().get().leaf().sha256Fingerprint()).isNotBlank();
    }

    /**
     * The create wizard shows what the engine says when the same request is submitted: the message of
     * the certificate API's refusal, word for word, or nothing when the engine creates the certificate.
     */
    @Test
    void createWizardProblemsAreTheEnginesRefusals() {
        int n = 0;
        for (boolean fqdnCheck : new boolean[] {true, false}) {
            for (String cn : List.of("mail.example.com", "mail.example.com.", "mail", "*.example.com", "*.com",
                    "under_score.example.com", "192.0.2.1", "a".repeat(65) + ".example.com", "My Gateway")) {
                for (String sans : List.of("", "mx.example.com", "mx.example.com.", "bad name.example.com", "*.example.org")) {
                    CreateCertificateModel model = new CreateCertificateModel(api, executor, vm::names);
                    model.fqdnCheckProperty().set(fqdnCheck);
                    model.commonNameProperty().set(cn);
                    model.dnsNamesProperty().set(sans);
                    model.nameProperty().set("entry " + n++);
                    model.keyTypeProperty().set(KeyType.EC_P256);
                    String engine;
                    try {
                        api.createSelfSigned(model.request());
                        engine = null;
                    } catch (PosternException e) {
                        engine = e.getMessage();
                    }
                    assertThat(model.subjectPageProblem()).as("CN %s, SANs %s, check %s", cn, sans, fqdnCheck)
                            .isEqualTo(engine);
                }
            }
        }
        CreateCertificateModel model = new CreateCertificateModel(api, executor, vm::names);
        model.commonNameProperty().set("mail.example.com.");
        assertThat(model.subjectPageProblem()).as("a root dot the console's own rule used to accept")
                .isEqualTo("common name 'mail.example.com.' is not a valid fully-qualified domain name: it ends with a dot;"
                        + " give the name without the root dot");
        model.commonNameProperty().set("mail.example.com");
        model.nameProperty().set("long organization");
        model.organizationProperty().set("O".repeat(65));
        String engine;
        try {
            api.createSelfSigned(model.request());
            engine = null;
        } catch (PosternException e) {
            engine = e.getMessage();
        }
        assertThat(model.subjectPageProblem()).isNotNull().isEqualTo(engine);
        model.organizationProperty().set("Example Org");
        assertThat(model.subjectPageProblem()).isNull();
        model.validityDaysProperty().set(36_501);
        assertThat(model.keyPageProblem()).isEqualTo("validity must be between 1 and 36500 days, not 36501");
    }

    @Test
    void createWizardChecksAsYouTypeAndSansFollowCnUntilEdited() {
        CreateCertificateModel model = new CreateCertificateModel(api, executor, vm::names);
        assertThat(model.subjectPageProblem()).contains("common name");
        model.commonNameProperty().set("mail");
        assertThat(model.subjectPageProblem()).contains("not fully qualified");
        model.commonNameProperty().set("mail.example.com");
        assertThat(model.dnsNamesProperty().get()).isEqualTo("mail.example.com");
        assertThat(model.subjectPageProblem()).isNull();
        model.countryProperty().set("XX");
        assertThat(model.subjectPageProblem()).contains("ISO 3166");
        model.countryProperty().set("de");
        assertThat(model.subjectPageProblem()).isNull();
        model.dnsNamesProperty().set("mail.example.com, mx.example.com");
        model.commonNameProperty().set("smtp.example.com");
        assertThat(model.dnsNamesProperty().get()).isEqualTo("mail.example.com, mx.example.com");
        assertThat(model.allDnsNames()).containsExactly("smtp.example.com", "mail.example.com", "mx.example.com");
        model.nameProperty().set("demo");
        assertThat(model.nameProblem()).contains("already exists");
        assertThat(model.keyTypes()).doesNotContain(KeyType.LEGACY_RSA_1024);
        model.allowLegacyProperty().set(true);
        assertThat(model.keyTypes()).contains(KeyType.LEGACY_RSA_1024);
        model.keyTypeProperty().set(KeyType.LEGACY_RSA_1024);
        assertThat(model.keyWarning()).isEqualTo(KeyType.LEGACY_WARNING);
        model.allowLegacyProperty().set(false);
        assertThat(model.keyTypeProperty().get()).isEqualTo(KeyType.RSA_2048);
    }

    @Test
    void engineRefusalIsShownVerbatimAndChangesNothing() {
        create("mx1.example.com");
        int before = vm.certificates().size();
        CreateCertificateModel model = new CreateCertificateModel(api, executor, List::of);
        model.commonNameProperty().set("mx1.example.com");
        model.keyTypeProperty().set(KeyType.EC_P256);
        model.create(() -> { });
        assertThat(model.creation().getState()).isEqualTo(Operation.State.FAILED);
        assertThat(model.creation().getError())
                .isEqualTo("a certificate named 'mx1.example.com' already exists; choose another name");
        vm.refresh();
        assertThat(vm.certificates()).hasSize(before);
    }

    @Test
    void cancellingCreationRemovesTheEntryTheEngineMade() {
        TaskExecutor cancelled = new TaskExecutor() {
            @Override
            public <V> TaskHandle execute(BackgroundTask<V> task) {
                try {
                    task.work().run(new BackgroundTask.Progress() {
                        @Override public void update(double fraction, String message) { }
                        @Override public boolean isCancelled() { return true; }
                    });
                } catch (CancellationException expected) {
                    // the work noticed
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
                return TaskHandle.DONE;
            }

            @Override
            public void close() { }
        };
        CreateCertificateModel model = new CreateCertificateModel(api, cancelled, List::of);
        model.commonNameProperty().set("cancelled.example.com");
        model.keyTypeProperty().set(KeyType.EC_P256);
        model.create(() -> { });
        assertThat(api.list()).noneMatch(s -> s.name().equals("cancelled.example.com"));
    }

    @Test
    void filterMatchesNameCnSansIssuerAndSubject() {
        create("mx1.example.com", "mail.example.org");
        create("relay.example.net");
        vm.filterTextProperty().set("mail.example.org");
        assertThat(vm.filteredCertificates()).extracting(CertificateSummary::name).containsExactly("mx1.example.com");
        vm.filterTextProperty().set("RELAY");
        assertThat(vm.filteredCertificates()).extracting(CertificateSummary::name).containsExactly("relay.example.net");
        vm.filterTextProperty().set("example self-signed");
        assertThat(vm.filteredCertificates()).hasSize(2);
        vm.filterTextProperty().set("no-such-thing");
        assertThat(vm.filteredCertificates()).isEmpty();
        vm.filterTextProperty().set("");
        assertThat(vm.filteredCertificates()).hasSize(vm.certificates().size());
    }

    @Test
    void csrThenUploadOfTheCaSignedCertificate() {
        create("mx1.example.com");
        Operation<String> csr = new Operation<>();
        vm.certificateSigningRequest("mx1.example.com", csr);
        assertThat(csr.getResult()).startsWith("-----BEGIN CERTIFICATE REQUEST-----");
        assertThat(row("mx1.example.com").status()).isEqualTo(CertificateStatus.CSR_PENDING);

        TestCa ca = new TestCa("Test Issuing CA");
        String signed = ca.sign(csr.getResult(), 90);
        Operation<CertificateSummary> upload = new Operation<>();
        vm.uploadSigned("mx1.example.com", signed.getBytes(StandardCharsets.US_ASCII),
                ca.certificatePem().getBytes(StandardCharsets.US_ASCII), upload);
        assertThat(upload.getError()).isNull();
        assertThat(row("mx1.example.com").status()).isEqualTo(CertificateStatus.CA_SIGNED);
        assertThat(vm.detailsProperty().get().chain()).hasSize(2);
    }

    @Test
    void uploadOfACertificateForAnotherKeyIsRefusedWithTheEngineReason() throws Exception {
        create("mx1.example.com");
        create("other.example.com");
        Operation<String> csr = new Operation<>();
        vm.certificateSigningRequest("other.example.com", csr);
        String signedForOther = new TestCa("CA").sign(csr.getResult(), 30);
        Path file = dir.resolve("other.pem");
        Files.writeString(file, signedForOther);

        UploadSignedModel model = new UploadSignedModel(api, executor, "mx1.example.com");
        model.certificateFileProperty().set(file.toString());
        assertThat(model.pageProblem()).isNull();
        model.upload(() -> { }, vm.rollover());
        assertThat(model.upload().getError()).isEqualTo("certificate does not match the private key of mx1.example.com");
        assertThat(api.details("mx1.example.com").summary().status()).isEqualTo(CertificateStatus.SELF_SIGNED);
    }

    @Test
    void exportThenImportPkcs12() throws Exception {
        create("mx1.example.com");
        ExportPkcs12Model export = new ExportPkcs12Model(api, executor, "mx1.example.com");
        export.passwordProperty().set("s3cret");
        export.confirmationProperty().set("s3cre");
        assertThat(export.pageProblem()).isEqualTo("The passwords do not match");
        export.confirmationProperty().set("s3cret");
        assertThat(export.pageProblem()).isEqualTo("Choose where to save the file");
        Path p12 = dir.resolve("out.p12");
        export.fileTextProperty().set(p12.toString());
        assertThat(export.pageProblem()).isNull();
        export.export(() -> { });
        assertThat(export.export().getError()).isNull();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(p12)) {
            ks.load(in, "s3cret".toCharArray());
        }
        assertThat(ks.size()).isEqualTo(1);
        if (p12.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(p12)))
                    .isEqualTo("rw-------");
        }

        ImportPkcs12Model model = new ImportPkcs12Model(api, executor, vm::names);
        model.fileTextProperty().set(p12.toString());
        model.passwordProperty().set("wrong");
        assertThat(model.filePageProblem()).isNull();
        model.read();
        assertThat(model.reading().getError()).startsWith("wrong password");
        assertThat(model.namePageProblem()).isEqualTo("Enter the password again, or go back to choose another file");
        model.passwordProperty().set("s3cret");
        model.read();
        assertThat(model.reading().getResult().chain().getFirst().dnsNames()).containsExactly("mx1.example.com");
        assertThat(model.nameProperty().get()).isNotBlank();
        model.nameProperty().set("mx1.example.com");
        assertThat(model.namePageProblem()).contains("already exists");
        model.nameProperty().set("imported");
        assertThat(model.namePageProblem()).isNull();
        model.importFile(() -> vm.refresh("imported"));
        assertThat(row("imported").status()).isEqualTo(CertificateStatus.IMPORTED);
    }

    @Test
    void legacyPkcs12ExportCarriesAWarning() {
        ExportPkcs12Model export = new ExportPkcs12Model(api, executor, "x");
        assertThat(export.encryptionWarning()).isNull();
        export.encryptionProperty().set(Pkcs12Encryption.LEGACY_3DES);
        assertThat(export.encryptionWarning()).contains("3DES");
        ExportPkcs12Model empty = new ExportPkcs12Model(api, executor, "x");
        assertThat(empty.pageProblem()).startsWith("Enter a password");
    }

    @Test
    void tlsaRecordAndRenewalWithTheSameKeyKeepsIt() {
        create("mx1.example.com");
        TlsaModel tlsa = new TlsaModel(api, executor, "mx1.example.com", "mx1.example.com");
        assertThat(tlsa.request().usage()).isEqualTo(3);
        assertThat(tlsa.request().selector()).isEqualTo(1);
        assertThat(tlsa.request().matchingType()).isEqualTo(1);
        assertThat(tlsa.request().port()).isEqualTo(25);
        tlsa.generate();
        String before = tlsa.generation().getResult().zoneLine();
        assertThat(before).matches("_25\\._tcp\\.mx1\\.example\\.com\\. IN TLSA 3 1 1 [0-9a-f]{64}");

        CertificateSummary old = row("mx1.example.com");
        RenewModel renew = new RenewModel(api, executor, "mx1.example.com");
        renew.validityDaysProperty().set(800);
        renew.renew(() -> vm.refresh("mx1.example.com"), vm.rollover());
        assertThat(renew.renewal().getError()).isNull();
        assertThat(row("mx1.example.com").notAfter()).isAfter(old.notAfter());

        tlsa.generate();
        assertThat(tlsa.generation().getResult().zoneLine()).isEqualTo(before);
        assertThat(RenewModel.TLSA_NOTE).contains("3 1 1").contains("remain valid");
    }

    @Test
    void deleteAsksFirstAndEngineRefusalsAreShown() {
        create("gone.example.com");
        dialogs.confirmAnswer = false;
        vm.delete(row("gone.example.com"));
        assertThat(vm.names()).contains("gone.example.com");
        dialogs.confirmAnswer = true;
        vm.delete(row("gone.example.com"));
        assertThat(vm.names()).doesNotContain("gone.example.com");
        assertThat(dialogs.questions).hasSize(2);

        CertificateSummary demo = vm.certificates().stream().filter(CertificateSummary::demo).findFirst().orElseThrow();
        vm.delete(demo);
        assertThat(vm.names()).contains(demo.name());
    }

    @Test
    void aCertificateInUseIsNotOfferedForDeletionAndTheDialogSaysWhoUsesIt() {
        create("inuse.example.com");
        ListenerSpec incoming = gateway.listeners().get("IncomingMail");
        gateway.listeners().update("IncomingMail", incoming.withCertificate("inuse.example.com"));
        vm.refresh();
        vm.delete(row("inuse.example.com"));
        assertThat(dialogs.questions).as("no question whose answer the engine would refuse").isEmpty();
        assertThat(dialogs.warnings).singleElement().asString()
                .startsWith("\"inuse.example.com\" is used by listener IncomingMail, so it cannot be deleted.");
        assertThat(vm.names()).contains("inuse.example.com");
        assertThat(dialogs.errors).isEmpty();
    }

    @Test
    void expiryThresholdFlagsCertificatesAndCountsThem() {
        NewCertificateRequest shortLived = new NewCertificateRequest("short", "short.example.com", List.of(), null,
                null, null, null, null, 100, KeyType.EC_P256, true);
        api.createSelfSigned(shortLived);
        vm.refresh();
        assertThat(vm.expiringCountProperty().get()).isZero();
        vm.saveExpiryWarningDays(200);
        assertThat(vm.expiryWarningDaysProperty().get()).isEqualTo(200);
        assertThat(vm.expiringCountProperty().get()).isGreaterThanOrEqualTo(1);
        assertThat(row("short").expiry()).isEqualTo(CertificateSummary.Expiry.EXPIRING);
        assertThat(ExpiryBadge.of(row("short")).style()).isEqualTo("warning");
    }

    @Test
    void pastedPemDroppedPkcs12AndCsrLeadToTheMatchingAction() throws Exception {
        create("mx1.example.com");
        List<Intake> seen = new java.util.ArrayList<>();
        vm.setIntakeHandler(seen::add);

        String pem = api.exportPem("mx1.example.com", org.postern.engine.api.PemBundle.CERTIFICATE);
        String indented = pem.lines().map(l -> "    " + l).collect(java.util.stream.Collectors.joining("\n"));
        vm.pasteText(indented);
        assertThat(seen.getLast().action()).isEqualTo(Intake.Action.INSTALL_CERTIFICATES);

        String bare = pem.lines().filter(l -> !l.startsWith("-----")).collect(java.util.stream.Collectors.joining("\n"));
        vm.pasteText(bare);
        assertThat(seen.getLast().action()).isEqualTo(Intake.Action.INSTALL_CERTIFICATES);
        assertThat(seen.getLast().inspection().certificates()).hasSize(1);

        Path p12 = dir.resolve("x.p12");
        Files.write(p12, api.exportPkcs12("mx1.example.com", "pw".toCharArray(), Pkcs12Encryption.AES_256));
        vm.openFile(p12);
        assertThat(seen.getLast().action()).isEqualTo(Intake.Action.IMPORT_PKCS12);

        Path csr = dir.resolve("x.csr");
        Files.writeString(csr, api.certificateSigningRequest("mx1.example.com"));
        vm.openFile(csr);
        assertThat(seen.getLast().action()).isEqualTo(Intake.Action.EXPLAIN);
        assertThat(seen.getLast().explanation()).contains("certificate signing request");

        vm.pasteText("this is not a certificate");
        assertThat(dialogs.errors).singleElement().asString().contains("no PEM block");
    }
}
