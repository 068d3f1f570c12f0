package org.postern.console.certificates;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks made as the administrator types, so a wizard can say what is wrong before the engine is
 * asked. The engine checks again and has the last word (CERT-3 FQDN rules, CERT-2 country).
 */
public final class NameRules {

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

    private NameRules() {
    }

    /** Null when {@code name} is a fully-qualified domain name (wildcard only as the whole first label). */
    public static String fqdnProblem(String name) {
        if (name == null || name.isBlank()) {
            return "enter a fully-qualified domain name";
        }
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (n.endsWith(".")) {
            n = n.substring(0, n.length() - 1);
        }
        if (n.length() > 253) {
            return "'" + name.trim() + "' is longer than 253 characters";
        }
        String[] labels = n.split("\\.", -1);
        if (labels.length < 2) {
            return "'" + name.trim() + "' is not fully qualified (it needs a domain, e.g. mail.example.com)";
        }
        for (int i = 0; i < labels.length; i++) {
            String label = labels[i];
            if (i == 0 && label.equals("*")) {
                if (labels.length < 3) {
                    return "'" + name.trim() + "': a wildcard needs at least two labels after it";
                }
                continue;
            }
            if (label.contains("*")) {
                return "'" + name.trim() + "': a wildcard may only be the whole leftmost label";
            }
            if (!LABEL.matcher(label).matches()) {
                return "'" + name.trim() + "' is not a valid domain name (label '" + label + "')";
            }
        }
        if (labels[labels.length - 1].chars().allMatch(Character::isDigit)) {
            return "'" + name.trim() + "' is not a domain name (the last label is numeric)";
        }
        return null;
    }

    /** Null when {@code code} is empty (optional) or an ISO 3166 two-letter code. */
    public static String countryProblem(String code) {
        if (code == null || code.isBlank()) {
            return null;
        }
        String c = code.trim().toUpperCase(Locale.ROOT);
        if (c.length() != 2) {
            return "country must be a two-letter ISO 3166 code, e.g. DE or US";
        }
        if (!COUNTRIES.contains(c)) {
            return "'" + code.trim() + "' is not an ISO 3166 country code";
        }
        return null;
    }

    /** Names separated by commas, spaces or new lines; duplicates dropped, order kept. */
    public static List<String> splitNames(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        Set<String> names = new LinkedHashSet<>();
        Arrays.stream(text.split("[,;\\s]+"))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .forEach(names::add);
        return new ArrayList<>(names);
    }
}
