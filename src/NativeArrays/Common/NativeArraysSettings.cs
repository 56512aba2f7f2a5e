using System.Runtime.CompilerServices;
using System.Text.Json;

namespace NativeArrays;

/// <summary>The widest SIMD vector the kernels may use.</summary>
public enum SimdWidth
{
    /// <summary>The widest width the hardware accelerates.</summary>
    Auto = 0,
    /// <summary>No vectors: plain scalar loops.</summary>
    Scalar = 1,
    /// <summary>At most <see cref="System.Runtime.Intrinsics.Vector128{T}"/>.</summary>
    W128 = 128,
    /// <summary>At most <see cref="System.Runtime.Intrinsics.Vector256{T}"/>.</summary>
    W256 = 256,
    /// <summary>At most <see cref="System.Runtime.Intrinsics.Vector512{T}"/>.</summary>
    W512 = 512,
}

/// <summary>
/// Engine settings, read once from the <c>"NativeArrays"</c> section of <c>runtimesettings.json</c> (next to the
/// executable, or the path in the environment variable <c>NATIVEARRAYS_SETTINGS</c>) on first use, or given by
/// <see cref="Configure"/> before first use. Other top-level keys of the file are ignored (the file name is common);
/// a missing file or section means defaults; an unknown key inside the section, a wrong type or an invalid value is an
/// error naming the key and value.
/// </summary>
public sealed record NativeArraysSettings
{
    /// <summary>Name of the settings file looked up next to the executable.</summary>
    public const string FileName = "runtimesettings.json";
    /// <summary>Environment variable that overrides the settings file path.</summary>
    public const string EnvironmentVariable = "NATIVEARRAYS_SETTINGS";

    /// <summary>Byte alignment of every native buffer: a power of two, at least 16. Default 64.</summary>
    public int Alignment { get; init; } = 64;
    /// <summary>Whether the allocation tracker counts buffers, bytes, copies and leaks. Default true.</summary>
    public bool TrackAllocations { get; init; } = true;
    /// <summary>Whether each buffer records the stack trace of its creation (costly). Default false.</summary>
    public bool CaptureAllocationSites { get; init; }
    /// <summary>
    /// Whether each view (an array that does not own its buffer) also records the stack trace of its creation, so a leaked
    /// view is reported at its own site rather than at its buffer's allocation (costly: a stack trace per view, on the
    /// managed heap). Needs <see cref="CaptureAllocationSites"/>. Default false.
    /// </summary>
    public bool CaptureViewSites { get; init; }
    /// <summary>The widest vector the kernels may use. Default <see cref="SimdWidth.Auto"/>.</summary>
    public SimdWidth SimdWidth { get; init; } = SimdWidth.Auto;
    /// <summary>Element count above which kernels split work over several cores. Default 2^20.</summary>
    public long ParallelThreshold { get; init; } = 1 << 20;
    /// <summary>Most cores a kernel uses; 0 means <see cref="Environment.ProcessorCount"/>. Default 0.</summary>
    public int MaxDegreeOfParallelism { get; init; }
    /// <summary>
    /// The bytes an elementwise call touches (its output plus the inputs it reads, each counted by the range its view
    /// spans, at most a cache line per element; a broadcast scalar adds nothing) at or above which it writes its output
    /// with non-temporal stores, past the caches. 0 never does. A call that writes in place (an input is the output's
    /// own view) never does: its output's lines were just read into the cache. Default
    /// <see cref="DefaultNonTemporalThreshold"/>.
    /// </summary>
    public long NonTemporalThreshold { get; init; } = DefaultNonTemporalThreshold;

    /// <summary>
    /// The default <see cref="NonTemporalThreshold"/>: 5/8 of the last-level cache the operating system reports, at most
    /// 64 MiB (20 MiB for a 32 MiB L3, 64 MiB for a 260 MiB one), or 20 MiB when it reports none (on Linux it is read from
    /// <c>/sys/devices/system/cpu/cpu0/cache</c>; other systems use the 20 MiB). Below it the caches keep the output for
    /// the next call; above it the inputs and output no longer both fit, and writing past the caches leaves them to the inputs.
    /// The cap: a server chip's large L3 is shared by all its cores, and on a 260 MiB-L3 Xeon VM writing past the caches
    /// already won from 64 MB (1.0–2.4× faster, an output read back included), not from 5/8 of the L3 (162 MiB).
    /// </summary>
    public static long DefaultNonTemporalThreshold { get; } = NonTemporalThresholdFor(Common.CacheInfo.LastLevelBytes);

    /// <summary>The largest default <see cref="NonTemporalThreshold"/>, whatever the last-level cache: 64 MiB.</summary>
    internal const long MaxDefaultNonTemporalThreshold = 64L << 20;

    /// <summary>
    /// The default <see cref="NonTemporalThreshold"/> for a last-level cache of <paramref name="lastLevelBytes"/> (null:
    /// unknown, taken as 32 MiB): 5/8 of it, at most <see cref="MaxDefaultNonTemporalThreshold"/>.
    /// </summary>
    internal static long NonTemporalThresholdFor(long? lastLevelBytes)
        => Math.Min((lastLevelBytes ?? 32L << 20) / 8 * 5, MaxDefaultNonTemporalThreshold);

