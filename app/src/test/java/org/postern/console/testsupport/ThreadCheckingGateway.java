package org.postern.console.testsupport;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javafx.application.Platform;
import org.postern.engine.api.GatewayApi;

/**
 * Wraps a gateway and records every engine call made on the FX thread (there must be none). Every
 * feature API the gateway hands out is wrapped the same way, so new APIs are covered without change.
 */
public final class ThreadCheckingGateway {

    public final List<String> callsOnFxThread = new CopyOnWriteArrayList<>();
    public final List<String> calls = new CopyOnWriteArrayList<>();
    /** Calls of these methods take {@link #delayMillis} longer, so tests can see and cancel running work. */
    public final java.util.Set<String> slowMethods = java.util.concurrent.ConcurrentHashMap.newKeySet();
    public volatile long delayMillis = 1500;
    /** Calls that have returned (or thrown), by method name. */
    public final List<String> finished = new CopyOnWriteArrayList<>();
    private final GatewayApi proxy;

    public ThreadCheckingGateway(GatewayApi delegate) {
        this.proxy = wrap(GatewayApi.class, delegate, false);
    }

    /** The recording gateway to hand to the console. */
    public GatewayApi gateway() {
        return proxy;
    }

    @SuppressWarnings("unchecked")
    private <T> T wrap(Class<T> type, T target, boolean record) {
        InvocationHandler handler = (p, method, args) -> {
            if (record) {
                calls.add(method.getName());
                if (Platform.isFxApplicationThread()) {
                    callsOnFxThread.add(method.getName());
                }
            }
            Object result;
            try {
                if (record && slowMethods.contains(method.getName())) {
                    Thread.sleep(delayMillis);
                }
                result = method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            } finally {
                if (record) {
                    finished.add(method.getName());
                }
            }
            Class<?> rt = method.getReturnType();
            if (type == GatewayApi.class && rt.isInterface() && rt.getName().startsWith("org.postern.engine.api.")
                    && result != null) {
                return wrap((Class<Object>) rt, result, true);
            }
            return result;
        };
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler);
    }
}
