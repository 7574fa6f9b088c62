package io.jvirtiod.kata;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the TOML that Kata's configuration.toml uses: tables ({@code [a.b]}), {@code key = value} with basic and
 * literal strings, integers, floats, booleans and (multi-line) arrays, and comments. It exists so that
 * {@link KataConfigValidator} needs no third-party parser; anything outside that subset (inline tables, arrays of
 * tables, multi-line strings, dates) is rejected with the line number rather than misread.
 */
public final class TomlReader {

    /** A TOML syntax error, naming the line. */
    public static final class TomlException extends Exception {
        public TomlException(int line, String message) {
            super("line " + line + ": " + message);
        }
    }

    private final String text;
    private int pos;
    private int line = 1;

    private TomlReader(String text) {
        this.text = text;
    }

    /** Parses a document into nested maps: table name parts become nested {@code Map<String, Object>}. */
    public static Map<String, Object> parse(String text) throws TomlException {
        return new TomlReader(text).document();
    }

    private Map<String, Object> document() throws TomlException {
        Map<String, Object> root = new LinkedHashMap<>();
        Map<String, Object> current = root;
        while (true) {
            skipBlankAndComments();
            if (pos >= text.length()) return root;
            char c = text.charAt(pos);
            if (c == '[') {
                if (peek(1) == '[') throw new TomlException(line, "arrays of tables are not supported");
                pos++;
                List<String> path = keyPath(']');
                expect(']');
                endOfLine();
                current = table(root, path);
            } else {
                List<String> key = keyPath('=');
                expect('=');
                skipSpaces();
                Object value = value();
                endOfLine();
                Map<String, Object> target = key.size() == 1 ? current : table(current, key.subList(0, key.size() - 1));
                String last = key.get(key.size() - 1);
                if (target.containsKey(last)) throw new TomlException(line, "duplicate key '" + String.join(".", key) + "'");
                target.put(last, value);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> table(Map<String, Object> from, List<String> path) throws TomlException {
        Map<String, Object> t = from;
        for (String part : path) {
            Object next = t.computeIfAbsent(part, k -> new LinkedHashMap<String, Object>());
            if (!(next instanceof Map)) throw new TomlException(line, "'" + part + "' is a value, not a table");
            t = (Map<String, Object>) next;
        }
        return t;
    }

    private List<String> keyPath(char terminator) throws TomlException {
        List<String> parts = new ArrayList<>();
        while (true) {
            skipSpaces();
            if (pos >= text.length()) throw new TomlException(line, "unexpected end of file in a key");
            char c = text.charAt(pos);
            if (c == '"' || c == '\'') {
                parts.add(string());
            } else {
                int start = pos;
                while (pos < text.length() && isBareKeyChar(text.charAt(pos))) pos++;
                if (start == pos) throw new TomlException(line, "expected a key, found '" + c + "'");
                parts.add(text.substring(start, pos));
            }
            skipSpaces();
            if (pos < text.length() && text.charAt(pos) == '.') {
                pos++;
                continue;
            }
            if (pos >= text.length() || text.charAt(pos) != terminator) {
                throw new TomlException(line, "expected '" + terminator + "' after key " + String.join(".", parts));
            }
            return parts;
        }
    }

    private static boolean isBareKeyChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '-';
    }

    private Object value() throws TomlException {
        if (pos >= text.length()) throw new TomlException(line, "missing value");
        char c = text.charAt(pos);
        if (c == '"' || c == '\'') {
            if (text.startsWith("\"\"\"", pos) || text.startsWith("'''", pos)) {
                throw new TomlException(line, "multi-line strings are not supported");
            }
            return string();
        }
        if (c == '[') return array();
        if (c == '{') throw new TomlException(line, "inline tables are not supported");
        int start = pos;
        while (pos < text.length() && "\n#,]".indexOf(text.charAt(pos)) < 0) pos++;
        String word = text.substring(start, pos).trim();
        if (word.equals("true")) return Boolean.TRUE;
        if (word.equals("false")) return Boolean.FALSE;
        String digits = word.replace("_", "");
        try {
            if (digits.startsWith("0x")) return Long.parseLong(digits.substring(2), 16);
            if (digits.startsWith("0o")) return Long.parseLong(digits.substring(2), 8);
            if (digits.startsWith("0b")) return Long.parseLong(digits.substring(2), 2);
            if (digits.matches("[+-]?\\d+")) return Long.parseLong(digits);
            return Double.parseDouble(digits);
        } catch (NumberFormatException e) {
            throw new TomlException(line, "not a TOML value: '" + word + "'");
        }
    }

    private List<Object> array() throws TomlException {
        expect('[');
        List<Object> items = new ArrayList<>();
        while (true) {
            skipBlankAndComments();
            if (pos >= text.length()) throw new TomlException(line, "unterminated array");
            if (text.charAt(pos) == ']') {
                pos++;
                return items;
            }
            items.add(value());
            skipBlankAndComments();
            if (pos < text.length() && text.charAt(pos) == ',') {
                pos++;
            } else if (pos < text.length() && text.charAt(pos) != ']') {
                throw new TomlException(line, "expected ',' or ']' in array");
            }
        }
    }

    private String string() throws TomlException {
        char quote = text.charAt(pos++);
        StringBuilder s = new StringBuilder();
        while (true) {
            if (pos >= text.length() || text.charAt(pos) == '\n') throw new TomlException(line, "unterminated string");
            char c = text.charAt(pos++);
            if (c == quote) return s.toString();
            if (c == '\\' && quote == '"') {
                if (pos >= text.length()) throw new TomlException(line, "unterminated escape");
                char e = text.charAt(pos++);
                switch (e) {
                    case 'n' -> s.append('\n');
                    case 't' -> s.append('\t');
                    case 'r' -> s.append('\r');
                    case 'b' -> s.append('\b');
                    case 'f' -> s.append('\f');
                    case '"' -> s.append('"');
                    case '\\' -> s.append('\\');
                    case 'u', 'U' -> {
                        int n = e == 'u' ? 4 : 8;
                        if (pos + n > text.length()) throw new TomlException(line, "short unicode escape");
                        try {
                            s.appendCodePoint(Integer.parseInt(text.substring(pos, pos + n), 16));
                        } catch (IllegalArgumentException bad) {
                            throw new TomlException(line, "bad unicode escape \\" + e + text.substring(pos, pos + n));
                        }
                        pos += n;
                    }
                    default -> throw new TomlException(line, "unknown escape \\" + e);
                }
            } else {
                s.append(c);
            }
        }
    }

    private void skipSpaces() {
        while (pos < text.length() && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t')) pos++;
    }

    private void skipBlankAndComments() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\r') {
                pos++;
            } else if (c == '\n') {
                pos++;
                line++;
            } else if (c == '#') {
                while (pos < text.length() && text.charAt(pos) != '\n') pos++;
            } else {
                return;
            }
        }
    }

    private void endOfLine() throws TomlException {
        skipSpaces();
        if (pos < text.length() && text.charAt(pos) == '#') {
            while (pos < text.length() && text.charAt(pos) != '\n') pos++;
        }
        if (pos < text.length() && text.charAt(pos) == '\r') pos++;
        if (pos < text.length() && text.charAt(pos) != '\n') {
            throw new TomlException(line, "unexpected text after value: '" + restOfLine() + "'");
        }
    }

    private String restOfLine() {
        int end = text.indexOf('\n', pos);
        return text.substring(pos, end < 0 ? text.length() : end);
    }

    private void expect(char c) throws TomlException {
        if (pos >= text.length() || text.charAt(pos) != c) throw new TomlException(line, "expected '" + c + "'");
        pos++;
    }

    private char peek(int ahead) {
        return pos + ahead < text.length() ? text.charAt(pos + ahead) : '\0';
    }
}
