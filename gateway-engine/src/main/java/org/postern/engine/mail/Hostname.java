package org.postern.engine.mail;

import java.net.InetAddress;

/** This machine's name for greetings and Received headers (system property postern.hostname overrides). */
public final class Hostname {

    private static volatile String cached;

    private Hostname() {
    }

    public static String local() {
        String h = cached;
        if (h == null) {
            h = System.getProperty("postern.hostname");
            if (h == null || h.isBlank()) {
                try {
                    h = InetAddress.getLocalHost().getCanonicalHostName();
                } catch (Exception e) {
                    h = "localhost";
                }
            }
            cached = h;
        }
        return h;
    }
}
