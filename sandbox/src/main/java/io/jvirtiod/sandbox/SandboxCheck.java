package io.jvirtiod.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Stage 2 of {@code --sandbox namespace}: the command, told by the stage script that it runs inside, checks that
 * it does before serving: no_new_privs, exactly the capabilities of its {@link KeptCapabilities} row (effective,
 * permitted and bounding; none inheritable or ambient), pid 1 of a new pid namespace, a tmpfs as its root, no
 * network device but loopback. A marker without the confinement (a script that failed halfway, a hand-set
 * variable) must not pass for a sandbox.
 */
public final class SandboxCheck {
    private SandboxCheck() {}

    /** Checks this process; throws IllegalStateException naming every check that failed. */
    public static void verify(Set<Capability> kept) {
        List<String> problems;
        try {
            problems = problems(Files.readString(Path.of("/proc/self/status")),
                    Files.readString(Path.of("/proc/self/mountinfo")), Files.readString(Path.of("/proc/self/net/dev")),
                    ProcessHandle.current().pid(), Capability.mask(kept));
        } catch (IOException e) {
            problems = List.of("cannot read /proc/self: " + e.getMessage());
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException(NamespaceSandbox.INSIDE + "=namespace is set but this process is not "
                    + "confined: " + String.join("; ", problems));
        }
    }

    /** The checks that fail, given /proc/self/status, mountinfo, net/dev, the pid and the expected mask. */
    static List<String> problems(String status, String mountinfo, String netDev, long pid, long mask) {
        List<String> p = new ArrayList<>();
        if (!"1".equals(field(status, "NoNewPrivs"))) p.add("NoNewPrivs is " + field(status, "NoNewPrivs"));
        for (String set : List.of("CapEff", "CapPrm", "CapBnd")) {
            String v = field(status, set);
            if (v == null || Long.parseUnsignedLong(v, 16) != mask) {
                p.add(set + " is " + v + ", not " + String.format("%016x", mask));
            }
        }
        for (String set : List.of("CapInh", "CapAmb")) {
            String v = field(status, set);
            if (v == null || Long.parseUnsignedLong(v, 16) != 0) p.add(set + " is " + v + ", not empty");
        }
        if (pid != 1) p.add("pid " + pid + " is not 1 of a new pid namespace");
        String rootType = rootFsType(mountinfo);
        if (!"tmpfs".equals(rootType)) p.add("the root is " + rootType + ", not the sandbox's tmpfs");
        List<String> devices = netDev.lines().skip(2).map(l -> l.substring(0, l.indexOf(':')).trim()).toList();
        if (!devices.equals(List.of("lo"))) p.add("network devices " + devices + " (a new namespace has lo only)");
        return p;
    }

    /** The value of a "Name:\tvalue" line of /proc/PID/status, or null. */
    static String field(String status, String name) {
        return status.lines().filter(l -> l.startsWith(name + ":")).map(l -> l.substring(name.length() + 1).trim())
                .findFirst().orElse(null);
    }

    /** The file system type of the mount at "/" (proc(5) mountinfo: field 5 the mount point, the type after "-"). */
    static String rootFsType(String mountinfo) {
        String type = null;
        for (String line : mountinfo.lines().toList()) {
            String[] f = line.split(" ");
            if (f.length > 4 && f[4].equals("/")) {
                int dash = List.of(f).indexOf("-");
                if (dash > 0 && dash + 1 < f.length) type = f[dash + 1]; // the last mount at "/" is the one seen
            }
        }
        return type;
    }
}
