package io.jvirtiod.fs.passthrough;

import io.jvirtiod.binding.sys.Errno;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

/**
 * Which xattr names of the guest reach the host, and under which name: virtiofsd's {@code --xattrmap} (its
 * doc/xattr-mapping.md, QEMU's docs/tools/virtiofsd.rst "xattr-mapping"). The daemon works as root, so without it a
 * guest's {@code trusted.*} or {@code security.*} name would land on the host file with the host's meaning.
 *
 * <p>A map is an ordered list of rules {@code :type:scope:key:prepend:}, the first non-blank character of each rule
 * being its separator. The first rule that matches decides: a name from the guest (GETXATTR, SETXATTR, REMOVEXATTR;
 * scope {@code client} or {@code all}) matches when it starts with {@code key}, a name from the host (LISTXATTR;
 * scope {@code server} or {@code all}) when it starts with {@code prepend}. {@code prefix} prepends {@code prepend}
 * to a guest's name and strips it from a host's; {@code ok} passes the name; {@code bad} refuses a guest's name
 * with EPERM and hides a host's; {@code unsupported} (the Rust virtiofsd's) the same with EOPNOTSUPP. The
 * shorthand {@code :map:key:prepend:}, at most once and last, expands as virtiofsd expands it. A name no rule
 * matches is refused and hidden: QEMU's C virtiofsd appends that {@code :bad:all:::} terminator (the Rust one
 * aborts the daemon instead).
 *
 * <p>POSIX ACL names ({@code system.posix_acl_access}, {@code system.posix_acl_default}) are refused with
 * EOPNOTSUPP and hidden whatever the map says, as virtiofsd does unless FUSE_POSIX_ACL was negotiated, which
 * jvirtiod never offers: the guest kernel then enforces ACLs it cannot see, and none land on the host unchecked.
 *
 * <p>Mapping allocates nothing: names are matched in place, a guest's mapped name is written to a caller's buffer,
 * and a host's list is filtered in place.
 */
public final class XattrMap {
    /** What a matching rule does. */
    public enum Type {
        PREFIX, OK, BAD, UNSUPPORTED
    }

    private static final int CLIENT = 1;
    private static final int SERVER = 2;
    private static final int ALL = CLIENT | SERVER;
    private static final byte[] NONE = {};

    /** Names refused and hidden because POSIX ACLs are not negotiated (virtiofsd's block_xattr). */
    private static final byte[][] POSIX_ACL_NAMES = {bytes("system.posix_acl_access"),
            bytes("system.posix_acl_default")};

    /**
     * jvirtiod's policy when no map is given, stricter than virtiofsd's (which passes every name): the host's
     * {@code trusted.*} and {@code security.*} namespaces are refused and hidden, except {@code security.capability},
     * which passes as in virtiofsd, so the host kernel drops it on write and chown as it would for a local file.
     */
    public static final XattrMap DEFAULT = parse(":ok:all:security.capability:security.capability: "
            + ":bad:all:security.:security.: :bad:all:trusted.:trusted.: :ok:all:::");

    private final String spec;
    private final Type[] types;
    private final int[] scopes;
    private final byte[][] keys;
    private final byte[][] prepends;

    private XattrMap(String spec, List<Rule> rules) {
        this.spec = spec;
        int n = rules.size();
        types = new Type[n];
        scopes = new int[n];
        keys = new byte[n][];
        prepends = new byte[n][];
        for (int i = 0; i < n; i++) {
            Rule r = rules.get(i);
            types[i] = r.type;
            scopes[i] = r.scope;
            keys[i] = r.key;
            prepends[i] = r.prepend;
        }
    }

    private record Rule(Type type, int scope, byte[] key, byte[] prepend) {
    }

    /**
     * Parses virtiofsd's {@code --xattrmap} syntax; IllegalArgumentException naming the rule (counted from 1) and
     * the character where it starts if a rule is malformed.
     */
    public static XattrMap parse(String spec) {
        List<Rule> rules = new ArrayList<>();
        int at = 0;
        int n = 0;
        while (true) {
            while (at < spec.length() && Character.isWhitespace(spec.charAt(at))) at++;
            if (at == spec.length()) break;
            n++;
            int start = at;
            char sep = spec.charAt(at++);
            List<String> fields = new ArrayList<>(4);
            String type = null;
            while (type == null || fields.size() < (type.equals("map") ? 2 : 3)) {
                int end = spec.indexOf(sep, at);
                if (end < 0) {
                    throw bad(n, start, "'" + spec.substring(start) + "' is incomplete (a rule is " + sep + "type"
                            + sep + "scope" + sep + "key" + sep + "prepend" + sep + ")");
                }
                String field = spec.substring(at, end);
                at = end + 1;
                if (type == null) {
                    type = field;
                    if (!List.of("prefix", "ok", "bad", "unsupported", "map").contains(type)) {
                        throw bad(n, start, "unknown type '" + type + "' (prefix, ok, bad, unsupported or map)");
                    }
                } else {
                    fields.add(field);
                }
            }
            if (type.equals("map")) {
                while (at < spec.length() && Character.isWhitespace(spec.charAt(at))) at++;
                if (at < spec.length()) throw bad(n, start, "a map rule must be the last rule");
                expandMap(rules, bytes(fields.get(0)), bytes(fields.get(1)));
            } else {
                int scope = switch (fields.get(0)) {
                    case "client" -> CLIENT;
                    case "server" -> SERVER;
                    case "all" -> ALL;
                    default -> throw bad(n, start, "unknown scope '" + fields.get(0) + "' (client, server or all)");
                };
                rules.add(new Rule(Type.valueOf(type.toUpperCase(Locale.ROOT)), scope, bytes(fields.get(1)),
                        bytes(fields.get(2))));
            }
        }
        if (rules.isEmpty()) throw new IllegalArgumentException("xattrmap '" + spec + "' has no rules");
        rules.add(new Rule(Type.BAD, ALL, NONE, NONE));
        return new XattrMap(spec, rules);
    }

