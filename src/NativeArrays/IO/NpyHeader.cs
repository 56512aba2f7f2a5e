using System.Buffers.Binary;
using System.Numerics;
using System.Text;
using NativeArrays.Layout;

namespace NativeArrays.IO;

/// <summary>The .npy format version (NumPy's <c>(major, minor)</c>).</summary>
public enum NpyFormatVersion
{
    /// <summary>When writing: the lowest version that can hold the header (NumPy's default).</summary>
    Auto = 0,
    /// <summary>1.0: 2-byte header length, latin-1 header.</summary>
    Version1 = 1,
    /// <summary>2.0: 4-byte header length, latin-1 header.</summary>
    Version2 = 2,
    /// <summary>3.0: 4-byte header length, UTF-8 header.</summary>
    Version3 = 3,
}

/// <summary>
/// The decoded header of an .npy file: format version, element type, byte order, memory order and shape, and where the
/// data lies. Read it with <see cref="Npy.ReadHeader(string)"/> to find the element type before loading.
/// </summary>
public sealed class NpyHeader
{
    /// <summary>The six magic bytes every .npy file starts with: <c>\x93NUMPY</c>.</summary>
    internal static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>NumPy's data alignment: the data starts at a multiple of 64 bytes.</summary>
    internal const int ArrayAlign = 64;

    /// <summary>NumPy's spare header room: the growth axis gets space for 21 digits, so a header can be rewritten in place.</summary>
    internal const int GrowthAxisMaxDigits = 21;

    private readonly nint[] _shape;
    private readonly NpyDType _dtype;

    internal NpyHeader(NpyFormatVersion version, NpyDType dtype, bool fortranOrder, nint[] shape, long dataOffset)
    {
        Version = version;
        _dtype = dtype;
        FortranOrder = fortranOrder;
        _shape = shape;
        DataOffset = dataOffset;
        ElementCount = NDLayout.CheckedSize(shape);
        DataByteLength = checked(ElementCount * (long)dtype.Size);
    }

    /// <summary>Format version of the file.</summary>
    public NpyFormatVersion Version { get; }
    /// <summary>NumPy's descr string of the elements, e.g. <c>&lt;f4</c>, <c>&gt;i8</c>, <c>|b1</c>.</summary>
    public string Descr => _dtype.Descr;
    /// <summary>NumPy's dtype name of the elements ("float32", ...), byte order aside.</summary>
    public string ElementType => _dtype.Name;
    /// <summary>The CLR type to load the elements as (<c>Npy.Load&lt;T&gt;</c>).</summary>
    public Type ClrType => _dtype.ClrType;
    /// <summary>Bytes per element.</summary>
    public int ElementSize => _dtype.Size;
    /// <summary>Whether the data is stored big-endian (loading byte-swaps it; mapping refuses it).</summary>
    public bool IsBigEndian => _dtype.BigEndian;
    /// <summary>Whether the data is stored in column-major (Fortran) order.</summary>
    public bool FortranOrder { get; }
    /// <summary>Length of each dimension (empty for a 0-d array).</summary>
    public ReadOnlySpan<nint> Shape => _shape;
    /// <summary>Number of elements.</summary>
    public long ElementCount { get; }
    /// <summary>Byte offset of the data from the start of the file (a multiple of 64 for files NumPy writes).</summary>
    public long DataOffset { get; }
    /// <summary>Bytes of element data.</summary>
    public long DataByteLength { get; }

    internal NpyDType DType => _dtype;
    internal nint[] ShapeArray => _shape;

    /// <summary>For example <c>NpyHeader v1.0 '&lt;f4' (3, 4) C order, data at 128</c>.</summary>
    public override string ToString() =>
        $"NpyHeader v{(int)Version}.0 '{Descr}' {NDLayout.ShapeText(_shape)} {(FortranOrder ? "Fortran" : "C")} order, data at {DataOffset}";

    // ---- Writing ------------------------------------------------------------------------------------------------

