package org.postern.engine.admin;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.postern.engine.api.AdminApi;
import org.postern.engine.api.GatewayApi;
import org.postern.engine.api.MailEvent;
import org.postern.engine.api.PosternException;
import org.postern.engine.api.TlsaRolloverException;

/**
 * The routes of the control API.
 * <ul>
 * <li>{@code POST /api/v1/login} {@code {"user","password","minutes"}} → {@code {"token","expires"}} (HTTPS)</li>
 * <li>{@code GET /api/v1/info} → where the engine keeps its state, its version</li>
 * <li>{@code POST /api/v1/call/AREA/OPERATION} with the arguments as a JSON array → the result
 *     (see {@link ApiCatalog}); errors as {@link WireError}</li>
 * <li>{@code GET /api/v1/events} → server-sent events: {@code mail} (a batch of mail log events,
 *     alerts and engine service events among them), comments as heartbeats</li>
 * </ul>
 * Over the Unix-domain socket a request is the administrator's (the socket is owner-only). Over
 * HTTPS it must carry {@code Authorization: Bearer TOKEN} or a registered client certificate;
 * otherwise 401. Credentials travel only in that header, never in cookies, so cross-site request
 * forgery has nothing to ride on and no CSRF token is needed.
 */
final class ApiHandler extends Handler.Abstract {

    static final String PREFIX = "/api/v1/";
    static final long MAX_BODY = 64L * 1024 * 1024;
    static final Duration HEARTBEAT = Duration.ofSeconds(15);

    private final GatewayApi gateway;
    private final AdminService admin;
    private final TokenStore tokens;
    private final LoginThrottle throttle;
    private final Consumer<String> securityLog;
    private final Predicate<Connector> trustedConnector;
    private final Map<AutoCloseable, LinkedBlockingQueue<List<MailEvent>>> streams = new ConcurrentHashMap<>();

    ApiHandler(GatewayApi gateway, AdminService admin, TokenStore tokens, LoginThrottle throttle,
               Consumer<String> securityLog, Predicate<Connector> trustedConnector) {
        this.gateway = gateway;
        this.admin = admin;
        this.tokens = tokens;
        this.throttle = throttle;
        this.securityLog = securityLog;
        this.trustedConnector = trustedConnector;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        try {
            if (!path.startsWith(PREFIX)) {
                send(response, callback, 404, WireError.of("not-found", "no such resource: " + path));
                return true;
            }
            String route = path.substring(PREFIX.length());
            boolean trusted = trustedConnector.test(request.getConnectionMetaData().getConnector());
            if (route.equals("login")) {
                requireMethod(request, HttpMethod.POST);
                login(request, response, callback, trusted);
                return true;
            }
            if (!trusted && !authenticated(request)) {
                discardSmallBody(request);
                send(response, callback, 401, WireError.of("unauthorized",
                        "authentication required: log in as the administrator or present a registered client certificate"));
                return true;
            }
            if (route.equals("info")) {
                send(response, callback, 200, Map.of("location", gateway.location(), "version", version()));
            } else if (route.equals("events")) {
                requireMethod(request, HttpMethod.GET);
                events(response, callback);
            } else if (route.startsWith("call/")) {
                requireMethod(request, HttpMethod.POST);
                call(route.substring("call/".length()), request, response, callback);
            } else {
                send(response, callback, 404, WireError.of("not-found", "no such resource: " + path));
            }
        } catch (BadRequest e) {
            send(response, callback, e.status, WireError.of(e.status == 404 ? "not-found" : "bad-request", e.getMessage()));
        } catch (PosternException e) {
            // an argument the API's own record refuses (e.g. a policy's size limit): its message, as embedded
            send(response, callback, 422, WireError.of("refused", e.getMessage()));
        } catch (IOException e) {
            callback.failed(e);
        }
        return true;
    }

    /**
     * Reads and drops a small unread request body, so that the connection can carry the client's
     * next request; a large one is not read for an unauthenticated client (the connection closes).
     */
    private static void discardSmallBody(Request request) throws IOException {
        long length = request.getLength();
        if (length > 0 && length <= 64 * 1024) {
            try (InputStream in = Content.Source.asInputStream(request)) {
                in.skipNBytes(length);
            } catch (java.io.EOFException e) {
                // the client sent less than it declared: the connection closes
            }
        }
    }

    private static String version() {
        String v = ApiHandler.class.getPackage().getImplementationVersion();
        return v == null ? "development build" : v;
    }

