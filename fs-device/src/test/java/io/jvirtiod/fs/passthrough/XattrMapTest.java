package io.jvirtiod.fs.passthrough;

import io.jvirtiod.binding.sys.Errno;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** virtiofsd's xattr mapping rules (doc/xattr-mapping.md): the parser, and names mapped both ways. */
class XattrMapTest {
    private static final String TERMINATOR = ":bad:all:::";
    private final Arena arena = Arena.ofAuto();

    /** The guest's name as the host sees it, or "errno N" if refused. */
    private String client(XattrMap map, String name) {
        byte[] b = name.getBytes(StandardCharsets.UTF_8);
        MemorySegment in = arena.allocate(b.length + 1L);
        MemorySegment.copy(b, 0, in, JAVA_BYTE, 0, b.length);
        MemorySegment out = arena.allocate(256);
        int n = map.mapClient(in, 0, b.length, out);
        return n < 0 ? "errno " + -n : out.getString(0);
    }

    /** The host's names as LISTXATTR shows them to the guest. */
    private List<String> server(XattrMap map, String... names) {
        StringBuilder sb = new StringBuilder();
        for (String n : names) sb.append(n).append('\0');
        byte[] b = sb.toString().getBytes(StandardCharsets.UTF_8);
        MemorySegment list = arena.allocate(b.length + 8L);
        MemorySegment.copy(b, 0, list, JAVA_BYTE, 4, b.length);
        int n = map.mapServerList(list, 4, b.length);
        List<String> out = new ArrayList<>();
        for (long at = 4; at < 4 + n; ) {
            String s = list.getString(at);
            out.add(s);
            at += s.getBytes(StandardCharsets.UTF_8).length + 1;
        }
        return out;
    }

    private static String error(String spec) {
        return assertThrows(IllegalArgumentException.class, () -> XattrMap.parse(spec)).getMessage();
    }

    @Test
    void everyRuleTypeAndScopeParsesWithTheImplicitBadTerminatorAppended() {
        assertEquals(List.of(":prefix:client:trusted.:user.virtiofs.:", ":ok:server::security.:",
                        ":bad:all:a.:b.:", ":unsupported:all:c.:c.:", TERMINATOR),
                XattrMap.parse(":prefix:client:trusted.:user.virtiofs.: :ok:server::security.: :bad:all:a.:b.:"
                        + " :unsupported:all:c.:c.:").rules());
    }

    @Test
    void eachRuleChoosesItsOwnSeparatorAndWhitespaceSeparatesRules() {
        assertEquals(List.of(":prefix:all:trusted.:user.virtiofs.:", ":bad:server::trusted.:",
                        ":bad:client:user.virtiofs.::", ":ok:all:::", TERMINATOR),
                XattrMap.parse("\n  /prefix/all/trusted./user.virtiofs./\n  |bad|server||trusted.|\n"
                        + "\t,bad,client,user.virtiofs.,,\n  :ok:all::: \n").rules());
        assertEquals(List.of(":prefix:all::user.virtiofs.:", ":bad:all:::", TERMINATOR),
                XattrMap.parse(":prefix:all::user.virtiofs.::bad:all:::").rules(), "rules may touch");
    }

    @Test
    void theMapShorthandExpandsAsVirtiofsdDoes() {
        assertEquals(List.of(":prefix:all::user.virtiofs.:", ":bad:all:::", TERMINATOR),
                XattrMap.parse(":map::user.virtiofs.:").rules(), "docs example 1");
        assertEquals(List.of(":prefix:all:trusted.:user.virtiofs.:", ":bad:all:user.virtiofs.:trusted.:",
                ":ok:all:::", TERMINATOR), XattrMap.parse("/map/trusted./user.virtiofs./").rules(), "docs example 2");
    }