    /** virtiofsd's expansion of {@code :map:key:prepend:}. */
    private static void expandMap(List<Rule> rules, byte[] key, byte[] prepend) {
        rules.add(new Rule(Type.PREFIX, ALL, key, prepend));
        if (key.length == 0) {
            rules.add(new Rule(Type.BAD, ALL, NONE, NONE));
            return;
        }
        // hide the host's unprefixed names under key; refuse the guest's names under prepend (no way around it)
        rules.add(new Rule(Type.BAD, ALL, prepend, key));
        rules.add(new Rule(Type.OK, ALL, NONE, NONE));
    }

    private static IllegalArgumentException bad(int rule, int at, String problem) {
        return new IllegalArgumentException("xattrmap rule " + rule + " (at character " + (at + 1) + "): " + problem);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    /**
     * Maps a guest's name, the {@code length} bytes at {@code offset} of {@code name}, to the host's: writes it
     * NUL-terminated at the start of {@code out} and returns its length, or returns -EPERM ({@code bad}),
     * -EOPNOTSUPP ({@code unsupported}, a POSIX ACL) or -ERANGE (the mapped name does not fit {@code out}).
     */
    public int mapClient(MemorySegment name, long offset, int length, MemorySegment out) {
        if (isPosixAcl(name, offset, length)) return -Errno.EOPNOTSUPP;
        int r = match(CLIENT, name, offset, length);
        byte[] prepend = types[r] == Type.PREFIX ? prepends[r] : NONE;
        return switch (types[r]) {
            case BAD -> -Errno.EPERM;
            case UNSUPPORTED -> -Errno.EOPNOTSUPP;
            case OK, PREFIX -> {
                int total = prepend.length + length;
                if (total + 1L > out.byteSize()) yield -Errno.ERANGE;
                MemorySegment.copy(prepend, 0, out, JAVA_BYTE, 0, prepend.length);
                MemorySegment.copy(name, offset, out, prepend.length, length);
                out.set(JAVA_BYTE, total, (byte) 0);
                yield total;
            }
        };
    }

    /**
     * Filters the host's LISTXATTR reply, the {@code length} bytes of NUL-terminated names at {@code offset} of
     * {@code list}, in place into what the guest sees: names a rule hides (and POSIX ACLs) dropped, {@code prefix}
     * rules' prepends stripped, names left empty by stripping dropped. Returns the new length.
     */
    public int mapServerList(MemorySegment list, long offset, int length) {
        long write = offset;
        long end = offset + length;
        for (long at = offset; at < end; ) {
            long nul = at;
            while (nul < end && list.get(JAVA_BYTE, nul) != 0) nul++;
            int len = (int) (nul - at);
            long from = at;
            at = nul + 1;
            if (len == 0) continue;
            int r = match(SERVER, list, from, len);
            if (types[r] == Type.BAD || types[r] == Type.UNSUPPORTED) continue;
            if (types[r] == Type.PREFIX) {
                from += prepends[r].length;
                len -= prepends[r].length;
            }
            if (len == 0 || isPosixAcl(list, from, len)) continue;
            MemorySegment.copy(list, from, list, write, len);
            list.set(JAVA_BYTE, write + len, (byte) 0);
            write += len + 1;
        }
        return (int) (write - offset);
    }

    /** The first rule of {@code scope} matching the name; the appended terminator matches every name. */
    private int match(int scope, MemorySegment s, long offset, int length) {
        for (int r = 0; ; r++) {
            if ((scopes[r] & scope) != 0 && startsWith(s, offset, length, scope == CLIENT ? keys[r] : prepends[r])) {
                return r;
            }
        }
    }

    private static boolean isPosixAcl(MemorySegment s, long offset, int length) {
        for (byte[] acl : POSIX_ACL_NAMES) {
            if (acl.length == length && startsWith(s, offset, length, acl)) return true;
        }
        return false;
    }

    private static boolean startsWith(MemorySegment s, long offset, int length, byte[] prefix) {
        if (prefix.length > length) return false;
        for (int i = 0; i < prefix.length; i++) {
            if (s.get(JAVA_BYTE, offset + i) != prefix[i]) return false;
        }
        return true;
    }

    /** The rules in effect, expansions and the terminator included, as {@code :type:scope:key:prepend:} each. */
    public List<String> rules() {
        List<String> out = new ArrayList<>(types.length);
        for (int r = 0; r < types.length; r++) {
            String scope = scopes[r] == ALL ? "all" : scopes[r] == CLIENT ? "client" : "server";
            out.add(":" + types[r].name().toLowerCase(Locale.ROOT) + ":" + scope + ":" + text(keys[r]) + ":"
                    + text(prepends[r]) + ":");
        }
        return out;
    }

    /** The map as it was given. */
    @Override
    public String toString() {
        return spec;
    }
}
