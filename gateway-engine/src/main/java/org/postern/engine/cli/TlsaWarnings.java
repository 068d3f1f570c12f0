package org.postern.engine.cli;

import java.io.PrintWriter;
import org.postern.engine.api.TlsaRolloverCheck;
import org.postern.engine.api.TlsaRolloverException;

/** How the CLI shows a DANE-7 rollover check: the refusal and, after a forced change, the warning. */
final class TlsaWarnings {

    /** The option that confirms a certificate change the TLSA check warns about. */
    static final String OPTION = "--ignore-tlsa-check";

    static final String OPTION_HELP = "Proceed although the TLSA records published for the listener's host names"
            + " would not match the new certificate, or could not be checked (DANE-7). DANE senders then defer"
            + " mail to this gateway until the records are fixed.";

    private TlsaWarnings() {
    }

    /** A refused change: the one-line reason, the details, and how to proceed. */
    static void refused(TlsaRolloverException e, PrintWriter err) {
        err.println("postern: " + e.getMessage().replace('\n', ' '));
        TlsaRolloverCheck check = e.check();
        check.lines().stream().skip(1).forEach(l -> err.println("  " + l));
        if (check.needsConfirmation() && !e.getMessage().contains("in use")) {
            err.println("nothing was changed; repeat with " + OPTION + " to proceed anyway");
        }
    }

    /** A change made with {@link #OPTION}: the warning it overrode, if any. */
    static void overridden(TlsaRolloverCheck check, PrintWriter err) {
        if (check.needsConfirmation()) {
            check.lines().forEach(l -> err.println("warning: " + l));
        }
    }
}
