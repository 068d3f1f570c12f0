package org.postern.engine.admin;

import com.fasterxml.jackson.databind.JavaType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.io.Transport;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.postern.engine.api.MailEvent;
import org.postern.engine.api.PosternException;
import org.postern.engine.api.TlsaRolloverException;

/**
 * The client side of the control API: HTTP/1.1 over the engine's Unix-domain socket, or HTTPS to
 * a pinned certificate with a bearer token (and optionally a client certificate). Turns wire
 * errors back into the exceptions the embedded engine throws.
 */
final class ApiTransport implements AutoCloseable {

    static final long MAX_RESPONSE = 64L * 1024 * 1024;
    /** A probe or a system CA update may take minutes (DNS and TLS timeouts); nothing waits longer. */
    static final long CALL_TIMEOUT_SECONDS = 600;

    private final HttpClient client;
    private final String base;
    private final Transport transport;
    private final String where;
    private volatile String token;
    private final PinnedTrustManager pin;

    private ApiTransport(HttpClient client, String base, Transport transport, String where, String token,
                         PinnedTrustManager pin) {
        this.client = client;
        this.base = base;
        this.transport = transport;
        this.where = where;
        this.token = token;
        this.pin = pin;
    }

    static ApiTransport unix(Path socket) {
        HttpClient c = new HttpClient();
        start(c);
        return new ApiTransport(c, "http://localhost", new Transport.TCPUnix(socket), "the engine on " + socket, null, null);
    }

    /**
     * HTTPS to {@code address}, trusting only the certificate with {@code pinnedSha256}; with
     * {@code clientKey}/{@code clientChain} (may be null) the client certificate is offered.
     */
    static ApiTransport https(RemoteAddress address, String pinnedSha256, String token, PrivateKey clientKey,
                              List<X509Certificate> clientChain) {
        PinnedTrustManager pin = new PinnedTrustManager(pinnedSha256, address.base());
        SslContextFactory.Client ssl = new SslContextFactory.Client();
        ssl.setSslContext(context(pin, clientKey, clientChain));
        ssl.setEndpointIdentificationAlgorithm(null); // the pin replaces name checks
        ClientConnector connector = new ClientConnector();
        connector.setSslContextFactory(ssl);
        HttpClient c = new HttpClient(new HttpClientTransportOverHTTP(connector));
        start(c);
        return new ApiTransport(c, address.base(), null, "the engine at " + address.base(), token, pin);
    }

    private static SSLContext context(TrustManager pin, PrivateKey key, List<X509Certificate> chain) {
        try {
            KeyManager[] kms = null;
            if (key != null) {
                char[] pw = "transient".toCharArray();
                KeyStore ks = KeyStore.getInstance("PKCS12");
                ks.load(null, null);
                ks.setKeyEntry("client", key, pw, chain.toArray(X509Certificate[]::new));
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(ks, pw);
                kms = kmf.getKeyManagers();
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kms, new TrustManager[] {pin}, null);
            return ctx;
        } catch (Exception e) {
            throw new IllegalStateException("cannot build the TLS context: " + e.getMessage(), e);
        }
    }

    private static void start(HttpClient c) {
        c.setName("postern-admin-client");
        c.setFollowRedirects(false);
        c.setConnectTimeout(10_000);
        try {
            c.start();
            // a 401 is an answer to show, not a challenge for the client to retry
            c.getProtocolHandlers().remove(org.eclipse.jetty.client.WWWAuthenticationProtocolHandler.NAME);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the HTTP client: " + e.getMessage(), e);
        }
    }

    String where() {
        return where;
    }

    void token(String token) {
        this.token = token;
    }

    private Request request(HttpMethod method, String path) {
        Request r = client.newRequest(base + ApiHandler.PREFIX + path).method(method);
        if (transport != null) {
            r.transport(transport);
        }
        if (token != null) {
            r.headers(h -> h.put(HttpHeader.AUTHORIZATION, "Bearer " + token));
        }
        return r;
    }

