using System.Diagnostics;

namespace NativeArrays.Tests.Arrays;

/// <summary>
/// Races <see cref="NDArray{T}.Dispose"/> on another thread against one use of the array's span views, many times
/// for a bounded time. A use that touches freed memory kills the test process: the buffers are 36 MB, above glibc's
/// largest dynamic mmap threshold (32 MiB), so a free returns them to the OS with munmap and a late access faults at
/// once. The uses work on the last <see cref="Used"/> elements only, so an iteration is cheap (few pages touched).
/// A clean run sees only successes and <see cref="ObjectDisposedException"/>.
/// </summary>
internal static class SpanDisposeRace
{
    /// <summary>Elements of each raced array: 36 MB of float, always mmap-ed (and munmap-ed) by glibc.</summary>
    public const int Elements = 9 << 20;

    /// <summary>Elements each use touches (the tail of the array).</summary>
    public const int Used = 1 << 20;

    /// <summary>Longest delay before the dispose, in microseconds (about twice the time of one use).</summary>
    private const int MaxDelayMicroseconds = 1000;

    public delegate void Use(NDArray<float> array, NDArray<float> other);

    /// <summary>Runs <paramref name="use"/> against a concurrent dispose for about <paramref name="budget"/>; returns (completed, refused).</summary>
    public static (int Completed, int Refused) Run(Use use, TimeSpan budget)
    {
        using var other = NDArray.Ones<float>(Elements);
        using var go = new SemaphoreSlim(0);
        using var done = new SemaphoreSlim(0);
        NDArray<float>? target = null;
        int delay = 0;
        bool stop = false;
        Exception? disposerFailure = null;
        var disposer = new Thread(() =>
        {
            try
            {
                while (true)
                {
                    go.Wait();
                    if (Volatile.Read(ref stop)) return;
                    long until = Stopwatch.GetTimestamp() + Volatile.Read(ref delay) * Stopwatch.Frequency / 1_000_000;
                    while (Stopwatch.GetTimestamp() < until) Thread.SpinWait(20);
                    Volatile.Read(ref target)!.Dispose();
                    done.Release();
                }
            }
            catch (Exception e) { disposerFailure = e; done.Release(); }
        }) { IsBackground = true, Name = "dispose racer" };
        disposer.Start();
        int completed = 0, refused = 0;
        var random = new Random(9);
        var sw = Stopwatch.StartNew();
        try
        {
            while (sw.Elapsed < budget)
            {
                var a = NDArray<float>.Allocate([Elements], zero: false); // fresh mmap pages: zero, untouched
                Volatile.Write(ref target, a);
                Volatile.Write(ref delay, random.Next(0, MaxDelayMicroseconds));
                go.Release();
                try
                {
                    use(a, other);
                    completed++;
                }
                catch (ObjectDisposedException)
                {
                    refused++;
                }
                done.Wait();
                if (disposerFailure is not null) throw new AssertionException($"the disposing thread failed: {disposerFailure}");
            }
        }
        finally
        {
            Volatile.Write(ref stop, true);
            go.Release();
            disposer.Join();
        }
        TestContext.Out.WriteLine($"{completed} uses completed, {refused} refused with ObjectDisposedException in {sw.ElapsedMilliseconds} ms");
        return (completed, refused);
    }
}
