package org.postern.engine.pki;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;

/** Builds the certificate subject from the CERT-2 fields, skipping blank ones. */
public final class SubjectName {

    private SubjectName() {
    }

    public static X500Name of(String cn, String org, String unit, String city, String state, String country) {
        X500NameBuilder b = new X500NameBuilder(BCStyle.INSTANCE);
        add(b, BCStyle.C, country);
        add(b, BCStyle.ST, state);
        add(b, BCStyle.L, city);
        add(b, BCStyle.O, org);
        add(b, BCStyle.OU, unit);
        add(b, BCStyle.CN, cn);
        return b.build();
    }

    private static void add(X500NameBuilder b, org.bouncycastle.asn1.ASN1ObjectIdentifier oid, String value) {
        if (value != null && !value.isBlank()) {
            b.addRDN(oid, value.strip());
        }
    }
}