    /** POSTs {@code body} (JSON) to {@code path} and decodes the answer as {@code type} (null for none). */
    Object post(String path, Object body, JavaType type) {
        String json;
        try {
            json = Json.MAPPER.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot encode the request: " + e.getMessage(), e);
        }
        Request r = request(HttpMethod.POST, path).body(new StringRequestContent("application/json", json))
                .timeout(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        return decode(send(r), type);
    }

    Object get(String path, JavaType type) {
        return decode(send(request(HttpMethod.GET, path).timeout(60, TimeUnit.SECONDS)), type);
    }

    private ContentResponse send(Request r) {
        try {
            return new CompletableResponseListener(r, (int) MAX_RESPONSE).send().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PosternException("interrupted while waiting for " + where);
        } catch (ExecutionException e) {
            throw unreachable(e.getCause());
        }
    }

    private PosternException unreachable(Throwable cause) {
        if (pin != null && pin.mismatch() != null) {
            return new PosternException(pin.mismatch(), cause);
        }
        if (cause instanceof TimeoutException) {
            return new PosternException(where + " did not answer within " + CALL_TIMEOUT_SECONDS + " s", cause);
        }
        return new PosternException("cannot reach " + where + ": " + ServerIdentity.describe(cause), cause);
    }

    private Object decode(ContentResponse response, JavaType type) {
        int status = response.getStatus();
        byte[] body = response.getContent();
        if (status == 200) {
            if (type == null || type.getRawClass() == void.class || type.getRawClass() == Void.class) {
                return null;
            }
            try {
                return Json.MAPPER.readValue(body, type);
            } catch (IOException e) {
                throw new PosternException(where + " sent an answer that cannot be read: " + e.getMessage(), e);
            }
        }
        WireError error;
        try {
            error = Json.MAPPER.readValue(body, WireError.class);
        } catch (IOException e) {
            error = WireError.of("internal", "HTTP " + status + " " + response.getReason());
        }
        if ("tlsa-rollover".equals(error.kind()) && error.check() != null) {
            throw new TlsaRolloverException(error.message(), error.check());
        }
        if ("internal".equals(error.kind())) {
            throw new IllegalStateException(error.message());
        }
        if (status == 401) {
            throw new org.postern.engine.api.AuthenticationRequiredException(error.message());
        }
        throw new PosternException(error.message());
    }

    /**
     * Follows the event stream on a virtual thread, handing each batch of mail events to
     * {@code listener}; reconnects after a break (the engine restarting its HTTPS connector) until
     * closed. Returns once the engine has accepted the stream (or after 10 s), so that, as with the
     * embedded engine, every event logged after the call reaches the listener.
     */
    AutoCloseable events(Consumer<List<MailEvent>> listener) {
        JavaType batch = Json.MAPPER.getTypeFactory().constructCollectionType(List.class, MailEvent.class);
        EventStream stream = new EventStream();
        stream.thread = Thread.ofVirtual().name("postern-admin-events").start(() -> {
            while (!stream.closed) {
                try {
                    follow(stream, batch, listener);
                } catch (RuntimeException | IOException | ExecutionException | TimeoutException e) {
                    // broken or refused: try again shortly
                } catch (InterruptedException e) {
                    return;
                }
                stream.connected.countDown(); // refused or broken: do not keep the caller waiting
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        try {
            stream.connected.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return stream;
    }

    private void follow(EventStream stream, JavaType batch, Consumer<List<MailEvent>> listener)
            throws IOException, InterruptedException, ExecutionException, TimeoutException {
        InputStreamResponseListener response = new InputStreamResponseListener();
        Request r = request(HttpMethod.GET, "events").idleTimeout(ApiHandler.HEARTBEAT.toSeconds() * 3, TimeUnit.SECONDS);
        stream.request = r;
        r.send(response);
        Response head = response.get(30, TimeUnit.SECONDS);
        if (head.getStatus() != 200) {
            r.abort(new IOException("HTTP " + head.getStatus()));
            return;
        }
        stream.connected.countDown();
        try (InputStream in = response.getInputStream();
             BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String event = null;
            StringBuilder data = new StringBuilder();
            for (String line; !stream.closed && (line = lines.readLine()) != null; ) {
                if (line.isEmpty()) {
                    if ("mail".equals(event) && !data.isEmpty()) {
                        List<MailEvent> events = Json.MAPPER.readValue(data.toString(), batch);
                        listener.accept(events);
                    }
                    event = null;
                    data.setLength(0);
                } else if (line.startsWith("event:")) {
                    event = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).stripLeading());
                }
            }
        }
    }

    private static final class EventStream implements AutoCloseable {
        final java.util.concurrent.CountDownLatch connected = new java.util.concurrent.CountDownLatch(1);
        volatile boolean closed;
        volatile Thread thread;
        volatile Request request;

        @Override
        public void close() {
            closed = true;
            Request r = request;
            if (r != null) {
                r.abort(new IOException("closed"));
            }
            Thread t = thread;
            if (t != null) {
                t.interrupt();
            }
        }
    }

    @Override
    public void close() {
        try {
            client.stop();
        } catch (Exception e) {
            // closing: nothing more to do
        }
    }
}
