package org.postern.engine.admin;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.postern.engine.api.PosternException;

/**
 * The one JSON mapping of the control API: records by their components, instants as ISO-8601
 * text, bytes as base64, char arrays (passwords) as strings, enums by name.
 */
final class Json {

    /**
     * Writes requests and answers; reads answers. A record's derived {@code isX()} accessors (e.g.
     * {@code DestinationEntry.isDefault()}) are not components and stay off the wire; fields an
     * answer carries that this client does not know (a newer engine) are skipped.
     */
    static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .setVisibility(PropertyAccessor.IS_GETTER, JsonAutoDetect.Visibility.NONE)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /**
     * Reads what a client sends the engine, taking nothing it was not told: a null or missing number
     * or flag is refused (not read as 0 or false), so is an unknown (misspelt) field, an enum given
     * by number, a fraction where a whole number belongs, or a number or flag sent as text.
     */
    static final ObjectMapper REQUESTS = strict(MAPPER.copy());

    private Json() {
    }

    /** The refusal of an API record's own check (its constructor) met while decoding, or null. */
    static PosternException refusal(Throwable decoding) {
        for (Throwable t = decoding; t != null; t = t.getCause()) {
            if (t instanceof PosternException p) {
                return new PosternException(p.getMessage());
            }
        }
        return null;
    }

    /** Why a request's JSON cannot be read, in one line that names the field and no class of this server. */
    static String problem(Exception e) {
        String where = "";
        String what;
        if (e instanceof JsonMappingException m) {
            where = path(m.getPath());
            if (m instanceof UnrecognizedPropertyException u) {
                what = "unknown field \"" + u.getPropertyName() + "\" (fields: "
                        + String.join(", ", u.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList()) + ")";
                where = path(m.getPath().subList(0, Math.max(0, m.getPath().size() - 1)));
            } else if (m instanceof InvalidFormatException f && f.getTargetType() != null && f.getTargetType().isEnum()) {
                what = "'" + f.getValue() + "' is not one of " + String.join(", ",
                        Arrays.stream(f.getTargetType().getEnumConstants()).map(c -> ((Enum<?>) c).name()).toList());
            } else {
                what = m.getOriginalMessage();
            }
        } else {
            what = e.getMessage() == null ? e.toString() : e.getMessage();
        }
        what = HINT.matcher(what.lines().findFirst().orElse("")).replaceAll("").strip();
        return where.isEmpty() ? what : where + ": " + what;
    }

    /** Jackson's advice on its own configuration, which means nothing to a client. */
    private static final Pattern HINT = Pattern.compile(
            "[:(]?\\s*(?:set|disable|enable) DeserializationConfig\\.DeserializationFeature\\.[A-Z_]+(?: to '[a-z]+')? to allow\\)?");

    private static String path(List<JsonMappingException.Reference> refs) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference r : refs) {
            if (r.getFieldName() != null) {
                b.append(b.isEmpty() ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            }
        }
        return b.toString();
    }

    private static ObjectMapper strict(ObjectMapper m) {
        m.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        for (LogicalType t : new LogicalType[] {LogicalType.Integer, LogicalType.Float, LogicalType.Boolean}) {
            m.coercionConfigFor(t).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        }
        return m;
    }
}
