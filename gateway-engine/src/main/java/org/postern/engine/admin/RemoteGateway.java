package org.postern.engine.admin;

import com.fasterxml.jackson.databind.JavaType;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.postern.engine.api.AdminApi;
import org.postern.engine.api.AlertApi;
import org.postern.engine.api.CaListApi;
import org.postern.engine.api.CertificateApi;
import org.postern.engine.api.DestinationApi;
import org.postern.engine.api.DnsApi;
import org.postern.engine.api.EngineApi;
import org.postern.engine.api.GatewayApi;
import org.postern.engine.api.ListenerApi;
import org.postern.engine.api.MailEvent;
import org.postern.engine.api.MailLogApi;
import org.postern.engine.api.QueueApi;
import org.postern.engine.api.TlsSettingsApi;

/**
 * The gateway API of an engine in another process (ADM-2, ADM-2a): over its Unix-domain socket, or
 * over authenticated HTTPS to a pinned certificate. Screens and commands use it exactly as they use
 * the embedded engine; refusals arrive as the same {@code PosternException} messages.
 */
public final class RemoteGateway implements GatewayApi {

    /** A login's result: the bearer token and when it expires. */
    public record Login(String token, Instant expires) {
    }

    private final ApiTransport transport;
    private final Map<Class<?>, Object> areas = new ConcurrentHashMap<>();
    private volatile String location;

    private RemoteGateway(ApiTransport transport) {
        this.transport = transport;
    }

    /** The engine serving the control socket of {@code dataDir}. */
    public static RemoteGateway overSocket(Path dataDir) {
        return new RemoteGateway(ApiTransport.unix(AdminServer.socketOf(dataDir)));
    }

    /** The engine at {@code engine} (https://host[:port]) whose certificate has {@code pinnedSha256}, with a token. */
    public static RemoteGateway overHttps(URI engine, String pinnedSha256, String token) {
        return new RemoteGateway(ApiTransport.https(RemoteAddress.of(engine), pinnedSha256, token, null, null));
    }

    /** As {@link #overHttps(URI, String, String)}, authenticated by a registered client certificate instead of a token. */
    public static RemoteGateway overHttps(URI engine, String pinnedSha256, PrivateKey clientKey,
                                          List<X509Certificate> clientChain) {
        return new RemoteGateway(ApiTransport.https(RemoteAddress.of(engine), pinnedSha256, null, clientKey, clientChain));
    }

    /**
     * The canonical form of an engine address ({@code https://host:port}, the default port filled
     * in), or a PosternException saying why {@code engine} is not one. Pins are kept under this form.
     */
    public static String canonicalAddress(URI engine) {
        return RemoteAddress.of(engine).base().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Logs in as the administrator at {@code engine} (pinned certificate) and returns a bearer token
     * valid for {@code minutes} (1 hour when null; 24 hours at most). The password is wiped.
     */
    public static Login login(URI engine, String pinnedSha256, char[] password, Integer minutes) {
        try (ApiTransport t = ApiTransport.https(RemoteAddress.of(engine), pinnedSha256, null, null, null)) {
            return (Login) t.post("login", new ApiHandler.LoginRequest(AdminApi.ADMINISTRATOR, password, minutes),
                    Json.MAPPER.constructType(Login.class));
        } finally {
            PasswordHash.wipe(password);
        }
    }

    /**
     * Logs in as the administrator at {@code engine} (pinned certificate) with a registered client
     * certificate instead of the password, and returns a bearer token as {@link #login(URI, String, char[], Integer)}.
     */
    public static Login login(URI engine, String pinnedSha256, PrivateKey clientKey, List<X509Certificate> clientChain,
                              Integer minutes) {
        try (ApiTransport t = ApiTransport.https(RemoteAddress.of(engine), pinnedSha256, null, clientKey, clientChain)) {
            return (Login) t.post("login", new ApiHandler.LoginRequest(AdminApi.ADMINISTRATOR, new char[0], minutes),
                    Json.MAPPER.constructType(Login.class));
        }
    }

    @SuppressWarnings("unchecked")
    private <T> T area(Class<T> type) {
        return (T) areas.computeIfAbsent(type, t -> Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                new Calls(ApiCatalog.areaOf(type))));
    }

    private final class Calls implements InvocationHandler {
        private final ApiCatalog.Area area;

        Calls(ApiCatalog.Area area) {
            this.area = area;
        }

        @Override
        @SuppressWarnings("unchecked")
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    default -> area.type().getSimpleName() + " of " + transport.where();
                };
            }
            if (method.isDefault()) {
                return InvocationHandler.invokeDefault(proxy, method, args);
            }
            if (area.type() == MailLogApi.class && method.getName().equals("subscribe")) {
                return transport.events((Consumer<List<MailEvent>>) args[0]);
            }
            if (!ApiCatalog.isOperation(method)) {
                throw new UnsupportedOperationException(method + " is not part of the control API");
            }
            JavaType result = Json.MAPPER.getTypeFactory().constructType(method.getGenericReturnType());
            Object value = transport.post("call/" + area.name() + "/" + method.getName(),
                    args == null ? new Object[0] : args, result);
            if (value == null && method.getReturnType().isPrimitive() && method.getReturnType() != void.class) {
                throw new IllegalStateException(method.getName() + " returned nothing from " + transport.where());
            }
            return value;
        }
    }

    @Override
    public CertificateApi certificates() {
        return area(CertificateApi.class);
    }

    @Override
    public CaListApi caLists() {
        return area(CaListApi.class);
    }

    @Override
    public ListenerApi listeners() {
        return area(ListenerApi.class);
    }

    @Override
    public QueueApi queue() {
        return area(QueueApi.class);
    }

    @Override
    public MailLogApi mailLog() {
        return area(MailLogApi.class);
    }

    @Override
    public DestinationApi destinations() {
        return area(DestinationApi.class);
    }

    @Override
    public DnsApi dns() {
        return area(DnsApi.class);
    }

    @Override
    public TlsSettingsApi tls() {
        return area(TlsSettingsApi.class);
    }

    @Override
    public AlertApi alerts() {
        return area(AlertApi.class);
    }

    @Override
    public AdminApi admin() {
        return area(AdminApi.class);
    }

    @Override
    public EngineApi engine() {
        return area(EngineApi.class);
    }

    /** The engine's data directory as it reports it, and how it is reached. */
    @Override
    public String location() {
        String l = location;
        if (l == null) {
            @SuppressWarnings("unchecked")
            Map<String, String> info = (Map<String, String>) transport.get("info",
                    Json.MAPPER.getTypeFactory().constructMapType(Map.class, String.class, String.class));
            l = info.get("location") + " (" + transport.where() + ")";
            location = l;
        }
        return l;
    }

    @Override
    public void close() {
        transport.close();
    }
}
