package org.postern.engine.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.postern.engine.api.FileInspection.Kind;
import org.postern.engine.api.KeyType;
import org.postern.engine.api.Pkcs12Encryption;

/** CON-5 file-type detection over every format we read. */
class FileInspectorTest {

    final TestCa ca = new TestCa();

    @Test
    void detectsEachFormat() throws Exception {
        byte[] pem = TestCa.pem(ca.intermediate, ca.root);
        assertThat(FileInspector.inspect(pem).kind()).isEqualTo(Kind.PEM);
        assertThat(FileInspector.inspect(pem).certificates()).hasSize(2);
        assertThat(FileInspector.inspect(ca.root.getEncoded()).kind()).isEqualTo(Kind.DER_CERTIFICATE);

        String bare = Base64.getMimeEncoder().encodeToString(ca.root.getEncoded());
        assertThat(FileInspector.inspect(bare.getBytes(StandardCharsets.US_ASCII)).kind()).isEqualTo(Kind.DER_CERTIFICATE);

        var keys = KeyPairs.generate(KeyType.EC_P256);
        var cert = CertificateIssuer.selfSigned(keys, SubjectName.of("a.example.com", null, null, null, null, null),
                List.of("a.example.com"), 10);
        byte[] p12 = Pkcs12Codec.write("a", keys.getPrivate(), List.of(cert), "pw".toCharArray(), Pkcs12Encryption.AES_256);
        assertThat(FileInspector.inspect(p12).kind()).isEqualTo(Kind.PKCS12);

        String csr = Pem.encode(CsrFactory.create(SubjectName.of("a.example.com", null, null, null, null, null),
                List.of("a.example.com"), keys.getPublic(), keys.getPrivate()));
        assertThat(FileInspector.inspect(csr.getBytes(StandardCharsets.US_ASCII)).kind()).isEqualTo(Kind.CSR);
        assertThat(FileInspector.inspect(Pem.decode(csr).getFirst().der()).kind()).isEqualTo(Kind.CSR);

        var both = (Pem.encode(keys.getPrivate()) + Pem.encode(cert)).getBytes(StandardCharsets.US_ASCII);
        var inspection = FileInspector.inspect(both);
        assertThat(inspection.kind()).isEqualTo(Kind.PEM);
        assertThat(inspection.privateKeys()).isEqualTo(1);
        assertThat(inspection.description()).isEqualTo("PEM with 1 certificate, 1 private key");
        assertThat(FileInspector.inspect(Pem.encode(keys.getPrivate()).getBytes(StandardCharsets.US_ASCII)).kind())
                .isEqualTo(Kind.PRIVATE_KEY);
        assertThat(FileInspector.inspect(keys.getPrivate().getEncoded()).kind()).isEqualTo(Kind.PRIVATE_KEY);
    }

    @Test
    void garbageIsUnknownWithAReason() {
        assertThat(FileInspector.inspect(new byte[] {1, 2, 3, 4}).kind()).isEqualTo(Kind.UNKNOWN);
        assertThat(FileInspector.inspect("just words".getBytes(StandardCharsets.US_ASCII)).description())
                .contains("not a recognised");
        assertThat(FileInspector.inspect("-----BEGIN CERTIFICATE-----\nAAAA\n".getBytes(StandardCharsets.US_ASCII)).description())
                .contains("no complete PEM block");
        assertThat(FileInspector.inspect(new byte[0]).description()).isEqualTo("the file is empty");
    }

    @Test
    void garbageBetweenPemBlocksIsIgnoredButABrokenBlockIsNamed() {
        String two = "junk before\n" + Pem.encode(ca.intermediate) + "\n%%% garbage %%%\n" + Pem.encode(ca.root);
        assertThat(CertificateReader.read(two.getBytes(StandardCharsets.US_ASCII))).hasSize(2);
        String broken = Pem.encode(ca.root) + "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CertificateReader.read(broken.getBytes(StandardCharsets.US_ASCII)))
                .hasMessage("PEM block 2 is labelled CERTIFICATE but is not a valid X.509 certificate");
    }
}
