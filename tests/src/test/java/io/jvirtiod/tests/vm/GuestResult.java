package io.jvirtiod.tests.vm;

/**
 * What came back from one guest boot: the guest command's exit code and output (stdout and stderr merged, as the
 * guest wrote them), and the host-side harness log (QEMU, daemon and timing lines) to explain a failure.
 */
public record GuestResult(int exitCode, String output, String harnessLog) {

    /** A one-paragraph description for assertion messages. */
    public String describe() {
        return "guest exit " + exitCode + "\n--- guest output\n" + output + "--- harness log\n" + harnessLog;
    }
}
