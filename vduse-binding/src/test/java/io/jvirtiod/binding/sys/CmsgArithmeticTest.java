package io.jvirtiod.binding.sys;

import io.jvirtiod.nativeheaders.AbiProbe;
import io.jvirtiod.testsupport.Require;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CmsgHdr's Java arithmetic must give what glibc's CMSG_* macros give, for every length an fd array can have. */
class CmsgArithmeticTest {

    @Test
    void alignLenAndSpaceMatchTheCMacros() throws Exception {
        var cc = AbiProbe.findCompiler();
        Require.that(cc.isPresent(), "no C compiler (gcc) on PATH; apt-get install gcc");
        AbiProbe probe = new AbiProbe().include("sys/socket.h");
        int checked = 0;
        for (int n = 0; n <= 4 * 8 + 3; n++) {
            probe.constant("CMSG_ALIGN(" + n + ")", CmsgHdr.align(n), 64);
            probe.constant("CMSG_LEN(" + n + ")", CmsgHdr.len(n), 64);
            probe.constant("CMSG_SPACE(" + n + ")", CmsgHdr.space(n), 64);
            checked += 3;
        }
        probe.constant("sizeof(struct cmsghdr)", CmsgHdr.SIZE, 64);
        AbiProbe.Report r = probe.run(cc.orElseThrow(), Path.of("target", "cmsg-probe"));
        assertTrue(r.ok(), () -> String.join("\n", r.mismatches()));
        assertEquals(checked + 1, r.constants());
    }

    @Test
    void oneFdTakesTwentyFourBytesOfControlSpace() {
        assertEquals(20, CmsgHdr.len(4));
        assertEquals(24, CmsgHdr.space(4));
        assertEquals(16, CmsgHdr.dataOffset());
    }
}
