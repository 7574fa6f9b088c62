package io.jvirtiod.binding;

import io.jvirtiod.nativeheaders.AbiProbe;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemoryLayout;
import java.nio.file.Path;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ABI checker itself must catch wrong layouts; otherwise a green ABI test proves nothing. */
class AbiProbeCheckerTest {

    private static AbiProbe.Report check(AbiProbe probe, String dir) throws Exception {
        return probe.run(AbiTest.compilerOrSkip(), Path.of("target", dir));
    }

    @Test
    void aCorrectLayoutPasses() throws Exception {
        AbiProbe probe = new AbiProbe().include("linux/openat2.h").struct(MemoryLayout.structLayout(
                JAVA_LONG.withName("flags"), JAVA_LONG.withName("mode"), JAVA_LONG.withName("resolve"))
                .withName("struct open_how"));
        AbiProbe.Report r = check(probe, "abi-good");
        assertTrue(r.ok(), r.mismatches()::toString);
        assertTrue(r.fields() == 3, "three fields checked, got " + r.fields());
    }

    @Test
    void swappedFieldsAreCaught() throws Exception {
        AbiProbe probe = new AbiProbe().include("linux/openat2.h").struct(MemoryLayout.structLayout(
                JAVA_LONG.withName("mode"), JAVA_LONG.withName("flags"), JAVA_LONG.withName("resolve"))
                .withName("struct open_how"));
        AbiProbe.Report r = check(probe, "abi-swapped");
        assertFalse(r.ok());
        assertTrue(r.mismatches().stream().anyMatch(m -> m.startsWith("offset struct open_how.mode")), r.mismatches()::toString);
    }

    @Test
    void aNarrowFieldAtTheEndIsCaughtBySizeAndFieldSize() throws Exception {
        AbiProbe probe = new AbiProbe().include("linux/openat2.h").struct(MemoryLayout.structLayout(
                JAVA_LONG.withName("flags"), JAVA_LONG.withName("mode"), JAVA_INT.withName("resolve"),
                MemoryLayout.paddingLayout(4)).withName("struct open_how"));
        AbiProbe.Report r = check(probe, "abi-narrow");
        assertTrue(r.mismatches().stream().anyMatch(m -> m.startsWith("fsize struct open_how.resolve")), r.mismatches()::toString);
    }

    @Test
    void aWrongConstantOrIoctlNumberIsCaught() throws Exception {
        AbiProbe probe = new AbiProbe().include("linux/openat2.h").include("linux/ioctl.h").include("linux/vduse.h")
                .constant("RESOLVE_BENEATH", 0x10, 64)
                .constant("VDUSE_CREATE_DEV", 0x4000_8102L, 64);
        AbiProbe.Report r = check(probe, "abi-const");
        assertTrue(r.mismatches().size() == 2, r.mismatches()::toString);
    }

    @Test
    void aFieldThatDoesNotExistInCFailsCompilation() throws Exception {
        AbiProbe probe = new AbiProbe().include("linux/openat2.h").struct(MemoryLayout.structLayout(
                JAVA_LONG.withName("flags"), JAVA_LONG.withName("mode"), JAVA_LONG.withName("resolution"))
                .withName("struct open_how"));
        AbiProbe.Report r = check(probe, "abi-missing");
        assertFalse(r.ok());
        assertTrue(r.mismatches().get(0).contains("did not compile"), r.mismatches()::toString);
    }

    @Test
    void aFlexibleArrayMemberIsCheckedByOffsetAndAWrongOneIsCaught() throws Exception {
        MemoryLayout good = MemoryLayout.structLayout(JAVA_INT.withName("offset"), JAVA_INT.withName("length"),
                MemoryLayout.sequenceLayout(0, java.lang.foreign.ValueLayout.JAVA_BYTE).withName("buffer"))
                .withName("struct vduse_config_data");
        MemoryLayout shifted = MemoryLayout.structLayout(JAVA_INT.withName("offset"), JAVA_INT.withName("length"),
                MemoryLayout.paddingLayout(8),
                MemoryLayout.sequenceLayout(0, java.lang.foreign.ValueLayout.JAVA_BYTE).withName("buffer"))
                .withName("struct vduse_config_data");
        AbiProbe.Report ok = check(new AbiProbe().include("linux/ioctl.h").include("linux/vduse.h").struct(good), "abi-flex");
        assertTrue(ok.ok(), ok.mismatches()::toString);
        assertTrue(ok.fields() == 3, "three fields checked, got " + ok.fields());
        AbiProbe.Report bad = check(new AbiProbe().include("linux/ioctl.h").include("linux/vduse.h").struct(shifted), "abi-flex-bad");
        assertTrue(bad.mismatches().stream().anyMatch(m -> m.startsWith("offset struct vduse_config_data.buffer")),
                bad.mismatches()::toString);
    }
}
