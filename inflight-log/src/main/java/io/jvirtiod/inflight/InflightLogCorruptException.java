package io.jvirtiod.inflight;

/**
 * An in-flight log that cannot be trusted: truncated, not ours, torn or corrupt. It names the log, the field
 * and the bad value, because the operator must decide what to do with the guest's unfinished requests; the
 * daemon never resumes from such a log and never silently drops what it holds.
 */
public final class InflightLogCorruptException extends RuntimeException {
    private final String field;
    private final String value;

    /**
     * @param source the log (file path, or "shared buffer")
     * @param field  the field, e.g. "queue 1 desc[7].inflight"
     * @param value  its bad value as found
     * @param rule   what it should have been, citing the rule it breaks
     */
    public InflightLogCorruptException(String source, String field, Object value, String rule) {
        super(source + ": " + field + " = " + value + ": " + rule);
        this.field = field;
        this.value = String.valueOf(value);
    }

    /** The field that is wrong. */
    public String field() {
        return field;
    }

    /** The value found in it. */
    public String value() {
        return value;
    }
}