    @Test
    void malformedMapsAreRefusedNamingTheRuleAndWhereItStarts() {
        assertEquals("xattrmap '  ' has no rules", error("  "));
        assertEquals("xattrmap rule 1 (at character 1): unknown type 'prefx' (prefix, ok, bad, unsupported or map)",
                error(":prefx:all:a:b:"));
        assertEquals("xattrmap rule 2 (at character 12): unknown scope 'both' (client, server or all)",
                error(":ok:all::: :bad:both:::"));
        assertEquals("xattrmap rule 1 (at character 1): ':prefix:all:trusted.:user.vm.' is incomplete (a rule is "
                + ":type:scope:key:prepend:)", error(":prefix:all:trusted.:user.vm."));
        assertEquals("xattrmap rule 1 (at character 1): a map rule must be the last rule",
                error(":map::user.virtiofs.: :ok:all:::"));
        assertEquals("xattrmap rule 2 (at character 15): a map rule must be the last rule",
                error(":ok:client::: /map//user.virtiofs./ /map//user.other./"), "at most one");
    }

    @Test
    void clientNamesArePrefixedPassedOrRefusedByTheFirstMatchingRule() {
        XattrMap m = XattrMap.parse("/prefix/all/trusted./user.virtiofs./ /bad/server//trusted./"
                + " /bad/client/user.virtiofs.// /unsupported/client/system.x// /ok/all///");
        assertEquals("user.virtiofs.trusted.overlay.redirect", client(m, "trusted.overlay.redirect"));
        assertEquals("errno " + Errno.EPERM, client(m, "user.virtiofs.trusted.x"), "no way around the prefix");
        assertEquals("errno " + Errno.EOPNOTSUPP, client(m, "system.xyz"));
        assertEquals("user.k", client(m, "user.k"));
        assertEquals("errno " + Errno.EPERM, client(XattrMap.parse(":ok:client:user.::"), "trusted.a"),
                "no rule matched: the terminator refuses");
        assertEquals("errno " + Errno.ERANGE, client(XattrMap.parse(":map::" + "p".repeat(200) + ":"),
                "user." + "n".repeat(60)), "longer than XATTR_NAME_MAX once mapped");
    }

    @Test
    void serverNamesAreStrippedPassedOrHiddenByTheFirstMatchingRule() {
        XattrMap m = XattrMap.parse("/map/trusted./user.virtiofs./");
        assertEquals(List.of("trusted.overlay.redirect", "user.k", "security.selinux"), server(m,
                "user.virtiofs.trusted.overlay.redirect", "trusted.host", "user.k", "security.selinux"));
        assertEquals(List.of("trusted.a"), server(XattrMap.parse(":map::user.virtiofs.:"),
                "user.virtiofs.trusted.a", "user.plain", "security.selinux", "user.virtiofs."),
                "everything unprefixed hidden; a name stripped to nothing too");
        assertEquals(List.of(), server(m));
    }

    @Test
    void posixAclNamesAreRefusedAndHiddenWhateverTheMapSays() {
        XattrMap all = XattrMap.parse(":ok:all:::");
        assertEquals("errno " + Errno.EOPNOTSUPP, client(all, "system.posix_acl_access"));
        assertEquals("errno " + Errno.EOPNOTSUPP, client(all, "system.posix_acl_default"));
        assertEquals(List.of("user.a"), server(all, "system.posix_acl_access", "user.a", "system.posix_acl_default"));
        assertEquals(List.of("user.b"), server(XattrMap.parse(":map::user.virtiofs.:"),
                "user.virtiofs.system.posix_acl_access", "user.virtiofs.user.b"), "checked after stripping");
    }

    @Test
    void theDefaultRefusesTrustedAndSecurityButSecurityCapability() {
        XattrMap d = XattrMap.DEFAULT;
        assertEquals("errno " + Errno.EPERM, client(d, "trusted.overlay.redirect"));
        assertEquals("errno " + Errno.EPERM, client(d, "security.selinux"));
        assertEquals("security.capability", client(d, "security.capability"));
        assertEquals("user.k", client(d, "user.k"));
        assertEquals(List.of("security.capability", "user.k"), server(d, "trusted.overlay.opaque",
                "security.capability", "security.selinux", "user.k"));
    }
}
