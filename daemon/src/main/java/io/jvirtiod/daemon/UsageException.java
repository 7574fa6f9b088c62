package io.jvirtiod.daemon;

/** A wrong flag or argument: reported as one line with exit status 2, never a stack trace. */
public final class UsageException extends Exception {
    public UsageException(String message) {
        super(message);
    }
}