    /// <summary>
    /// The complete header bytes NumPy writes for this array (same dict text, key order, spare space and padding),
    /// in the lowest version that fits unless <paramref name="version"/> asks for one.
    /// </summary>
    internal static byte[] Build(NpyDType dtype, bool fortranOrder, ReadOnlySpan<nint> shape, NpyFormatVersion version, out NpyFormatVersion written)
    {
        var sb = new StringBuilder("{'descr': '").Append(dtype.Descr).Append("', 'fortran_order': ")
            .Append(fortranOrder ? "True" : "False").Append(", 'shape': ").Append(NDLayout.ShapeText(shape)).Append(", }");
        if (shape.Length > 0)
        {
            nint growth = shape[fortranOrder ? shape.Length - 1 : 0];
            sb.Append(' ', Math.Max(0, GrowthAxisMaxDigits - growth.ToString(System.Globalization.CultureInfo.InvariantCulture).Length));
        }
        string text = sb.ToString();
        if (version == NpyFormatVersion.Auto)
        {
            // Our dict is always ASCII, so 3.0 is never needed; 2.0 only when the text exceeds 1.0's 16-bit length.
            written = TryWrap(text, NpyFormatVersion.Version1, out var v1) ? NpyFormatVersion.Version1 : NpyFormatVersion.Version2;
            if (written == NpyFormatVersion.Version1) return v1!;
            TryWrap(text, written, out var v2);
            return v2!;
        }
        if (!Enum.IsDefined(version)) throw new ArgumentOutOfRangeException(nameof(version), version, "Unknown .npy format version.");
        if (!TryWrap(text, version, out var bytes))
            throw new ArgumentException($"An .npy header of {text.Length} characters does not fit format version {(int)version}.0.", nameof(version));
        written = version;
        return bytes!;
    }

