package io.jvirtiod.daemon;

import io.jvirtiod.kata.VirtiofsdOptions.Sandbox;
import io.jvirtiod.sandbox.Capability;
import io.jvirtiod.sandbox.NamespaceSandbox;
import io.jvirtiod.sandbox.SandboxCheck;
import io.jvirtiod.sandbox.SandboxPlan;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

import java.util.stream.Collectors;

/**
 * A command's {@code --sandbox}, applied once its options are checked and before it opens what it serves: with
 * namespace, the first run (stage 1) hands the process to the stage script and never returns; the run inside
 * (stage 2) checks it is confined and goes on. See docs/architecture.md, "Two-stage start".
 */
final class Sandboxing {
    private Sandboxing() {}

    /**
     * Applies {@code mode} with {@code plan}; returns the line to log on what confines the daemon.
     * {@code keepFds}: inherited fds the command needs inside (Kata's listening socket).
     */
    static String apply(Sandbox mode, SandboxPlan plan, CommandLine command, int... keepFds) {
        return switch (mode) {
            case NONE -> "--sandbox=none: not confined (the host's namespaces, the capabilities it was started with)";
            case CHROOT -> throw new ParameterException(command, Sandbox.CHROOT_REFUSED);
            case NAMESPACE -> namespace(plan, command, keepFds);
        };
    }

    private static String namespace(SandboxPlan plan, CommandLine command, int... keepFds) {
        if (!NamespaceSandbox.inside()) {
            if (!NamespaceSandbox.launched()) throw new ParameterException(command, NamespaceSandbox.NOT_LAUNCHED);
            NamespaceSandbox.enter(plan, keepFds); // returns only by throwing
        }
        SandboxCheck.verify(plan.kept());
        return "--sandbox=namespace: new mount, pid and network namespaces, root a tmpfs holding only what is "
                + "served, no_new_privs, capabilities kept: "
                + plan.kept().stream().sorted().map(Capability::setprivName).collect(Collectors.joining(","));
    }
}
