package org.postern.engine.api;

/**
 * DANE-7: a certificate change refused because its {@link TlsaRolloverCheck} needs the
 * administrator's confirmation; nothing was changed.
 */
public final class TlsaRolloverException extends PosternException {

    private final transient TlsaRolloverCheck check;

    public TlsaRolloverException(TlsaRolloverCheck check) {
        super(check.headline() + "; confirm to proceed anyway");
        this.check = check;
    }

    /** A refusal for another reason ({@code message}) that the check explains further. */
    public TlsaRolloverException(String message, TlsaRolloverCheck check) {
        super(message);
        this.check = check;
    }

    public TlsaRolloverCheck check() {
        return check;
    }
}
