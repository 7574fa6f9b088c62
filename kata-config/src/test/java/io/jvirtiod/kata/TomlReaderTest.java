package io.jvirtiod.kata;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TomlReaderTest {

    @Test
    @SuppressWarnings("unchecked")
    void tablesKeysAndValuesOfEveryKindKataUsesAreRead() throws Exception {
        Map<String, Object> doc = TomlReader.parse("""
                top = 1
                [hypervisor.qemu]   # a comment
                path = "/usr/bin/qemu"
                lit = 'C:\\no\\escapes'
                esc = "tab\\there \\"q\\" \\u00e9"
                n = -42
                hex = 0x1F
                big = 1_000
                ratio = 0.5
                on = true
                args = [
                    "--a",  # first
                    "--b",
                ]
                empty = []
                dotted.key = "x"
                """);
        assertEquals(1L, doc.get("top"));
        Map<String, Object> q = (Map<String, Object>) ((Map<String, Object>) doc.get("hypervisor")).get("qemu");
        assertEquals("/usr/bin/qemu", q.get("path"));
        assertEquals("C:\\no\\escapes", q.get("lit"));
        assertEquals("tab\there \"q\" \u00e9", q.get("esc"));
        assertEquals(-42L, q.get("n"));
        assertEquals(31L, q.get("hex"));
        assertEquals(1000L, q.get("big"));
        assertEquals(0.5, q.get("ratio"));
        assertEquals(Boolean.TRUE, q.get("on"));
        assertEquals(List.of("--a", "--b"), q.get("args"));
        assertEquals(List.of(), q.get("empty"));
        assertEquals("x", ((Map<String, Object>) q.get("dotted")).get("key"));
    }

    @Test
    void unsupportedOrMalformedTomlIsRejectedWithItsLine() {
        record Case(String text, String expected) {}
        for (Case c : List.of(
                new Case("a = 1\nb = {x = 1}\n", "line 2: inline tables"),
                new Case("a = 1\na = 2\n", "line 2: duplicate key 'a'"),
                new Case("[[t]]\n", "line 1: arrays of tables"),
                new Case("a = \"open\n", "line 1: unterminated string"),
                new Case("a = maybe\n", "line 1: not a TOML value"),
                new Case("a = 1 2\n", "line 1: not a TOML value: '1 2'"),
                new Case("a = \"x\" y\n", "line 1: unexpected text after value"),
                new Case("a = [1, 2\n", "unterminated array"),
                new Case("a = \"\\q\"\n", "line 1: unknown escape"),
                new Case("a = 1\n[a]\n", "line 2: 'a' is a value"))) {
            TomlReader.TomlException e = assertThrows(TomlReader.TomlException.class, () -> TomlReader.parse(c.text));
            assertTrue(e.getMessage().contains(c.expected), () -> "for " + c.text + " got: " + e.getMessage());
        }
    }
}