    private boolean authenticated(Request request) {
        String auth = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return tokens.valid(auth.substring(7).strip());
        }
        X509Certificate cert = clientCertificate(request);
        return cert != null && admin.clientCertificateAllowed(cert);
    }

    private static X509Certificate clientCertificate(Request request) {
        if (request.getAttribute(EndPoint.SslSessionData.ATTRIBUTE) instanceof EndPoint.SslSessionData ssl) {
            X509Certificate[] peer = ssl.peerCertificates();
            return peer == null || peer.length == 0 ? null : peer[0];
        }
        return null;
    }

    record LoginRequest(String user, char[] password, Integer minutes) {
    }

    record LoginResult(String token, java.time.Instant expires) {
    }

    private void login(Request request, Response response, Callback callback, boolean trusted) throws IOException {
        String client = Request.getRemoteAddr(request);
        Duration wait = throttle.waitFor(client);
        if (!wait.isZero()) {
            response.getHeaders().put(HttpHeader.RETRY_AFTER, Long.toString(wait.toSeconds()));
            securityLog.accept("admin login refused from " + client + ": too many failed logins (retry in "
                    + wait.toSeconds() + " s)");
            send(response, callback, 429, WireError.of("throttled", "too many failed logins from " + client
                    + "; try again in " + wait.toSeconds() + " s"));
            return;
        }
        LoginRequest login;
        try {
            login = Json.REQUESTS.readValue(readBody(request), LoginRequest.class);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new BadRequest(400, "the login request is not {\"user\": …, \"password\": …}");
        }
        char[] password = login.password() == null ? new char[0] : login.password();
        boolean ok;
        try {
            // the hash is computed even for an unknown user, so the answer's timing says nothing
            boolean passwordOk = admin.checkPassword(password);
            X509Certificate cert = clientCertificate(request);
            boolean certOk = password.length == 0 && cert != null && admin.clientCertificateAllowed(cert);
            ok = AdminApi.ADMINISTRATOR.equals(login.user()) && (passwordOk || certOk);
        } finally {
            PasswordHash.wipe(password);
        }
        if (!ok) {
            int failures = throttle.failed(client);
            securityLog.accept("admin login failed for user '" + printable(login.user()) + "' from " + client
                    + " (" + failures + " failure(s) in " + LoginThrottle.WINDOW.toMinutes() + " min)");
            send(response, callback, 401, WireError.of("unauthorized", "wrong user name or password"));
            return;
        }
        TokenStore.Issued issued = tokens.issue(login.minutes() == null ? null : Duration.ofMinutes(login.minutes()));
        if (!trusted) {
            securityLog.accept("admin login from " + client + " (token valid until " + issued.expires() + ")");
        }
        send(response, callback, 200, new LoginResult(issued.token(), issued.expires()));
    }

    private static String printable(String s) {
        if (s == null) {
            return "";
        }
        String t = s.length() > 64 ? s.substring(0, 64) + "…" : s;
        return t.replaceAll("\\p{Cntrl}", "?");
    }

    private void call(String route, Request request, Response response, Callback callback) throws IOException {
        String[] parts = route.split("/", -1);
        ApiCatalog.Area area = parts.length == 2 ? ApiCatalog.area(parts[0]) : null;
        Method op = area == null ? null : area.operations().get(parts[1]);
        if (op == null) {
            throw new BadRequest(404, "no such operation: " + route);
        }
        Object[] args = arguments(op, readBody(request));
        Object target;
        try {
            target = area.accessor().invoke(gateway);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        if (area.type() == org.postern.engine.api.EngineApi.class && op.getName().equals("stop")) {
            // answer first: stopping the engine stops this server
            send(response, callback, 200, null);
            Thread.ofVirtual().name("admin-engine-stop").start(() -> invokeQuietly(op, target));
            return;
        }
        try {
            Object result = op.invoke(target, args);
            send(response, callback, 200, result);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof TlsaRolloverException rollover) {
                send(response, callback, 409, new WireError("tlsa-rollover", rollover.getMessage(), rollover.check()));
            } else if (cause instanceof PosternException refused) {
                send(response, callback, 422, WireError.of("refused", refused.getMessage()));
            } else {
                String message = cause.getMessage() != null ? cause.getMessage() : cause.toString();
                send(response, callback, 500, WireError.of("internal", message));
            }
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        } finally {
            for (Object a : args) {
                if (a instanceof char[] secret) {
                    PasswordHash.wipe(secret);
                }
            }
        }
    }

    private static void invokeQuietly(Method op, Object target) {
        try {
            Thread.sleep(100);
            op.invoke(target);
        } catch (ReflectiveOperationException | InterruptedException e) {
            // the engine's own log says why it did not stop
        }
    }

    static Object[] arguments(Method op, byte[] body) {
        JsonNode node;
        try {
            node = body.length == 0 ? Json.MAPPER.createArrayNode() : Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new BadRequest(400, "the request body is not JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        Type[] types = op.getGenericParameterTypes();
        if (!(node instanceof ArrayNode array) || array.size() != types.length) {
            throw new BadRequest(400, op.getName() + " takes " + types.length + " argument(s) as a JSON array");
        }
        Object[] args = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            JavaType t = Json.REQUESTS.getTypeFactory().constructType(types[i]);
            try {
                args[i] = Json.REQUESTS.treeToValue(array.get(i), t);
            } catch (IOException | IllegalArgumentException e) {
                for (Object decoded : args) {
                    if (decoded instanceof char[] secret) {
                        PasswordHash.wipe(secret);
                    }
                }
                PosternException refused = Json.refusal(e);
                if (refused != null) {
                    throw refused;
                }
                throw new BadRequest(400, "argument " + (i + 1) + " of " + op.getName() + " is not a "
                        + t.getRawClass().getSimpleName() + ": " + Json.problem(e));
            }
        }
        return args;
    }

    private static byte[] readBody(Request request) throws IOException {
        long declared = request.getLength();
        if (declared > MAX_BODY) {
            throw new BadRequest(413, "the request is larger than " + MAX_BODY / (1024 * 1024) + " MB");
        }
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] body = in.readNBytes((int) MAX_BODY + 1);
            if (body.length > MAX_BODY) {
                throw new BadRequest(413, "the request is larger than " + MAX_BODY / (1024 * 1024) + " MB");
            }
            return body;
        }
    }

    private void events(Response response, Callback callback) throws IOException {
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        LinkedBlockingQueue<List<MailEvent>> batches = new LinkedBlockingQueue<>(10_000);
        AutoCloseable subscription = gateway.mailLog().subscribe(batches::offer);
        streams.put(subscription, batches);
        try (OutputStream out = Content.Sink.asOutputStream(response)) {
            out.write(": postern events\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            while (streams.containsKey(subscription)) {
                List<MailEvent> batch = batches.poll(HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
                if (batch == END) {
                    break;
                }
                String frame = batch == null ? ": keep-alive\n\n"
                        : "event: mail\ndata: " + Json.MAPPER.writeValueAsString(batch) + "\n\n";
                out.write(frame.getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
            callback.succeeded();
        } catch (IOException e) {
            callback.failed(e); // the client went away
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            callback.failed(e);
        } finally {
            streams.remove(subscription);
            try {
                subscription.close();
            } catch (Exception e) {
                // nothing more to do
            }
        }
    }

    /** Ends every event stream (the server is stopping). */
    void closeStreams() {
        streams.values().forEach(q -> q.offer(END));
        streams.clear();
    }

    /** Put in a stream's queue to end it at once. */
    private static final List<MailEvent> END = new java.util.ArrayList<>(0);

    private static void requireMethod(Request request, HttpMethod method) {
        if (!method.is(request.getMethod())) {
            throw new BadRequest(405, "use " + method + " for " + Request.getPathInContext(request));
        }
    }

    private static void send(Response response, Callback callback, int status, Object body) {
        byte[] json;
        try {
            json = Json.MAPPER.writeValueAsBytes(body);
        } catch (IOException e) {
            status = 500;
            json = ("{\"kind\":\"internal\",\"message\":\"the result cannot be encoded: "
                    + e.getMessage().replace('"', '\'').lines().findFirst().orElse("") + "\"}").getBytes(StandardCharsets.UTF_8);
        }
        response.setStatus(status);
        if (status == 401) {
            response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"postern\""); // RFC 7235 §3.1
        }
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, java.nio.ByteBuffer.wrap(json), callback);
    }

    /** A request the API cannot take; answered with {@code status}. */
    static final class BadRequest extends RuntimeException {
        final int status;

        BadRequest(int status, String message) {
            super(message);
            this.status = status;
        }
    }
}
