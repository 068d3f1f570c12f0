package org.postern.console.trust;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.console.common.CurrentThreadTaskExecutor;
import org.postern.console.common.Operation;
import org.postern.console.testsupport.RecordingDialogService;
import org.postern.console.testsupport.TestCa;
import org.postern.console.testsupport.TinySmtpServer;
import org.postern.engine.EmbeddedGateway;
import org.postern.engine.api.CaListApi;
import org.postern.engine.api.CaListApi.CaList;

/** The Certificate Authorities page's view models against the real embedded engine (CA-1..6). */
class CaListsViewModelTest {

    @TempDir
    Path dir;

    private EmbeddedGateway gateway;
    private CaListApi api;
    private final RecordingDialogService dialogs = new RecordingDialogService();
    private CaListsViewModel vm;

    @BeforeEach
    void open() {
        gateway = EmbeddedGateway.open(dir.resolve("data"));
        api = gateway.caLists();
        vm = new CaListsViewModel(api, new CurrentThreadTaskExecutor(), dialogs);
        vm.refresh();
    }

    @AfterEach
    void close() {
        gateway.close();
    }

    private Path file(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content);
    }

    private int importFile(Path file, boolean fqdn) {
        CaImportModel m = vm.importModel();
        m.fileProperty().set(file.toString());
        m.fqdnCheckProperty().set(fqdn);
        assertThat(m.fileProblem()).isNull();
        m.importFile(vm::imported);
        return m.importing().getState() == Operation.State.SUCCEEDED ? m.importing().getResult() : -1;
    }

    @Test
    void showsTheSystemListWithItsFactsAndAnEmptyCustomList() {
        assertThat(vm.loadedProperty().get()).isTrue();
        var system = vm.systemProperty().get();
        assertThat(system.enabled()).isTrue();
        assertThat(system.count()).isPositive();
        assertThat(system.version()).isNotBlank();
        assertThat(system.updated()).isNotNull();
        assertThat(vm.certificates()).hasSize(system.count());
        assertThat(vm.customProperty().get().count()).isZero();

        String someSubject = vm.certificates().getFirst().subject();
        vm.filterTextProperty().set(someSubject);
        assertThat(vm.filteredCertificates()).isNotEmpty().allMatch(c -> c.subject().contains(someSubject));
        String fingerprint = vm.certificates().get(1).sha256Fingerprint().replace(":", "").toLowerCase();
        vm.filterTextProperty().set(fingerprint);
        assertThat(vm.filteredCertificates()).hasSize(1);
        vm.filterTextProperty().set("");
        assertThat(vm.filteredCertificates()).hasSize(system.count());
    }

    @Test
    void listsAreEnabledAndDisabled() {
        dialogs.confirmAnswer = false;
        assertThat(vm.setEnabled(CaList.SYSTEM, false)).isFalse();
        assertThat(dialogs.questions).containsExactly("Stop trusting the system CA list?");
        assertThat(api.info(CaList.SYSTEM).enabled()).as("declined: nothing changes").isTrue();
        dialogs.confirmAnswer = true;
        vm.setEnabled(CaList.SYSTEM, false);
        assertThat(api.info(CaList.SYSTEM).enabled()).isFalse();
        assertThat(vm.systemProperty().get().enabled()).isFalse();
        assertThat(vm.statusProperty().get()).contains("disabled");
        vm.setEnabled(CaList.CUSTOM, false);
        assertThat(api.info(CaList.CUSTOM).enabled()).isFalse();
        vm.setEnabled(CaList.SYSTEM, true);
        assertThat(api.info(CaList.SYSTEM).enabled()).isTrue();
        assertThat(dialogs.questions).as("enabling and the custom list ask nothing").hasSize(2);
        assertThat(dialogs.errors).isEmpty();
    }

    @Test
    void importAddsCaCertificatesAndShowsTheCustomList() throws Exception {
        Path pem = file("cas.pem", new TestCa("Partner Root A").certificatePem() + new TestCa("Partner Root B").certificatePem());
        assertThat(importFile(pem, false)).isEqualTo(2);
        assertThat(vm.shownProperty().get()).isEqualTo(CaList.CUSTOM);
        assertThat(vm.customProperty().get().count()).isEqualTo(2);
        assertThat(vm.certificates()).extracting(c -> c.subject()).anyMatch(s -> s.contains("Partner Root A"));
        assertThat(vm.statusProperty().get()).isEqualTo("Added 2 certificates to the custom CA list.");
        // the same file again adds nothing
        assertThat(importFile(pem, false)).isZero();
        assertThat(vm.customProperty().get().count()).isEqualTo(2);
    }

    @Test
    void aNonCaCertificateIsRefusedWithTheEngineReasonAndNothingIsImported() throws Exception {
        TestCa ca = new TestCa("Issuer");
        try (TinySmtpServer server = new TinySmtpServer("mx.example.com", ca)) {
            Path pem = file("mixed.pem", ca.certificatePem() + server.leafPem());
            CaImportModel m = vm.importModel();
            m.fileProperty().set(pem.toString());
            m.importFile(vm::imported);
            assertThat(m.importing().getState()).isEqualTo(Operation.State.FAILED);
            assertThat(m.importing().getError()).startsWith("nothing imported: ").contains("is not a CA certificate");
        }
        assertThat(api.info(CaList.CUSTOM).count()).isZero();
        vm.refresh();
        assertThat(vm.customProperty().get().count()).isZero();
    }

    @Test
    void importChecksTheFileFirst() {
        CaImportModel m = vm.importModel();
        assertThat(m.fileProblem()).startsWith("Choose a PEM file");
        m.fileProperty().set(dir.resolve("missing.pem").toString());
        assertThat(m.fileProblem()).startsWith("No such file");
    }

    @Test
    void oneRootIsDownloadedAndDeletedAndEitherListExported() throws Exception {
        importFile(file("ca.pem", new TestCa("Own Root").certificatePem()), false);
        var root = vm.certificates().getFirst();
        vm.selectedProperty().set(root);

        Path one = dir.resolve("one.pem");
        vm.download(root, one);
        assertThat(Files.readString(one)).isEqualTo(root.pem()).startsWith("-----BEGIN CERTIFICATE-----");

        Path custom = dir.resolve("custom.pem");
        vm.export(CaList.CUSTOM, custom);
        assertThat(Files.readString(custom)).contains(root.pem()).startsWith("# Postern custom CA list: 1 certificate");
        assertThat(vm.statusProperty().get()).contains("(1 certificate)").contains(custom.toString());
        Path system = dir.resolve("system.pem");
        vm.export(CaList.SYSTEM, system);
        long blocks = Files.readString(system).lines().filter(l -> l.equals("-----BEGIN CERTIFICATE-----")).count();
        assertThat(blocks).isEqualTo(api.info(CaList.SYSTEM).count());

        dialogs.confirmAnswer = false;
        vm.deleteCustom(root);
        assertThat(api.info(CaList.CUSTOM).count()).isEqualTo(1);
        dialogs.confirmAnswer = true;
        vm.deleteCustom(root);
        assertThat(api.info(CaList.CUSTOM).count()).isZero();
        assertThat(vm.customProperty().get().count()).isZero();
        assertThat(vm.certificates()).isEmpty();
        // the system list's roots cannot be deleted: the action is for the custom list only
        vm.shownProperty().set(CaList.SYSTEM);
        vm.deleteCustom(vm.certificates().getFirst());
        assertThat(dialogs.questions).hasSize(2);
    }

    @Test
    void theSystemListIsUpdatedFromAFileWithAVersionOrFromTheOperatingSystem() throws Exception {
        SystemUpdateModel m = vm.systemUpdateModel();
        m.fileProperty().set(file("bundle.pem", new TestCa("Bundle Root").certificatePem()).toString());
        assertThat(m.pageProblem()).startsWith("Enter a version");
        m.versionProperty().set("x".repeat(101));
        assertThat(m.versionProblem()).isEqualTo("the version must be one line of at most 100 characters");
        m.versionProperty().set("2025\n06");
        assertThat(m.versionProblem()).as("two lines, which the engine refuses").isEqualTo(
                "the version must be one line of at most 100 characters");
        m.versionProperty().set("test-2");
        assertThat(m.pageProblem()).isNull();
        m.update(vm::systemUpdated);
        assertThat(m.update().getError()).isNull();
        assertThat(api.info(CaList.SYSTEM).version()).isEqualTo("test-2");
        assertThat(vm.systemProperty().get().count()).isEqualTo(1);
        assertThat(vm.certificates()).hasSize(1);

        boolean osStore = CaListApiStores.anyReadable();
        vm.updateFromOperatingSystem();
        if (osStore) {
            assertThat(vm.systemUpdate().getError()).isNull();
            assertThat(vm.systemProperty().get().version()).startsWith("os-");
            assertThat(vm.systemProperty().get().count()).isGreaterThan(1);
        } else {
            assertThat(dialogs.errors).anyMatch(e -> e.startsWith("no operating system trust store found"));
        }
    }

    /** Whether this machine has one of the trust stores the engine looks for. */
    private static final class CaListApiStores {
        static boolean anyReadable() {
            return org.postern.engine.trust.CaListService.OPERATING_SYSTEM_TRUST_STORES.stream()
                    .anyMatch(Files::isReadable);
        }
    }
}
