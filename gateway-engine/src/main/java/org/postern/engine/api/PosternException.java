package org.postern.engine.api;

/** A refusal with a one-line reason meant for the administrator. Nothing was changed. */
public class PosternException extends RuntimeException {
    public PosternException(String message) {
        super(message);
    }

    public PosternException(String message, Throwable cause) {
        super(message, cause);
    }
}