    /// <summary>
    /// Most disposed buffers kept parked for reuse by the next allocation of their size class: small ones (a slab slot of
    /// at most 4 KiB) and medium ones (a <c>malloc</c> block of at most 64 KiB, at most 512 KiB of them together). 0
    /// disables the buffer cache (what it still holds is freed at the next allocation), at most 1024. Default 16 (at most
    /// 64 KiB of slots plus 512 KiB of medium blocks). Parked buffers are reported apart by the tracker and the inspector
    /// and released by <see cref="Memory.AllocationTracker.ReleaseCachedMemory"/>.
    /// </summary>
    public int BufferCacheEntries { get; init; } = 16;
    /// <summary>Most entries <see cref="BufferCacheEntries"/> may ask for.</summary>
    internal const int MaxBufferCacheEntries = 1024;

    /// <summary>The effective number of worker threads (resolves 0 to the processor count).</summary>
    public int EffectiveDegreeOfParallelism => MaxDegreeOfParallelism > 0 ? MaxDegreeOfParallelism : Environment.ProcessorCount;

    private static NativeArraysSettings? s_current;
    private static readonly object s_lock = new();

    /// <summary>The settings in force; loads them on first access.</summary>
    public static NativeArraysSettings Current
    {
        // Every kernel call reads this: the fast path inlines (the lock is in LoadCurrent, out of line).
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Volatile.Read(ref s_current) ?? LoadCurrent();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static NativeArraysSettings LoadCurrent()
    {
        lock (s_lock)
        {
            s_current ??= LoadDefaultFile();
            return s_current;
        }
    }

    /// <summary>Sets the settings programmatically. Allowed only before the settings were first used.</summary>
    /// <exception cref="InvalidOperationException">The settings were already read.</exception>
    public static void Configure(NativeArraysSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        lock (s_lock)
        {
            if (s_current is not null)
                throw new InvalidOperationException("NativeArrays settings were already read; call NativeArraysSettings.Configure before the first array is created.");
            s_current = settings;
        }
    }

    /// <summary>Replaces the settings for a scope (tests and benchmarks); dispose the result to restore them.</summary>
    internal static IDisposable Override(NativeArraysSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        lock (s_lock)
        {
            var previous = Current;
            s_current = settings;
            return new Restore(previous);
        }
    }

    private sealed class Restore(NativeArraysSettings previous) : IDisposable
    {
        private int _done;
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
                lock (s_lock) s_current = previous;
        }
    }

