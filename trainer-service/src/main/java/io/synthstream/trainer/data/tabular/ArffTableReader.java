package io.synthstream.trainer.data.tabular;

import io.synthstream.trainer.data.tabular.RawTable.Declaration;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A small strict reader of Weka's ARFF format (dense form), written here because the kept readers are Weka's own
 * (GPL). It takes {@code @relation}, then {@code @attribute NAME numeric|real|integer|{v1, v2, ...}}, then
 * {@code @data} and one row per line; names and values may be quoted with {@code '} or {@code "} (backslash escapes
 * inside), an unquoted {@code ?} is a missing value, and {@code %} starts a comment outside quotes. Keywords and
 * types are case-insensitive. What a tabular GAN cannot learn is refused with a message saying so rather than
 * skipped: string, date and relational attributes, sparse rows ({@code {index value, ...}}) and instance weights.
 * Anything else unexpected is an error naming its line: a half-read file would train a model on the wrong table.
 */
public final class ArffTableReader {
    private final String source;
    private final List<String> names = new ArrayList<>();
    private final List<Declaration> declarations = new ArrayList<>();
    private final List<String[]> rows = new ArrayList<>();
    private final List<Integer> rowLines = new ArrayList<>();
    private int line;

    private ArffTableReader(String source) {
        this.source = source;
    }

    /** @throws IOException when the reader fails (not UTF-8, say); what is wrong with the ARFF is a {@link TabularDataException} */
    public static RawTable read(String source, Reader reader) throws IOException {
        return new ArffTableReader(source).readAll(new BufferedReader(reader));
    }

    private RawTable readAll(BufferedReader in) throws IOException {
        boolean relation = false;
        boolean data = false;
        for (String text = in.readLine(); text != null; text = in.readLine()) {
            line++;
            Cursor cursor = new Cursor(text);
            if (cursor.atEnd()) continue; // blank or a comment
            if (data) {
                readRow(cursor);
                continue;
            }
            String keyword = cursor.word().toLowerCase(Locale.ROOT);
            switch (keyword) {
                case "@relation" -> {
                    if (relation) throw error("a second @relation");
                    cursor.name("the relation's name");
                    relation = true;
                }
                case "@attribute" -> {
                    if (!relation) throw error("@attribute before @relation");
                    readAttribute(cursor);
                }
                case "@data" -> {
                    if (names.isEmpty()) throw error("@data before any @attribute");
                    data = true;
                }
                default -> throw error("expected @relation, @attribute or @data, found '" + keyword + "'");
            }
            if (!cursor.atEnd()) throw error("unexpected text after " + keyword + ": '" + cursor.rest() + "'");
        }
        if (!data) throw new TabularDataException(source + ": no @data section (is this an ARFF file?)");
        return new RawTable(source, names, declarations, rows, rowLines.stream().mapToInt(Integer::intValue).toArray());
    }

    private void readAttribute(Cursor cursor) {
        String name = cursor.name("an attribute's name");
        if (names.contains(name)) throw error("attribute '" + name + "' declared twice");
        Declaration declaration;
        if (cursor.peek() == '{') {
            declaration = Declaration.nominal(nominalValues(cursor, name));
        } else {
            String type = cursor.word().toLowerCase(Locale.ROOT);
            declaration = switch (type) {
                case "numeric", "real" -> Declaration.numeric(false);
                case "integer" -> Declaration.numeric(true);
                case "string", "date", "relational" -> throw error("attribute '" + name + "' is of type " + type
                        + ": tabular data sets take numeric (numeric, real, integer) and nominal ({a, b, ...}) attributes only");
                case "" -> throw error("attribute '" + name + "' has no type");
                default -> throw error("attribute '" + name + "' has the unknown type '" + type + "'");
            };
        }
        names.add(name);
        declarations.add(declaration);
    }

