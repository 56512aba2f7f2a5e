using System.Diagnostics;
using NativeArrays.Interop;
using NativeArrays.Memory;
using NativeArrays.Tests.IO;
using Python.Runtime;

namespace NativeArrays.Tests.Interop;

/// <summary>
/// DLPack proven against real NumPy in this process: CPython embedded with pythonnet over the system's libpython.
/// NumPy 1.24 (Debian 12) speaks the legacy <c>DLManagedTensor</c> capsule ("dltensor"), so that is the form used here.
/// Skipped without NumPy unless <c>NATIVEARRAYS_REQUIRE_NUMPY=1</c> (then failed), like the other NumPy tests.
/// </summary>
[NonParallelizable]
public unsafe class NumPyDLPackTests
{
    private const string Helpers = """
        import ctypes, gc, sys, numpy as np
        _new = ctypes.pythonapi.PyCapsule_New
        _new.restype = ctypes.py_object
        _new.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_void_p]
        _get = ctypes.pythonapi.PyCapsule_GetPointer
        _get.restype = ctypes.c_void_p
        _get.argtypes = [ctypes.py_object, ctypes.c_char_p]
        _setname = ctypes.pythonapi.PyCapsule_SetName
        _setname.restype = ctypes.c_int
        _setname.argtypes = [ctypes.py_object, ctypes.c_char_p]

        class Exported:
            # A producer object for np.from_dlpack: hands out the C#-made DLManagedTensor in a 'dltensor' capsule.
            def __init__(self, ptr): self.ptr = ptr
            def __dlpack__(self, stream=None): return _new(self.ptr, b'dltensor', None)
            def __dlpack_device__(self): return (1, 0)

        def from_csharp(ptr): return np.from_dlpack(Exported(ptr))

        def to_csharp(arr):
            # Consumes NumPy's capsule the way a DLPack consumer must: take the pointer, rename it 'used_dltensor'.
            cap = arr.__dlpack__()
            p = _get(cap, b'dltensor')
            _setname(cap, b'used_dltensor')
            return p
        """;

    private static readonly Lazy<string?> s_engine = new(StartPython);

