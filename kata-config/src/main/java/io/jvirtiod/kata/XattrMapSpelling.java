package io.jvirtiod.kata;

import io.jvirtiod.fs.passthrough.XattrMap;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** The {@code --xattrmap MAP} converter of every command: {@link XattrMap#parse} decides, naming a bad rule. */
public final class XattrMapSpelling implements ITypeConverter<XattrMap> {
    @Override
    public XattrMap convert(String value) {
        try {
            return XattrMap.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
