package org.postern.engine.pki;

import java.util.Locale;
import java.util.Set;
import org.postern.engine.api.PosternException;

/** CERT-2: country must be an ISO 3166-1 alpha-2 code. */
public final class CountryCodes {

    private static final Set<String> CODES = Set.of(Locale.getISOCountries());

    private CountryCodes() {
    }

    public static boolean isValid(String code) {
        return code != null && code.length() == 2 && CODES.contains(code);
    }

    public static void require(String code) {
        if (!isValid(code)) {
            throw new PosternException("country '" + code + "' is not a two-letter ISO 3166 code (for example DE, US, CN)");
        }
    }
}