    /// <summary>Starts the embedded interpreter once per process; null with the reason in the test output when impossible.</summary>
    private static string? StartPython()
    {
        string python = NumPy.Require();
        var psi = new ProcessStartInfo(python) { RedirectStandardOutput = true, UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        // The runtime library (libpython3.X.so.1.0, package libpython3.X) first, the development symlink second.
        psi.ArgumentList.Add("import sysconfig, os; d = sysconfig.get_config_var('LIBDIR'); print(os.path.join(d, sysconfig.get_config_var('INSTSONAME') or '')); print(os.path.join(d, sysconfig.get_config_var('LDLIBRARY') or ''))");
        using var p = Process.Start(psi)!;
        string[] candidates = p.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        p.WaitForExit();
        string? lib = candidates.FirstOrDefault(File.Exists);
        if (lib is null) return $"libpython not found at {string.Join(" or ", candidates)} (install libpython3-dev)";
        Runtime.PythonDLL = lib;
        PythonEngine.Initialize();
        PythonEngine.BeginAllowThreads();
        return null;
    }

    /// <summary>Starts the interpreter (or ignores/fails the test); call before taking the GIL.</summary>
    private static void RequireEngine()
    {
        NumPy.Require();
        string? why = s_engine.Value;
        if (why is null) return;
        if (Environment.GetEnvironmentVariable(NumPy.RequireVariable) == "1") Assert.Fail(why);
        Assert.Ignore(why);
    }

    /// <summary>A fresh module scope with the helpers; call under the GIL.</summary>
    private static PyModule Start()
    {
        var scope = Py.CreateScope();
        scope.Exec(Helpers);
        return scope;
    }

    [Test]
    public void NumPyFromDLPack_SeesTheSameMemory_NegativeStridesIncluded_AndTheLeaseReturnsWhenNumPyLetsGo()
    {
        var before = AllocationTracker.Snapshot();
        var owner = NDArray.Arange(12.0);
        var grid = owner.Reshape(3, 4);
        var view = grid[SliceIndex.Slice(step: -1), SliceIndex.Slice(1, null, 2)];  // strides (-4, 2): [[9, 11], [5, 7], [1, 3]]
        var buffer = owner.Buffer;
        RequireEngine();
        using (Py.GIL())
        using (var scope = Start())
        {
            DLManagedTensor* export = DLPack.Export(view);
            scope.Set("p", (long)(nint)export);
            scope.Exec("v = from_csharp(p)");
            Assert.That(scope.Eval<string>("repr(v.tolist())"), Is.EqualTo("[[9.0, 11.0], [5.0, 7.0], [1.0, 3.0]]"));
            Assert.That(scope.Eval<string>("repr(v.strides)"), Is.EqualTo("(-32, 16)"));
            view.Set([0, 0], -1.0);                       // write in C#, read in NumPy
            Assert.That(scope.Eval<double>("float(v[0, 0])"), Is.EqualTo(-1.0));
            // NumPy 1.x marks from_dlpack results read-only (NumPy 2 follows the producer's flag); write when it may.
            if (scope.Eval<bool>("bool(v.flags.writeable)"))
            {
                scope.Exec("v[2, 1] = 42.0");             // write in NumPy, read in C#
                Assert.That(grid.Get(0, 3), Is.EqualTo(42.0));
            }
            else TestContext.Out.WriteLine("NumPy made the from_dlpack array read-only; the NumPy-to-C# write is proven by the import test.");
            owner.Dispose(); grid.Dispose(); view.Dispose();
            Assert.That(buffer.IsFreed, Is.False, "NumPy's array holds the export's lease");
            scope.Exec("del v; gc.collect()");
        }
        Assert.That(buffer.IsFreed, Is.True, "NumPy called the deleter, which returned the lease");
        Assert.That(AllocationTracker.Snapshot().LiveBytes, Is.EqualTo(before.LiveBytes));
    }

    [Test]
    public void NumPyArray_ImportedThroughItsCapsule_IsUsedWithoutACopy_AndReleasedOnce()
    {
        var before = AllocationTracker.Snapshot();
        RequireEngine();
        using (Py.GIL())
        using (var scope = Start())
        {
            scope.Exec("base = np.arange(10.0); a = base.reshape(2, 5)[:, ::-2]; refs = sys.getrefcount(a)");
            long p = scope.Eval<long>("to_csharp(a)");
            Assert.That(scope.Eval<long>("sys.getrefcount(a)"), Is.EqualTo(scope.Eval<long>("refs") + 1), "the DLPack tensor holds NumPy's array");
            var imported = DLPack.Import<double>((DLManagedTensor*)(nint)p);
            Assert.That(imported.Shape.ToArray(), Is.EqualTo(new nint[] { 2, 3 }));
            Assert.That(imported.Strides.ToArray(), Is.EqualTo(new nint[] { 5, -2 }));
            Assert.That(imported.ToArray(), Is.EqualTo(new[] { 4.0, 2, 0, 9, 7, 5 }));
            Assert.That(imported.Buffer.Kind, Is.EqualTo(NativeBufferKind.External));
            Assert.That((long)imported.Buffer.Address, Is.EqualTo(scope.Eval<long>("base.ctypes.data")), "NumPy's own memory, no copy");
            imported.Set([1, 2], -5.0);                   // C# writes, NumPy sees
            Assert.That(scope.Eval<double>("float(base[5])"), Is.EqualTo(-5.0));
            scope.Exec("base[4] = 77.0");                 // NumPy writes, C# sees
            Assert.That(imported.Get(0, 0), Is.EqualTo(77.0));

            var during = AllocationTracker.Snapshot();
            Assert.That(during.LiveExternalBytes - before.LiveExternalBytes, Is.EqualTo(80), "the tracker shows NumPy's buffer as external");
            // The inspector's view of external buffers is proven by WrapTests.Inspector_ShowsTheExternalBuffer_ApartFromNativeBytes
            // (a dump of this process with CPython loaded takes about 10 s on a busy machine).

            imported.Dispose();                           // NumPy's deleter runs here, under the GIL
            Assert.That(scope.Eval<long>("sys.getrefcount(a)"), Is.EqualTo(scope.Eval<long>("refs")), "the deleter released NumPy's array exactly once");
            scope.Exec("del a, base; gc.collect()");
        }
        var after = AllocationTracker.Snapshot();
        Assert.That(after.LiveExternalBytes, Is.EqualTo(before.LiveExternalBytes));
        Assert.That(after.LiveBytes, Is.EqualTo(before.LiveBytes));
    }
}
