namespace NativeArrays.IO;

/// <summary>
/// An array whose element type is known only at run time (a .npy file of any dtype): its dtype, CLR type and shape,
/// and the typed array through <see cref="As{T}"/>. Dispose it (or the typed array: the same object) when done.
/// </summary>
public sealed class NpyArray : IDisposable
{
    private readonly IDisposable _array;
    private readonly nint[] _shape;

    private NpyArray(IDisposable array, Type clrType, string elementType, ReadOnlySpan<nint> shape)
    {
        _array = array;
        ClrType = clrType;
        ElementType = elementType;
        _shape = shape.ToArray();
    }

    internal static NpyArray Of<T>(NDArray<T> array) where T : unmanaged => new(array, typeof(T), array.ElementType, array.Shape);

    /// <summary>The element type as a CLR type (float for float32, ...).</summary>
    public Type ClrType { get; }
    /// <summary>The NumPy dtype name (float32, int64, bool, ...).</summary>
    public string ElementType { get; }
    /// <summary>Length of each dimension.</summary>
    public ReadOnlySpan<nint> Shape => _shape;

    /// <summary>The typed array (the same object each time, not a copy).</summary>
    /// <exception cref="InvalidCastException">The elements are of another type; the message names both.</exception>
    [ReturnsExistingArray]
    public NDArray<T> As<T>() where T : unmanaged =>
        _array as NDArray<T> ?? throw new InvalidCastException($"The array holds {ElementType} ({ClrType.Name}) elements, not {typeof(T).Name}; use As<{ClrType.Name}>() or AsType after.");

    /// <summary>Whether the elements are of type <typeparamref name="T"/>.</summary>
    public bool Is<T>() where T : unmanaged => _array is NDArray<T>;

    /// <summary>Disposes the typed array.</summary>
    public void Dispose() => _array.Dispose();

    /// <inheritdoc/>
    public override string ToString() => _array.ToString() ?? "";
}

public static partial class Npy
{
    /// <summary>
    /// Reads the .npy file at <paramref name="path"/> whatever its element type (NumPy's <c>np.load</c>): the element
    /// type comes from the header; the typed array is <c>result.As&lt;T&gt;()</c>.
    /// </summary>
    /// <exception cref="InvalidDataException">Not an .npy file, or malformed, truncated or oversized.</exception>
    /// <exception cref="NotSupportedException">An element type NativeArrays does not read (the message names it).</exception>
    public static NpyArray Load(string path)
    {
        var header = ReadHeader(path);
        return Dispatch(header.ClrType, new LoadPath(path));
    }

    /// <summary>Reads one .npy array of any element type from a seekable <paramref name="stream"/> at its position (left just after it).</summary>
    /// <exception cref="ArgumentException">The stream cannot seek (the header must be read twice).</exception>
    public static NpyArray Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanSeek) throw new ArgumentException("Loading an .npy of unknown element type needs a seekable stream; use Load<T> when the type is known.", nameof(stream));
        long start = stream.Position;
        var header = ReadHeader(stream);
        stream.Position = start;
        return Dispatch(header.ClrType, new LoadStream(stream));
    }

    /// <summary>Maps the .npy file at <paramref name="path"/> whatever its element type (NumPy's <c>np.load(mmap_mode=...)</c>).</summary>
    public static NpyArray Open(string path, NpyMapMode mode = NpyMapMode.ReadOnly)
    {
        var header = ReadHeader(path);
        return Dispatch(header.ClrType, new OpenPath(path, mode));
    }

    private interface ILoader
    {
        NDArray<T> Run<T>() where T : unmanaged;
    }

    private readonly record struct LoadPath(string Path) : ILoader
    {
        public NDArray<T> Run<T>() where T : unmanaged => Load<T>(Path);
    }

    private readonly record struct LoadStream(Stream Stream) : ILoader
    {
        public NDArray<T> Run<T>() where T : unmanaged => Load<T>(Stream);
    }

    private readonly record struct OpenPath(string Path, NpyMapMode Mode) : ILoader
    {
        public NDArray<T> Run<T>() where T : unmanaged => Open<T>(Path, Mode);
    }

    private readonly record struct LoadEntry(NpzEntry Entry) : ILoader
    {
        public NDArray<T> Run<T>() where T : unmanaged => Entry.Load<T>();
    }

    /// <summary>Reads an .npz member of any element type (its header gives the type).</summary>
    internal static NpyArray Load(NpzEntry entry) => Dispatch(entry.Header.ClrType, new LoadEntry(entry));

    private static NpyArray Dispatch<TLoader>(Type type, TLoader loader) where TLoader : ILoader =>
        type == typeof(bool) ? NpyArray.Of(loader.Run<bool>())
        : type == typeof(sbyte) ? NpyArray.Of(loader.Run<sbyte>())
        : type == typeof(byte) ? NpyArray.Of(loader.Run<byte>())
        : type == typeof(short) ? NpyArray.Of(loader.Run<short>())
        : type == typeof(ushort) ? NpyArray.Of(loader.Run<ushort>())
        : type == typeof(int) ? NpyArray.Of(loader.Run<int>())
        : type == typeof(uint) ? NpyArray.Of(loader.Run<uint>())
        : type == typeof(long) ? NpyArray.Of(loader.Run<long>())
        : type == typeof(ulong) ? NpyArray.Of(loader.Run<ulong>())
        : type == typeof(Half) ? NpyArray.Of(loader.Run<Half>())
        : type == typeof(float) ? NpyArray.Of(loader.Run<float>())
        : type == typeof(double) ? NpyArray.Of(loader.Run<double>())
        : throw new NotSupportedException($"Npy.Load: element type {type.Name} has no NDArray form.");
}
