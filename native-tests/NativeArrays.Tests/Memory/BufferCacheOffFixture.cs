using NativeArrays.Memory;

namespace NativeArrays.Tests.Allocator;

/// <summary>
/// Base of the fixtures that check when memory is freed (<see cref="NativeBuffer.IsFreed"/>, slab slots, GC pressure):
/// they run with the buffer cache off, so a disposed small buffer is freed rather than parked. The cache itself, and the
/// same stale-holder and race checks with it on, are in <see cref="BufferCacheTests"/>.
/// </summary>
public abstract class BufferCacheOffFixture
{
    private IDisposable? _cacheOff;

    /// <summary>Turns the buffer cache off (freeing what it holds) for the test.</summary>
    [SetUp]
    public void TurnBufferCacheOff()
    {
        _cacheOff = NativeArraysSettings.Override(NativeArraysSettings.Current with { BufferCacheEntries = 0 });
        BufferCache.ReleaseAll();
    }

    /// <summary>Restores the settings.</summary>
    [TearDown]
    public void RestoreBufferCache()
    {
        _cacheOff?.Dispose();
        _cacheOff = null;
    }
}
