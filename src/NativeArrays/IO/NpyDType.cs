using NativeArrays.Common;

namespace NativeArrays.IO;

/// <summary>
/// An .npy element type NativeArrays can hold: NumPy's <c>descr</c> string (<c>'&lt;f4'</c>, <c>'|b1'</c>, ...) decoded
/// into kind, size and byte order.
/// </summary>
internal readonly record struct NpyDType(char Kind, int Size, bool BigEndian)
{
    /// <summary>The supported descrs, for error messages.</summary>
    public const string SupportedList = "'|b1' (bool), '|i1' '|u1', '<i2' '<u2', '<i4' '<u4', '<i8' '<u8', '<f2' (Half), '<f4', '<f8' (and the '>' big-endian forms)";

    /// <summary>The row of the element-type table for this kind and size.</summary>
    public ElementTypeInfo Info => ElementTypes.Find((ElementKind)Kind, Size)
        ?? throw new InvalidOperationException($"Unexpected dtype {Kind}{Size}.");

    /// <summary>The CLR element type.</summary>
    public Type ClrType => Info.ClrType;

    /// <summary>NumPy's dtype name ("float32", ...).</summary>
    public string Name => Info.Name;

    /// <summary>The descr NumPy writes for this type (<c>|</c> for one-byte types).</summary>
    public string Descr => BigEndian && Size > 1 ? $">{Kind}{Size}" : Info.NpyDescr;

    /// <summary>The little-endian dtype of <typeparamref name="T"/>.</summary>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is not a NativeArrays element type.</exception>
    public static NpyDType Of<T>() where T : unmanaged
    {
        var info = ElementTypes.Of<T>();
        return new(info.KindCode, info.Size, false);
    }

    /// <summary>Whether this type holds <typeparamref name="T"/> (either byte order).</summary>
    public bool Matches<T>() where T : unmanaged
    {
        var t = Of<T>();
        return t.Kind == Kind && t.Size == Size;
    }

    /// <summary>
    /// Decodes a header's <c>descr</c> value. Object, structured, string, complex and date types are refused with a
    /// message that says what the file holds.
    /// </summary>
    /// <exception cref="NotSupportedException">A valid NumPy dtype that NativeArrays does not hold.</exception>
    /// <exception cref="InvalidDataException">Not a dtype descriptor at all.</exception>
    public static NpyDType Parse(object? descr)
    {
        if (descr is List<object?> or PyTuple)
            throw new NotSupportedException(
                $"The .npy file holds a structured dtype (a list of fields); NativeArrays reads only plain numeric dtypes: {SupportedList}.");
        if (descr is not string s)
            throw new InvalidDataException($"The .npy header's 'descr' must be a string, not {Describe(descr)}.");
        if (s.Length == 0) throw new InvalidDataException("The .npy header's 'descr' is empty.");

        if (char.IsAsciiDigit(s[0]) || s[0] == '(')
            throw new NotSupportedException($"The .npy file holds a sub-array dtype (descr '{Escape(s)}'); supported: {SupportedList}.");
        int i = 0;
        char order = '|';
        if (s[0] is '<' or '>' or '|' or '=') { order = s[0]; i = 1; }
        // NumPy's one-character type codes (np.dtype('f') is float32, 'b' int8, '?' bool, ...), except the
        // platform-dependent 'l'/'L' (C long) and 'p'/'P' (intptr).
        string code = s[i..] switch
        {
            "?" => "b1",
            "b" => "i1", "B" => "u1",
            "h" => "i2", "H" => "u2",
            "i" => "i4", "I" => "u4",
            "q" => "i8", "Q" => "u8",
            "e" => "f2", "f" => "f4", "d" => "f8",
            var other => other,
        };
        if (code.Length >= 1)
        {
            char kind = code[0];
            string sizeText = code[1..];
            switch (kind)
            {
                case 'O':
                    throw new NotSupportedException(
                        $"The .npy file holds Python objects (descr '{Escape(s)}'), which NumPy stores as a pickle; loading pickles can run arbitrary code, so NativeArrays refuses them.");
                case 'V':
                    throw new NotSupportedException($"The .npy file holds raw void/structured records (descr '{Escape(s)}'); supported: {SupportedList}.");
                case 'S' or 'a' or 'U':
                    throw new NotSupportedException($"The .npy file holds strings (descr '{Escape(s)}'); supported: {SupportedList}.");
                case 'c':
                    throw new NotSupportedException($"The .npy file holds complex numbers (descr '{Escape(s)}'); supported: {SupportedList}.");
                case 'M' or 'm':
                    throw new NotSupportedException($"The .npy file holds dates or time deltas (descr '{Escape(s)}'); supported: {SupportedList}.");
                case 'b' or 'i' or 'u' or 'f':
                    if (sizeText.Length is 1 && sizeText[0] is '1' or '2' or '4' or '8')
                    {
                        int size = sizeText[0] - '0';
                        if (ElementTypes.Find((ElementKind)kind, size) is not null) return new NpyDType(kind, size, size > 1 && order == '>');
                    }
                    if (kind == 'f' && sizeText is "12" or "16")
                        throw new NotSupportedException($"The .npy file holds extended-precision floats (descr '{Escape(s)}'); supported: {SupportedList}.");
                    break;
            }
        }
        throw new NotSupportedException($"Unsupported .npy dtype descr '{Escape(s)}'; supported: {SupportedList}.");
    }

    internal static string Describe(object? value) => value switch
    {
        null => "None",
        string => "a string",
        bool => "a bool",
        System.Numerics.BigInteger => "an integer",
        PyBytes => "a bytes literal",
        PyTuple => "a tuple",
        List<object?> => "a list",
        Dictionary<string, object?> => "a dict",
        _ => value.GetType().Name,
    };

    /// <summary>Makes header text safe to quote in a message (short, printable).</summary>
    internal static string Escape(string s)
    {
        var sb = new System.Text.StringBuilder();
        foreach (char c in s.Length > 40 ? s[..40] : s)
            sb.Append(char.IsControl(c) || c > '~' ? $"\\u{(int)c:x4}" : c.ToString());
        if (s.Length > 40) sb.Append("...");
        return sb.ToString();
    }
}
