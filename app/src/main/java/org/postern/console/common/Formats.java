package org.postern.console.common;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/** How dates, names and lists read in the console. */
public final class Formats {

    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT).withZone(ZoneId.systemDefault());
    private static final DateTimeFormatter DATE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z", Locale.ROOT).withZone(ZoneId.systemDefault());

    private Formats() {
    }

    public static String date(Instant instant) {
        return instant == null ? "" : DATE.format(instant);
    }

    public static String dateTime(Instant instant) {
        return instant == null ? "" : DATE_TIME.format(instant);
    }

    public static String list(List<String> items) {
        return items == null || items.isEmpty() ? "" : String.join(", ", items);
    }

    /** The CN of a distinguished name, else the whole name. */
    public static String commonName(String distinguishedName) {
        if (distinguishedName == null) {
            return "";
        }
        try {
            LdapName name = new LdapName(distinguishedName);
            for (Rdn rdn : name.getRdns().reversed()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return String.valueOf(rdn.getValue());
                }
            }
        } catch (InvalidNameException | IllegalArgumentException e) {
            // not an RFC 2253 name: show it as it is
        }
        return distinguishedName;
    }

    /** "in 12 days", "today", "expired 3 days ago". */
    public static String daysLeft(long days) {
        if (days > 1) {
            return days + " days";
        }
        if (days == 1) {
            return "1 day";
        }
        if (days == 0) {
            return "expires today";
        }
        return days == -1 ? "expired 1 day ago" : "expired " + (-days) + " days ago";
    }
}