    private List<String> nominalValues(Cursor cursor, String attribute) {
        cursor.expect('{');
        List<String> values = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        while (true) {
            Cursor.Value value = cursor.value("},");
            if (value == null || (!value.quoted() && value.text().isEmpty())) {
                throw error("attribute '" + attribute + "' has an empty nominal value");
            }
            if (!seen.add(value.text())) throw error("attribute '" + attribute + "' lists '" + value.text() + "' twice");
            values.add(value.text());
            char next = cursor.next();
            if (next == '}') return values;
            if (next != ',') throw error("attribute '" + attribute + "': expected ',' or '}' in its nominal values");
        }
    }

    private void readRow(Cursor cursor) {
        if (cursor.peek() == '{') throw error("sparse ARFF rows ({index value, ...}) are not supported: write the file in dense form");
        String[] cells = new String[names.size()];
        int n = 0;
        while (true) {
            Cursor.Value value = cursor.value(",");
            if (value == null) throw error("an empty value in row " + (rows.size() + 1) + " (write ? for a missing value)");
            if (!value.quoted() && value.text().startsWith("{")) {
                throw error("instance weights ({w} after a row) are not supported");
            }
            if (n < cells.length) cells[n] = !value.quoted() && value.text().equals("?") ? null : value.text();
            n++;
            if (cursor.atEnd()) break;
            if (cursor.next() != ',') throw error("expected ',' after value " + n + " of row " + (rows.size() + 1));
        }
        if (n != cells.length) {
            throw new TabularDataException(source + ": row " + (rows.size() + 1) + " (line " + line + ") has " + n + " values, expected "
                    + cells.length + " (the attributes are " + names + ")");
        }
        rows.add(cells);
        rowLines.add(line);
    }

    private TabularDataException error(String what) {
        return new TabularDataException(source + ": line " + line + ": " + what);
    }

    /** One line, read left to right; a % outside quotes ends it. */
    private final class Cursor {
        private final String text;
        private int at;

        record Value(String text, boolean quoted) {
        }

        Cursor(String text) {
            this.text = text;
        }

        boolean atEnd() {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) at++;
            return at >= text.length() || text.charAt(at) == '%';
        }

        char peek() {
            return atEnd() ? '\0' : text.charAt(at);
        }

        char next() {
            return atEnd() ? '\0' : text.charAt(at++);
        }

        void expect(char c) {
            if (next() != c) throw error("expected '" + c + "'");
        }

        String rest() {
            String rest = atEnd() ? "" : text.substring(at).strip();
            at = text.length();
            return rest;
        }

        /** A bare word: up to whitespace, '{' or a comment. */
        String word() {
            atEnd();
            int start = at;
            while (at < text.length() && !Character.isWhitespace(text.charAt(at)) && "{%".indexOf(text.charAt(at)) < 0) at++;
            return text.substring(start, at);
        }

        /** A name: quoted, or a bare word. */
        String name(String what) {
            char c = peek();
            String name = c == '\'' || c == '"' ? quoted() : word();
            if (name.isEmpty()) throw error("missing " + what);
            return name;
        }

        /** A value up to one of {@code delimiters} (or the end): quoted, or bare and trimmed; null when there is none. */
        Value value(String delimiters) {
            if (atEnd()) return null;
            char c = text.charAt(at);
            if (c == '\'' || c == '"') return new Value(quoted(), true);
            int start = at;
            while (at < text.length() && delimiters.indexOf(text.charAt(at)) < 0 && text.charAt(at) != '%') at++;
            String bare = text.substring(start, at).strip();
            if (bare.indexOf('\'') >= 0 || bare.indexOf('"') >= 0) throw error("a quote inside the unquoted value '" + bare + "'");
            return bare.isEmpty() ? null : new Value(bare, false);
        }

        private String quoted() {
            char quote = text.charAt(at++);
            StringBuilder out = new StringBuilder();
            while (at < text.length()) {
                char c = text.charAt(at++);
                if (c == quote) return out.toString();
                if (c == '\\' && at < text.length()) {
                    char e = text.charAt(at++);
                    out.append(switch (e) {
                        case 'n' -> '\n';
                        case 't' -> '\t';
                        case 'r' -> '\r';
                        default -> e;
                    });
                } else {
                    out.append(c);
                }
            }
            throw error("a quoted value opened with " + quote + " is not closed on its line");
        }
    }
}
