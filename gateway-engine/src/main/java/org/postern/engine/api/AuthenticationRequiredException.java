package org.postern.engine.api;

/**
 * A remote engine refused a call for want of valid credentials (HTTP 401): no token, an expired or
 * revoked one, or a wrong password at login. Clients ask the administrator to log in again.
 */
public class AuthenticationRequiredException extends PosternException {
    public AuthenticationRequiredException(String message) {
        super(message);
    }
}
