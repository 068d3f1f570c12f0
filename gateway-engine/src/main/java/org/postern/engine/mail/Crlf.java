package org.postern.engine.mail;

import java.io.ByteArrayOutputStream;

/** Line-ending normalisation for locally submitted messages (RFC 5322 §2.3: lines end with CRLF). */
public final class Crlf {

    private Crlf() {
    }

    /** Converts bare LF and bare CR to CRLF; ensures the message ends with CRLF. */
    public static byte[] normalize(byte[] in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length + in.length / 50 + 2);
        for (int i = 0; i < in.length; i++) {
            byte b = in[i];
            if (b == '\r') {
                out.write('\r');
                out.write('\n');
                if (i + 1 < in.length && in[i + 1] == '\n') {
                    i++;
                }
            } else if (b == '\n') {
                out.write('\r');
                out.write('\n');
            } else {
                out.write(b);
            }
        }
        byte[] r = out.toByteArray();
        if (r.length < 2 || r[r.length - 2] != '\r' || r[r.length - 1] != '\n') {
            out.write('\r');
            out.write('\n');
            r = out.toByteArray();
        }
        return r;
    }
}
