package org.postern.console.connection;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicBoolean;
import org.postern.engine.api.AuthenticationRequiredException;
import org.postern.engine.api.GatewayApi;

/**
 * Wraps a remote engine's gateway so that the first call refused for want of credentials (the
 * login expired or was revoked) is reported once, to ask the administrator to log in again. Every
 * call still fails with the engine's message, as any refusal does.
 */
public final class AuthenticationWatch {

    private AuthenticationWatch() {
    }

    /** {@code onExpired} runs once, on the thread of the refused call. */
    public static GatewayApi wrap(GatewayApi gateway, Runnable onExpired) {
        AtomicBoolean reported = new AtomicBoolean();
        return wrap(GatewayApi.class, gateway, () -> {
            if (reported.compareAndSet(false, true)) {
                onExpired.run();
            }
        });
    }

    @SuppressWarnings("unchecked")
    private static <T> T wrap(Class<T> type, T target, Runnable expired) {
        InvocationHandler handler = (proxy, method, args) -> {
            Object result;
            try {
                result = method.invoke(target, args);
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof AuthenticationRequiredException) {
                    expired.run();
                }
                throw e.getCause();
            }
            Class<?> rt = method.getReturnType();
            if (type == GatewayApi.class && rt.isInterface() && rt.getName().startsWith("org.postern.engine.api.")
                    && result != null) {
                return wrap((Class<Object>) rt, result, expired);
            }
            return result;
        };
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler);
    }
}
