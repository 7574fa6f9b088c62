package io.jvirtiod.kata;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;

/**
 * A picocli converter for an enum option spelled in lower case, as virtiofsd spells its values ({@code
 * --sandbox=none}); it also lists the spellings, for the generated help ({@code ${COMPLETION-CANDIDATES}}) and
 * shell completion. A misspelling is refused naming it and the accepted spellings.
 */
public abstract class Spelling<E extends Enum<E>> implements ITypeConverter<E>, Iterable<String> {
    private final Class<E> type;
    private final String what;

    /** {@code what} names the kind of value in an error: "'jail' is not a sandbox mode". */
    protected Spelling(Class<E> type, String what) {
        this.type = type;
        this.what = what;
    }

    @Override
    public E convert(String value) {
        for (E e : type.getEnumConstants()) {
            if (spell(e).equals(value)) return e;
        }
        throw new TypeConversionException("'" + value + "' is not " + what + " (expected "
                + String.join(", ", this) + ")");
    }

    @Override
    public Iterator<String> iterator() {
        return Arrays.stream(type.getEnumConstants()).map(Spelling::spell).iterator();
    }

    private static String spell(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
