package org.postern.console.testsupport;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * A tiny SMTP receiver on loopback for "Test this destination": greeting, EHLO with STARTTLS, the
 * TLS handshake with a certificate for {@code serverName} issued by a {@link TestCa}, EHLO again,
 * QUIT. Enough for the engine's probe, which sends no mail.
 */
public final class TinySmtpServer implements AutoCloseable {

    private final ServerSocket server;
    private final SSLContext tls;
    private final String leafPem;
    private final AtomicInteger handshakes = new AtomicInteger();

    public TinySmtpServer(String serverName, TestCa ca) throws Exception {
        this(serverName, ca, InetAddress.getLoopbackAddress());
    }

    /** Listens on {@code address}, an ephemeral port. */
    public TinySmtpServer(String serverName, TestCa ca, InetAddress address) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair key = generator.generateKeyPair();
        ExtensionsGenerator extensions = new ExtensionsGenerator();
        extensions.addExtension(Extension.subjectAlternativeName, false,
                new GeneralNames(new GeneralName(GeneralName.dNSName, serverName)));
        PKCS10CertificationRequest csr = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=" + serverName),
                key.getPublic())
                .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate()));
        StringWriter csrPem = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(csrPem)) {
            writer.writeObject(csr);
        }
        leafPem = ca.sign(csrPem.toString(), 30);
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        X509Certificate leaf = (X509Certificate) cf.generateCertificate(
                new ByteArrayInputStream(leafPem.getBytes(StandardCharsets.US_ASCII)));
        X509Certificate root = (X509Certificate) cf.generateCertificate(
                new ByteArrayInputStream(ca.certificatePem().getBytes(StandardCharsets.US_ASCII)));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("k", key.getPrivate(), "pw".toCharArray(), new X509Certificate[] {leaf, root});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
        kmf.init(ks, "pw".toCharArray());
        tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        server = new ServerSocket(0, 50, address);
        Thread.ofPlatform().daemon().name("tiny-smtp").start(this::acceptLoop);
    }

    /** The route to this server, e.g. {@code 127.0.0.1:40321}. */
    public String route() {
        return server.getInetAddress().getHostAddress() + ":" + server.getLocalPort();
    }

    /** The server's own (leaf) certificate as PEM: not a CA certificate. */
    public String leafPem() {
        return leafPem;
    }

    public int handshakes() {
        return handshakes.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread.ofVirtual().start(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket plain) {
        try (plain) {
            plain.setSoTimeout(10_000);
            Socket s = plain;
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            boolean secure = false;
            send(out, "220 tiny.test ESMTP ready");
            while (true) {
                String line = readLine(in);
                if (line == null) {
                    return;
                }
                String verb = line.split(" ", 2)[0].toUpperCase(Locale.ROOT);
                switch (verb) {
                    case "EHLO" -> send(out, secure ? "250-tiny.test\r\n250 PIPELINING" : "250-tiny.test\r\n250 STARTTLS");
                    case "HELO" -> send(out, "250 tiny.test");
                    case "STARTTLS" -> {
                        send(out, "220 go ahead");
                        SSLSocket t = (SSLSocket) tls.getSocketFactory().createSocket(plain, null, plain.getPort(), true);
                        t.setUseClientMode(false);
                        t.startHandshake();
                        handshakes.incrementAndGet();
                        s = t;
                        in = t.getInputStream();
                        out = t.getOutputStream();
                        secure = true;
                    }
                    case "QUIT" -> {
                        send(out, "221 bye");
                        s.close();
                        return;
                    }
                    case "MAIL", "RCPT", "RSET", "NOOP" -> send(out, "250 ok");
                    default -> send(out, "502 not implemented");
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private static void send(OutputStream out, String reply) throws IOException {
        out.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** One CRLF line, read byte by byte so that nothing after STARTTLS is buffered away. */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                String s = line.toString(StandardCharsets.US_ASCII);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            line.write(b);
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
