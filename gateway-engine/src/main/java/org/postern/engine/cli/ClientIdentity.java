package org.postern.engine.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.postern.engine.api.PosternException;

/** An administrator's client certificate and key, read from a PKCS#12 file on this machine. */
record ClientIdentity(PrivateKey key, List<X509Certificate> chain) {

    static ClientIdentity read(Path file, char[] password) {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password);
            for (String alias : Collections.list(ks.aliases())) {
                Key key = ks.getKey(alias, password);
                Certificate[] chain = ks.getCertificateChain(alias);
                if (key instanceof PrivateKey pk && chain != null && chain.length > 0) {
                    List<X509Certificate> certs = new ArrayList<>();
                    for (Certificate c : chain) {
                        certs.add((X509Certificate) c);
                    }
                    return new ClientIdentity(pk, certs);
                }
            }
            throw new PosternException(file + " holds no private key with its certificate");
        } catch (IOException e) {
            throw new PosternException("cannot read " + file + " as PKCS#12 (wrong password, or not a PKCS#12 file): "
                    + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new PosternException("cannot read " + file + ": " + e.getMessage());
        } finally {
            Arrays.fill(password, '\0');
        }
    }
}
