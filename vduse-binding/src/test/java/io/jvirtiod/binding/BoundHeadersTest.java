package io.jvirtiod.binding;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Nothing escapes the ABI probe: every header class and every C struct layout of the bindings is listed. */
class BoundHeadersTest {

    /** Every class compiled into io.jvirtiod.binding and below (top-level and nested). */
    private static List<Class<?>> bindingClasses() throws IOException, URISyntaxException, ClassNotFoundException {
        Path root = Path.of(BoundHeaders.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path pkg = root.resolve("io/jvirtiod/binding");
        List<Class<?>> classes = new ArrayList<>();
        try (Stream<Path> files = Files.walk(pkg)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
                String rel = root.relativize(f).toString();
                String name = rel.substring(0, rel.length() - ".class".length()).replace('/', '.');
                classes.add(Class.forName(name, false, BoundHeaders.class.getClassLoader()));
            }
        }
        return classes;
    }

    private static Field staticField(Class<?> c, String name) {
        try {
            Field f = c.getDeclaredField(name);
            return Modifier.isStatic(f.getModifiers()) ? f : null;
        } catch (NoSuchFieldException e) {
            return null;
        }
    }

    @Test
    void everyClassWithCIncludesIsListedInBoundHeaders() throws Exception {
        List<Class<?>> classes = bindingClasses();
        assertTrue(classes.size() > BoundHeaders.ALL.size(), "the scan found only " + classes.size() + " classes");
        List<String> missing = new ArrayList<>();
        for (Class<?> c : classes) {
            if (staticField(c, "C_INCLUDES") != null && !BoundHeaders.ALL.contains(c)) missing.add(c.getName());
        }
        assertEquals(List.of(), missing, "header classes not in BoundHeaders.ALL, so never probed");
    }

    @Test
    void everyCStructLayoutIsInSomeProbedHeader() throws Exception {
        Set<MemoryLayout> probed = new HashSet<>();
        for (Class<?> h : BoundHeaders.ALL) {
            Field f = staticField(h, "C_STRUCTS");
            if (f != null) for (Object l : (List<?>) f.get(null)) probed.add((MemoryLayout) l);
        }
        List<String> missing = new ArrayList<>();
        int structs = 0;
        for (Class<?> c : bindingClasses()) {
            Field f = staticField(c, "LAYOUT");
            if (f == null || !GroupLayout.class.isAssignableFrom(f.getType())) continue;
            f.setAccessible(true);
            GroupLayout layout = (GroupLayout) f.get(null);
            boolean cType = layout.name().map(n -> n.startsWith("struct ") || n.startsWith("union ")).orElse(false);
            if (!cType) continue;
            structs++;
            if (!probed.contains(layout)) missing.add(c.getName() + " (" + layout.name().orElseThrow() + ")");
        }
        assertTrue(structs > 0, "no struct classes found");
        assertEquals(List.of(), missing, "struct layouts no header class lists in C_STRUCTS, so never probed");
    }

    @Test
    void everyListedClassDeclaresItsIncludes() {
        for (Class<?> h : BoundHeaders.ALL) {
            assertTrue(staticField(h, "C_INCLUDES") != null, h.getName() + " has no C_INCLUDES");
        }
    }
}