    private static bool TryWrap(string text, NpyFormatVersion version, out byte[]? result)
    {
        Encoding encoding = version == NpyFormatVersion.Version3 ? Encoding.UTF8 : Encoding.Latin1;
        byte[] body = encoding.GetBytes(text);
        int lengthField = version == NpyFormatVersion.Version1 ? 2 : 4;
        int preamble = Magic.Length + 2 + lengthField;
        long hlen = body.Length + 1L;
        long pad = ArrayAlign - (preamble + hlen) % ArrayAlign;
        long headerLength = hlen + pad;
        if (version == NpyFormatVersion.Version1 && headerLength > ushort.MaxValue) { result = null; return false; }
        var bytes = new byte[preamble + headerLength];
        Magic.CopyTo(bytes);
        bytes[6] = (byte)version;
        bytes[7] = 0;
        if (lengthField == 2) BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), (ushort)headerLength);
        else BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), (uint)headerLength);
        body.CopyTo(bytes, preamble);
        bytes.AsSpan(preamble + body.Length, (int)pad).Fill((byte)' ');
        bytes[^1] = (byte)'\n';
        result = bytes;
        return true;
    }

    // ---- Reading ------------------------------------------------------------------------------------------------

    /// <summary>
    /// Reads and validates a header from <paramref name="stream"/>, leaving it at the first data byte. Reads at most
    /// the preamble plus a bounded header (NumPy's 10000-character limit), whatever the length field says.
    /// </summary>
    /// <exception cref="InvalidDataException">Not an .npy stream, a truncated or malformed header, or a header over the limit.</exception>
    /// <exception cref="NotSupportedException">An unknown format version or an element type NativeArrays does not hold.</exception>
    internal static NpyHeader Read(Stream stream, int maxHeaderSize)
    {
        Span<byte> pre = stackalloc byte[12];
        ReadExactly(stream, pre[..8], "the magic string and version");
        if (!pre[..6].SequenceEqual(Magic))
            throw new InvalidDataException($"Not an .npy file: it starts with {Hex(pre[..6])}, not the magic string \\x93NUMPY.");
        byte major = pre[6], minor = pre[7];
        if (major is < 1 or > 3 || minor != 0)
            throw new NotSupportedException($"Unsupported .npy format version {major}.{minor}; NativeArrays reads 1.0, 2.0 and 3.0.");
        var version = (NpyFormatVersion)major;
        int lengthField = major == 1 ? 2 : 4;
        ReadExactly(stream, pre.Slice(8, lengthField), "the header length");
        long headerLength = lengthField == 2 ? BinaryPrimitives.ReadUInt16LittleEndian(pre[8..]) : BinaryPrimitives.ReadUInt32LittleEndian(pre[8..]);
        // NumPy limits the decoded header to max_header_size characters; UTF-8 needs at most 4 bytes per character,
        // latin-1 exactly one. Checking the byte count first means a lying length never drives an allocation.
        long maxBytes = version == NpyFormatVersion.Version3 ? 4L * maxHeaderSize : maxHeaderSize;
        if (headerLength > maxBytes)
            throw new InvalidDataException(
                $"The .npy header is {headerLength} bytes, over the limit of {maxHeaderSize} characters (NumPy's max_header_size); the file may be hostile or damaged.");
        var raw = new byte[headerLength];
        ReadExactly(stream, raw, "the header");
        string text;
        try
        {
            text = version == NpyFormatVersion.Version3
                ? new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(raw)
                : Encoding.Latin1.GetString(raw);
        }
        catch (DecoderFallbackException)
        {
            throw new InvalidDataException("The .npy 3.0 header is not valid UTF-8.");
        }
        if (text.Length > maxHeaderSize)
            throw new InvalidDataException(
                $"The .npy header is {text.Length} characters, over the limit of {maxHeaderSize} (NumPy's max_header_size); the file may be hostile or damaged.");
        return Parse(text, version, Magic.Length + 2 + lengthField + headerLength);
    }

    /// <summary>Decodes the header dict text.</summary>
    internal static NpyHeader Parse(string text, NpyFormatVersion version, long dataOffset)
    {
        object? literal;
        try { literal = PyLiteral.Parse(text, allowLongSuffix: version != NpyFormatVersion.Version3); }
        catch (FormatException e) { throw new InvalidDataException(e.Message, e); }
        if (literal is not Dictionary<string, object?> dict)
            throw new InvalidDataException($"The .npy header is {NpyDType.Describe(literal)}, not a dict.");
        if (dict.Count != 3 || !dict.ContainsKey("descr") || !dict.ContainsKey("fortran_order") || !dict.ContainsKey("shape"))
            throw new InvalidDataException(
                $"The .npy header must have exactly the keys 'descr', 'fortran_order' and 'shape'; it has {string.Join(", ", dict.Keys.Order(StringComparer.Ordinal).Select(k => $"'{NpyDType.Escape(k)}'"))}.");
        if (dict["fortran_order"] is not bool fortran)
            throw new InvalidDataException($"The .npy header's 'fortran_order' must be True or False, not {NpyDType.Describe(dict["fortran_order"])}.");
        if (dict["shape"] is not PyTuple shapeTuple)
            throw new InvalidDataException($"The .npy header's 'shape' must be a tuple, not {NpyDType.Describe(dict["shape"])}.");
        var dtype = NpyDType.Parse(dict["descr"]);
        var items = shapeTuple.Items;
        if (items.Length > NDLayout.MaxRank)
            throw new NotSupportedException($"The .npy array has {items.Length} dimensions; NativeArrays supports at most {NDLayout.MaxRank}.");
        var shape = new nint[items.Length];
        BigInteger count = BigInteger.One;
        for (int i = 0; i < items.Length; i++)
        {
            if (items[i] is not BigInteger d)
                throw new InvalidDataException($"The .npy header's shape entry {i} is {NpyDType.Describe(items[i])}, not an integer.");
            if (d.Sign < 0) throw new InvalidDataException($"The .npy header's shape has a negative dimension ({d}) at position {i}.");
            if (d > long.MaxValue) throw new InvalidDataException($"The .npy header's shape dimension {i} ({Shorten(d)}) is too large.");
            shape[i] = (nint)(long)d;
            // NumPy's "array is too big" rule: the product of the non-zero dimensions (what the strides span) must fit,
            // even when another dimension is 0 and the array holds no element.
            count *= BigInteger.Max(d, BigInteger.One);
        }
        if (count * dtype.Size > long.MaxValue)
            throw new InvalidDataException($"The .npy header's shape {NDLayout.ShapeText(shape)} is too big: its strides (the product of the non-zero dimensions) span more than 2^63 bytes of {dtype.Name}.");
        return new NpyHeader(version, dtype, fortran, shape, dataOffset);
    }

    private static string Shorten(BigInteger d)
    {
        string s = d.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return s.Length > 30 ? s[..30] + "..." : s;
    }

    private static string Hex(ReadOnlySpan<byte> bytes) => "0x" + Convert.ToHexString(bytes);

    internal static void ReadExactly(Stream stream, Span<byte> buffer, string what)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int n = stream.Read(buffer[total..]);
            if (n <= 0)
                throw new InvalidDataException($"The .npy data is truncated: it ends inside {what} ({total} of {buffer.Length} bytes present).");
            total += n;
        }
    }
}
