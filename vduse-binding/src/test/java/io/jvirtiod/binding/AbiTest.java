package io.jvirtiod.binding;

import io.jvirtiod.nativeheaders.AbiProbe;
import io.jvirtiod.testsupport.Require;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemoryLayout;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Compiles a gcc probe generated from every binding and fails on any difference from the C headers. */
class AbiTest {

    private static final Pattern C_CONSTANT = Pattern.compile("_?[A-Z][A-Z0-9_]*");

    /** Builds a probe from header binding classes by the convention documented on {@link BoundHeaders}. */
    static AbiProbe probeOf(List<Class<?>> headers) throws ReflectiveOperationException {
        AbiProbe probe = new AbiProbe();
        for (Class<?> h : headers) {
            for (Object inc : (List<?>) h.getField("C_INCLUDES").get(null)) probe.include((String) inc);
            try {
                for (Object s : (List<?>) h.getField("C_STRUCTS").get(null)) probe.struct((MemoryLayout) s);
            } catch (NoSuchFieldException none) {
                // a header with constants only
            }
            for (Field f : h.getFields()) {
                int mod = f.getModifiers();
                if (!Modifier.isStatic(mod) || !Modifier.isFinal(mod) || !C_CONSTANT.matcher(f.getName()).matches()) {
                    continue;
                }
                Class<?> t = f.getType();
                if (t == long.class) probe.constant(f.getName(), f.getLong(null), 64);
                else if (t == int.class) probe.constant(f.getName(), f.getInt(null), 32);
                else if (t == short.class) probe.constant(f.getName(), f.getShort(null) & 0xffff, 16);
                else if (t == byte.class) probe.constant(f.getName(), f.getByte(null) & 0xff, 8);
            }
        }
        return probe;
    }

    static Path compilerOrSkip() {
        var cc = AbiProbe.findCompiler();
        Require.that(cc.isPresent(), "no C compiler (gcc) on PATH to build the ABI probe; apt-get install gcc");
        return cc.orElseThrow();
    }

    @Test
    void everyBoundStructAndConstantMatchesTheCHeaders() throws Exception {
        Path cc = compilerOrSkip();
        AbiProbe.Report report = probeOf(BoundHeaders.ALL).run(cc, Path.of("target", "abi-probe"));
        System.out.println("ABI probe: " + report.summary());
        assertTrue(report.ok(), () -> "ABI mismatches against the C headers:\n  "
                + String.join("\n  ", report.mismatches()));
        assertTrue(report.structs() > 0 && report.constants() > 0, "the probe checked nothing");
    }
}
