package org.postern.engine.smtp.server;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Parses {@code FROM:<path> params} and {@code TO:<path> params} (RFC 5321 §4.1.2, §4.1.1.2–3). */
record PathArgument(String address, Map<String, String> parameters) {

    /** Null when the syntax is wrong. A space after the colon is tolerated, as most servers do. */
    static PathArgument parse(String args, String keyword) {
        String a = args.stripLeading();
        if (a.length() < keyword.length() + 1 || !a.regionMatches(true, 0, keyword + ":", 0, keyword.length() + 1)) {
            return null;
        }
        a = a.substring(keyword.length() + 1).stripLeading();
        if (!a.startsWith("<")) {
            return null;
        }
        int close = a.indexOf('>');
        if (close < 0) {
            return null;
        }
        String path = a.substring(1, close);
        // an obsolete source route (<@a,@b:user@d>) is ignored, RFC 5321 §4.1.2
        if (path.startsWith("@")) {
            int colon = path.indexOf(':');
            if (colon < 0) {
                return null;
            }
            path = path.substring(colon + 1);
        }
        Map<String, String> params = new LinkedHashMap<>();
        String rest = a.substring(close + 1).strip();
        if (!rest.isEmpty()) {
            for (String p : rest.split(" +")) {
                int eq = p.indexOf('=');
                String key = (eq < 0 ? p : p.substring(0, eq)).toUpperCase(Locale.ROOT);
                if (key.isEmpty()) {
                    return null;
                }
                params.put(key, eq < 0 ? null : p.substring(eq + 1));
            }
        }
        return new PathArgument(path, params);
    }
}
