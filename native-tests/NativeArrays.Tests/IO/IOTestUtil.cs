using System.Runtime.InteropServices;

namespace NativeArrays.Tests.IO;

/// <summary>Runs a generic action for a runtime element type.</summary>
internal interface ITypeAction<out TResult>
{
    TResult Run<T>() where T : unmanaged;
}

internal static class IOTestUtil
{
    public static readonly Type[] AllTypes = ElementTypes.All;

    public static TResult Dispatch<TResult>(Type t, ITypeAction<TResult> action) =>
        t == typeof(bool) ? action.Run<bool>()
        : t == typeof(sbyte) ? action.Run<sbyte>()
        : t == typeof(byte) ? action.Run<byte>()
        : t == typeof(short) ? action.Run<short>()
        : t == typeof(ushort) ? action.Run<ushort>()
        : t == typeof(int) ? action.Run<int>()
        : t == typeof(uint) ? action.Run<uint>()
        : t == typeof(long) ? action.Run<long>()
        : t == typeof(ulong) ? action.Run<ulong>()
        : t == typeof(Half) ? action.Run<Half>()
        : t == typeof(float) ? action.Run<float>()
        : t == typeof(double) ? action.Run<double>()
        : throw new ArgumentException($"Unexpected type {t}.");

    /// <summary>An array of random bits (bool: 0/1) in C order.</summary>
    public static NDArray<T> RandomArray<T>(Random random, params nint[] shape) where T : unmanaged
    {
        var a = NDArray<T>.Empty(shape);
        var bytes = MemoryMarshal.AsBytes(a.AsSpan());
        random.NextBytes(bytes);
        if (typeof(T) == typeof(bool))
            for (int i = 0; i < bytes.Length; i++) bytes[i] &= 1;
        return a;
    }

    /// <summary>The elements in C order as little-endian bytes.</summary>
    public static byte[] CBytes<T>(NDArray<T> a) where T : unmanaged => MemoryMarshal.AsBytes(a.ToArray().AsSpan()).ToArray();

    public static string Hex<T>(NDArray<T> a) where T : unmanaged => Convert.ToHexString(CBytes(a)).ToLowerInvariant();

    /// <summary>A fresh temporary directory, deleted by <see cref="TempDir.Dispose"/>.</summary>
    public static TempDir CreateTempDir(string tag) => new(tag);
}

internal sealed class TempDir : IDisposable
{
    public string Path { get; }

    public TempDir(string tag)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"nativearrays-{tag}-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
