package org.postern.engine.admin;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.postern.engine.api.GatewayApi;

/**
 * The wire contract of the control API, read from the {@code api} interfaces themselves so that
 * it cannot drift from them: each feature area of {@link GatewayApi} ({@code certificates},
 * {@code listeners} …) is a path segment, each of its abstract methods an operation
 * ({@code POST /api/v1/call/certificates/uploadSigned}, arguments as a JSON array). Default
 * methods run on the client side over the abstract ones; {@code MailLogApi.subscribe} is the
 * event stream ({@code GET /api/v1/events}), not an operation.
 */
final class ApiCatalog {

    record Area(String name, Method accessor, Class<?> type, Map<String, Method> operations) {
    }

    static final Map<String, Area> AREAS = build();

    private ApiCatalog() {
    }

    static Area area(String name) {
        return AREAS.get(name);
    }

    /** The area whose interface is {@code type}. */
    static Area areaOf(Class<?> type) {
        return AREAS.values().stream().filter(a -> a.type() == type).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(type + " is not an area of the gateway API"));
    }

    static boolean isOperation(Method m) {
        return !m.isDefault() && !Modifier.isStatic(m.getModifiers()) && m.getDeclaringClass() != Object.class
                && java.util.Arrays.stream(m.getParameterTypes()).noneMatch(ApiCatalog::isCallback)
                && m.getReturnType() != AutoCloseable.class;
    }

    private static boolean isCallback(Class<?> t) {
        return Consumer.class.isAssignableFrom(t) || Runnable.class.isAssignableFrom(t);
    }

    private static Map<String, Area> build() {
        Map<String, Area> areas = new LinkedHashMap<>();
        for (Method accessor : GatewayApi.class.getMethods()) {
            Class<?> type = accessor.getReturnType();
            if (accessor.getParameterCount() != 0 || !type.isInterface()
                    || !type.getPackageName().equals(GatewayApi.class.getPackageName())) {
                continue;
            }
            Map<String, Method> ops = new LinkedHashMap<>();
            for (Method m : type.getMethods()) {
                if (isOperation(m) && ops.put(m.getName(), m) != null) {
                    throw new IllegalStateException(type.getSimpleName() + "." + m.getName()
                            + " is overloaded: the control API names operations by method name");
                }
            }
            areas.put(accessor.getName(), new Area(accessor.getName(), accessor, type, Collections.unmodifiableMap(ops)));
        }
        return Collections.unmodifiableMap(areas);
    }
}
