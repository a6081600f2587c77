package io.synthstream.contracts.codec;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.util.Collection;
import java.util.Map;
import java.util.TreeSet;

/**
 * The strict reading of requests (GenerationRequested on Kafka, the gateway's generation body): a request read
 * otherwise than it was meant must be refused, never answered as another one. So, unlike {@link EventJson}, an
 * unknown (misspelt) field, a number with a fraction where an integer goes ({@code "count": 10.5}), a string where a
 * number goes, a number where a string goes, and a field given twice all fail, with a reason that names the field and
 * no Java type ({@link #describe}).
 */
public final class StrictJson {
    public static final ObjectMapper MAPPER = strictMapper();

    private StrictJson() {
    }

    private static ObjectMapper strictMapper() {
        JsonMapper m = JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS) // "10" is not 10, nor 10 "10", nor true 1
                .build();
        // Jackson still turns numbers and booleans into strings unless told not to
        for (CoercionInputShape shape : new CoercionInputShape[] {CoercionInputShape.Integer, CoercionInputShape.Float,
                CoercionInputShape.Boolean}) {
            m.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
        }
        m.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        m.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        m.coercionConfigFor(LogicalType.Float).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        m.coercionConfigFor(LogicalType.Collection).setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        return m;
    }

    /** Reads a value strictly; {@link MalformedEventException} says why not, naming the field. */
    public static <T> T read(byte[] json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (IOException e) {
            throw new MalformedEventException(describe(e), e);
        }
    }

    /**
     * What is wrong with the JSON, for a person: where (a JSON Pointer to the value, {@code at /labels/1}, or the line
     * and column of a syntax error) and what the field takes. Never a Java class name.
     */
    public static String describe(IOException e) {
        String where = where(e);
        return (where.isEmpty() ? "" : where + ": ") + what(e);
    }

    private static String what(IOException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            return "unknown field \"" + u.getPropertyName() + "\"" + known(u.getKnownPropertyIds());
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InputCoercionException c) { // a number too large for its field
                String value = "this number";
                try {
                    if (c.getProcessor() != null) value = c.getProcessor().getText();
                } catch (IOException unreadable) {
                    // "this number" says enough
                }
                return "Cannot deserialize " + value + ": " + field(e) + " takes " + kind(c.getTargetType());
            }
        }
        if (e instanceof InvalidFormatException f && isKey(f)) {
            var path = f.getPath();
            return "Cannot deserialize the key " + shown(f.getValue()) + ": the keys of " + path.get(path.size() - 1).getFieldName()
                    + " are " + kind(f.getTargetType()).replace("an integer", "integers");
        }
        if (e instanceof InvalidFormatException f) {
            return "Cannot deserialize " + shown(f.getValue()) + ": " + field(e) + " takes " + kind(f.getTargetType());
        }
        if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            return "Cannot deserialize " + found(m) + ": " + field(e) + " takes " + kind(m.getTargetType());
        }
        if (e instanceof JacksonException j) return withoutJavaNames(j.getOriginalMessage());
        return withoutJavaNames(e.getMessage());
    }

    /** A map key that is not what the map's keys are (Jackson's path then ends at the map). */
    private static boolean isKey(InvalidFormatException f) {
        return f.getOriginalMessage() != null && f.getOriginalMessage().startsWith("Cannot deserialize Map key") && !f.getPath().isEmpty();
    }

    private static String known(Collection<Object> ids) {
        if (ids == null || ids.isEmpty()) return "";
        TreeSet<String> names = new TreeSet<>();
        ids.forEach(id -> names.add(String.valueOf(id)));
        return " (known fields: " + String.join(", ", names) + ")";
    }

    /** The value the parser stopped at: a number, a string in quotes, or the kind of JSON value it is. */
    private static String found(MismatchedInputException e) {
        if (e.getProcessor() instanceof JsonParser p && p.currentToken() != null) {
            try {
                return switch (p.currentToken()) {
                    case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getText();
                    case VALUE_STRING -> shown(p.getText());
                    case VALUE_TRUE, VALUE_FALSE -> p.getText();
                    case VALUE_NULL -> "null";
                    case START_ARRAY -> "an array";
                    case START_OBJECT, FIELD_NAME -> "an object";
                    default -> "this value";
                };
            } catch (IOException unreadable) {
                return "this value";
            }
        }
        return "this value";
    }

    private static String shown(Object value) {
        if (!(value instanceof String s)) return String.valueOf(value);
        return "\"" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "\"";
    }

    /** The last field name on the way to the value ("labels" for /labels/3), or "the value". */
    private static String field(IOException e) {
        if (e instanceof DatabindException d) {
            var path = ((JsonMappingException) d).getPath();
            for (int i = path.size() - 1; i >= 0; i--) if (path.get(i).getFieldName() != null) return path.get(i).getFieldName();
        }
        return "the value";
    }

    /** What a Java type is, in JSON's words. */
    static String kind(Class<?> type) {
        if (type == null) return "another kind of value";
        if (type == Integer.class || type == int.class) return "an integer from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE;
        if (type == Long.class || type == long.class) return "an integer from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE;
        if (type == Short.class || type == short.class || type == Byte.class || type == byte.class) return "a small integer";
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) return "a number";
        if (type == String.class || type.isEnum()) return "a string";
        if (type == Boolean.class || type == boolean.class) return "true or false";
        if (Collection.class.isAssignableFrom(type) || type.isArray()) return "an array";
        if (Map.class.isAssignableFrom(type) || type.isRecord()) return "an object";
        if (type.getName().startsWith("java.time.")) return "an ISO-8601 string";
        return "another kind of value";
    }

    static String kind(JavaType type) {
        return type == null ? kind((Class<?>) null) : kind(type.getRawClass());
    }

    /** Where the value is: a JSON Pointer from the mapping path, else the parser's place. */
    private static String where(IOException e) {
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            StringBuilder pointer = new StringBuilder();
            for (JsonMappingException.Reference r : m.getPath()) {
                pointer.append('/');
                if (r.getFieldName() != null) pointer.append(r.getFieldName().replace("~", "~0").replace("/", "~1"));
                else if (r.getIndex() >= 0) pointer.append(r.getIndex());
            }
            return "at " + pointer;
        }
        if (e instanceof JacksonException j) {
            if (j.getProcessor() instanceof JsonParser p && p.getParsingContext() != null) {
                String pointer = p.getParsingContext().pathAsPointer().toString();
                if (!pointer.isEmpty()) return "at " + pointer;
            }
            JsonLocation at = j.getLocation();
            if (at != null && at.getLineNr() > 0) return "at line " + at.getLineNr() + ", column " + at.getColumnNr();
        }
        return "";
    }

    /** Jackson's own messages name Java types in back quotes (`java.lang.Integer`): keep their simple names. */
    static String withoutJavaNames(String message) {
        if (message == null) return "unreadable JSON";
        return message.replaceAll("`(?:[a-z][a-z0-9_]*\\.)+(?:[A-Za-z0-9_$]+\\$)?([A-Za-z0-9_]+)`", "$1")
                .replaceAll("\\(for (?:Object|class|record) [^)]*\\)", "")
                .replaceAll("(?:[a-z][a-z0-9_]*\\.){2,}[A-Z][A-Za-z0-9_$]*", "");
    }
}
