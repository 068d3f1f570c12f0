package org.postern.engine.testsupport;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postern.engine.pki.Tool;

/** One DNSSEC-aware query with {@code dig +dnssec} to a given resolver: status, AD bit and the answer RRset. */
final class Dig {

    private static final Pattern STATUS = Pattern.compile("status: ([A-Z]+)");
    private static final Pattern FLAGS = Pattern.compile(";; flags: ([a-z ]+);");

    record Answer(String status, boolean authenticated, List<String> records, String canonicalName, String output) {

        /** SERVFAIL (bogus data, or no answer at all): the lookup failed. */
        boolean failed() {
            return !status.equals("NOERROR") && !status.equals("NXDOMAIN");
        }
    }

    private Dig() {
    }

    private static String relative(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }

    /**
     * Asks {@code resolver} for {@code name}/{@code type}; {@code records} are the rdata of that type,
     * {@code canonicalName} the end of the CNAME chain in the answer (or {@code name}).
     */
    static Answer query(Path dir, InetSocketAddress resolver, String name, String type) {
        Tool.Result r = Tool.run(dir, "dig", "+dnssec", "+tries=1", "+time=5", "+noall", "+comments", "+answer",
                "@" + resolver.getAddress().getHostAddress(), "-p", Integer.toString(resolver.getPort()), name, type);
        Matcher s = STATUS.matcher(r.output());
        Matcher f = FLAGS.matcher(r.output());
        if (r.exit() != 0 || !s.find() || !f.find()) {
            return new Answer("NO-ANSWER", false, List.of(), name, r.output());
        }
        boolean ad = List.of(f.group(1).trim().split(" ")).contains("ad");
        List<String> records = new ArrayList<>();
        Map<String, String> cnames = new HashMap<>();
        for (String line : r.output().split("\n")) {
            if (line.isBlank() || line.startsWith(";")) {
                continue;
            }
            String[] fields = line.trim().split("\\s+", 5);
            if (fields.length == 5 && fields[3].equals(type)) {
                records.add(fields[4]);
            } else if (fields.length == 5 && fields[3].equals("CNAME")) {
                cnames.put(relative(fields[0]), relative(fields[4]));
            }
        }
        String canonical = relative(name);
        for (int i = 0; i < 8 && cnames.containsKey(canonical); i++) {
            canonical = cnames.get(canonical);
        }
        return new Answer(s.group(1), ad, records, canonical, r.output());
    }
}
