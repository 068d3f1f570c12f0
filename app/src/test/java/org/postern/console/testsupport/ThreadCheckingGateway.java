package org.postern.console.testsupport;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javafx.application.Platform;
import org.postern.engine.api.CertificateApi;
import org.postern.engine.api.GatewayApi;

/** Wraps a gateway and records every engine call made on the FX thread (there must be none). */
public final class ThreadCheckingGateway implements GatewayApi {

    private final GatewayApi delegate;
    private final CertificateApi certificates;
    public final List<String> callsOnFxThread = new CopyOnWriteArrayList<>();
    public final List<String> calls = new CopyOnWriteArrayList<>();

    public ThreadCheckingGateway(GatewayApi delegate) {
        this.delegate = delegate;
        CertificateApi real = delegate.certificates();
        InvocationHandler handler = (proxy, method, args) -> {
            calls.add(method.getName());
            if (Platform.isFxApplicationThread()) {
                callsOnFxThread.add(method.getName());
            }
            try {
                return method.invoke(real, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        this.certificates = (CertificateApi) Proxy.newProxyInstance(CertificateApi.class.getClassLoader(),
                new Class<?>[] {CertificateApi.class}, handler);
    }

    @Override
    public CertificateApi certificates() {
        return certificates;
    }

    @Override
    public String location() {
        return delegate.location();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