    private static NativeArraysSettings LoadDefaultFile()
    {
        string? path = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrEmpty(path))
        {
            if (!File.Exists(path))
                throw new FileNotFoundException($"{EnvironmentVariable} names '{path}', which does not exist.", path);
            return Load(path);
        }
        path = Path.Combine(AppContext.BaseDirectory, FileName);
        return File.Exists(path) ? Load(path) : new NativeArraysSettings();
    }

    /// <summary>The top-level key of <c>runtimesettings.json</c> whose object holds the NativeArrays settings.</summary>
    public const string SectionName = "NativeArrays";

    /// <summary>Reads and validates a settings file (its <see cref="SectionName"/> section; see <see cref="Parse"/>).</summary>
    /// <exception cref="FormatException">The file is not valid JSON, or a key is unknown or has an invalid value.</exception>
    public static NativeArraysSettings Load(string path) => Parse(File.ReadAllText(path), path);

    private static readonly string[] s_keys = ["alignment", "trackAllocations", "captureAllocationSites", "captureViewSites", "simdWidth", "parallelThreshold", "maxDegreeOfParallelism", "nonTemporalThreshold", "bufferCacheEntries"];
    private static string KnownKeys => string.Join(", ", s_keys);

    /// <summary>
    /// Parses and validates the JSON of a settings file: only its <c>"NativeArrays"</c> object is read, other top-level
    /// keys are ignored, and a file without that section means defaults. <paramref name="source"/> names it in error messages.
    /// </summary>
    /// <remarks>
    /// Settings written at the top level (the form before the section, <c>{ "alignment": 64 }</c>) are refused with a
    /// message showing the section form, rather than silently ignored.
    /// </remarks>
    /// <exception cref="FormatException">Invalid JSON, settings outside the section, an unknown key in it, a wrong type or an invalid value.</exception>
    public static NativeArraysSettings Parse(string json, string source = "settings")
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }); }
        catch (JsonException e) { throw new FormatException($"{source}: not valid JSON: {e.Message}", e); }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw new FormatException($"{source}: the root must be a JSON object.");
            JsonElement? section = null;
            var flat = new List<string>();
            foreach (var top in doc.RootElement.EnumerateObject())
            {
                if (top.Name == SectionName) section = top.Value;
                else if (string.Equals(top.Name, SectionName, StringComparison.OrdinalIgnoreCase))
                    throw new FormatException($"{source}: found a '{top.Name}' section; the section name is '{SectionName}' (case-sensitive).");
                else if (s_keys.Contains(top.Name)) flat.Add(top.Name);
            }
            if (flat.Count > 0)
                throw new FormatException($"{source}: NativeArrays settings must sit in a \"{SectionName}\" section; found {string.Join(", ", flat.Select(k => $"'{k}'"))} at the top level. " +
                    $"Move them: {{ \"{SectionName}\": {{ \"{flat[0]}\": ... }} }}.");
            var s = new NativeArraysSettings();
            if (section is not JsonElement settings) return s;
            if (settings.ValueKind != JsonValueKind.Object)
                throw new FormatException($"{source}: '{SectionName}' must be a JSON object, got {settings.GetRawText()}.");
            foreach (var p in settings.EnumerateObject())
            {
                var v = p.Value;
                s = p.Name switch
                {
                    "alignment" => s with { Alignment = ReadInt(source, p.Name, v) },
                    "trackAllocations" => s with { TrackAllocations = ReadBool(source, p.Name, v) },
                    "captureAllocationSites" => s with { CaptureAllocationSites = ReadBool(source, p.Name, v) },
                    "captureViewSites" => s with { CaptureViewSites = ReadBool(source, p.Name, v) },
                    "simdWidth" => s with { SimdWidth = ReadWidth(source, v) },
                    "parallelThreshold" => s with { ParallelThreshold = ReadLong(source, p.Name, v) },
                    "maxDegreeOfParallelism" => s with { MaxDegreeOfParallelism = ReadInt(source, p.Name, v) },
                    "nonTemporalThreshold" => s with { NonTemporalThreshold = ReadNonTemporalThreshold(source, v) },
                    "bufferCacheEntries" => s with { BufferCacheEntries = ReadInt(source, p.Name, v) },
                    _ => throw new FormatException($"{source}: unknown key '{SectionName}.{p.Name}'. Known keys: {KnownKeys}."),
                };
            }
            try { s.Validate(); }
            catch (ArgumentException e) { throw new FormatException($"{source}: {e.Message}", e); }
            return s;
        }
    }

    /// <summary>Checks every value; throws <see cref="ArgumentException"/> naming the key and the value.</summary>
    public void Validate()
    {
        if (Alignment < 16 || (Alignment & (Alignment - 1)) != 0 || Alignment > 1 << 20)
            throw new ArgumentException($"'alignment' must be a power of two between 16 and 1048576, got {Alignment}.");
        if (!Enum.IsDefined(SimdWidth))
            throw new ArgumentException($"'simdWidth' has invalid value {(int)SimdWidth}.");
        if (ParallelThreshold < 1)
            throw new ArgumentException($"'parallelThreshold' must be at least 1, got {ParallelThreshold}.");
        if (MaxDegreeOfParallelism < 0 || MaxDegreeOfParallelism > 4096)
            throw new ArgumentException($"'maxDegreeOfParallelism' must be 0 (all cores) to 4096, got {MaxDegreeOfParallelism}.");
        if (NonTemporalThreshold < 0)
            throw new ArgumentException($"'nonTemporalThreshold' must be non-negative, got {NonTemporalThreshold}.");
        if (BufferCacheEntries < 0 || BufferCacheEntries > MaxBufferCacheEntries)
            throw new ArgumentException($"'bufferCacheEntries' must be 0 (no buffer cache) to {MaxBufferCacheEntries}, got {BufferCacheEntries}.");
    }

    private static int ReadInt(string source, string key, JsonElement v)
    {
        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int i)) return i;
        throw new FormatException($"{source}: '{key}' must be an integer, got {v.GetRawText()}.");
    }

    private static long ReadLong(string source, string key, JsonElement v, string expected = "an integer")
    {
        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out long i)) return i;
        throw new FormatException($"{source}: '{key}' must be {expected}, got {v.GetRawText()}.");
    }

    private static long ReadNonTemporalThreshold(string source, JsonElement v)
        => v.ValueKind == JsonValueKind.String && v.GetString() == "auto" ? DefaultNonTemporalThreshold
           : ReadLong(source, "nonTemporalThreshold", v, "an integer (bytes) or \"auto\"");

    private static bool ReadBool(string source, string key, JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw new FormatException($"{source}: '{key}' must be true or false, got {v.GetRawText()}."),
    };

    private static SimdWidth ReadWidth(string source, JsonElement v)
    {
        string? text = v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Number => v.GetRawText(),
            _ => null,
        };
        return text switch
        {
            "auto" => SimdWidth.Auto,
            "scalar" => SimdWidth.Scalar,
            "128" => SimdWidth.W128,
            "256" => SimdWidth.W256,
            "512" => SimdWidth.W512,
            _ => throw new FormatException($"{source}: 'simdWidth' must be one of auto, 512, 256, 128, scalar; got {v.GetRawText()}."),
        };
    }
}
