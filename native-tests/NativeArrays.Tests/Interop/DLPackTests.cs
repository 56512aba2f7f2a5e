using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using NativeArrays.Interop;
using NativeArrays.Memory;

namespace NativeArrays.Tests.Interop;

[NonParallelizable]
public unsafe class DLPackTests
{
    // A foreign producer written against the DLPack ABI: a malloc'd struct, data and shape/strides, and a deleter that
    // counts its calls and frees everything.
    private static int s_producerDeletes;

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void ProducerDelete(DLManagedTensorVersioned* self)
    {
        Interlocked.Increment(ref s_producerDeletes);
        NativeMemory.Free(self->DLTensor.Data);
        NativeMemory.Free(self->DLTensor.Shape);
        NativeMemory.Free(self);
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void ProducerDeleteLegacy(DLManagedTensor* self)
    {
        Interlocked.Increment(ref s_producerDeletes);
        NativeMemory.Free(self->DLTensor.Data);
        NativeMemory.Free(self->DLTensor.Shape);
        NativeMemory.Free(self);
    }

    /// <summary>A producer's (2, 3) int32 tensor holding 0..5, C order, or with strides (1, 2) (F order) when asked.</summary>
    private static DLManagedTensorVersioned* Produce(bool fortran = false, DLDeviceType device = DLDeviceType.Cpu, ulong flags = 0, bool nullStrides = false)
    {
        var t = (DLManagedTensorVersioned*)NativeMemory.AllocZeroed((nuint)sizeof(DLManagedTensorVersioned));
        int* data = (int*)NativeMemory.Alloc(6 * sizeof(int));
        for (int i = 0; i < 6; i++) data[i] = i;
        long* dims = (long*)NativeMemory.Alloc(4 * sizeof(long));
        dims[0] = 2; dims[1] = 3;
        dims[2] = fortran ? 1 : 3; dims[3] = fortran ? 2 : 1;
        t->Version = new DLPackVersion { Major = 1, Minor = 0 };
        t->Deleter = &ProducerDelete;
        t->Flags = flags;
        t->DLTensor = new DLTensor
        {
            Data = data, Device = new DLDevice { DeviceType = device }, NDim = 2,
            DType = new DLDataType { Code = DLDataTypeCode.Int, Bits = 32, Lanes = 1 },
            Shape = dims, Strides = nullStrides ? null : dims + 2,
        };
        return t;
    }

    [Test]
    public void ExportThenImport_SharesTheMemory_WithNegativeStrides_AndReturnsTheLeaseOnce()
    {
        var before = AllocationTracker.Snapshot();
        var owner = NDArray.Arange(12.0);
        var grid = owner.Reshape(3, 4);
        var view = grid[SliceIndex.Slice(step: -1), SliceIndex.Slice(1, null, 2)]; // strides (-4, 2)
        var buffer = owner.Buffer;
        DLManagedTensorVersioned* export = DLPack.ExportVersioned(view);
        Assert.That(export->DLTensor.Device.DeviceType, Is.EqualTo(DLDeviceType.Cpu));
        Assert.That(export->DLTensor.DType.ToString(), Is.EqualTo("float64"));
        Assert.That(new[] { export->DLTensor.Strides[0], export->DLTensor.Strides[1] }, Is.EqualTo(new long[] { -4, 2 }));
        Assert.That(export->Flags & DLManagedTensorVersioned.FlagReadOnly, Is.Zero);
        owner.Dispose(); grid.Dispose(); view.Dispose();
        Assert.That(buffer.IsFreed, Is.False, "the export's lease keeps the memory");

        var imported = DLPack.Import<double>(export);
        Assert.That(imported.Shape.ToArray(), Is.EqualTo(new nint[] { 3, 2 }));
        Assert.That(imported.ToArray(), Is.EqualTo(new[] { 9.0, 11, 5, 7, 1, 3 }));
        Assert.That(imported.Buffer.Kind, Is.EqualTo(NativeBufferKind.External));
        imported.Set([0, 0], -9.0);
        Assert.That(*(double*)((byte*)buffer.Address + 9 * sizeof(double)), Is.EqualTo(-9.0), "same memory, no copy");
        using (var row = imported[1]) { imported.Dispose(); Assert.That(row.Get(1), Is.EqualTo(7.0)); Assert.That(buffer.IsFreed, Is.False); }
        Assert.That(buffer.IsFreed, Is.True, "the last array over the import called the deleter, which returned the lease");
        var after = AllocationTracker.Snapshot();
        Assert.That(after.LiveBytes, Is.EqualTo(before.LiveBytes));
        Assert.That(after.LiveExternalBytes, Is.EqualTo(before.LiveExternalBytes));
    }

    [Test]
    public void Export_ReadOnlyViews_CarryTheFlag_AndLegacyRefusesThem()
    {
        using var row = NDArray.Arange(4f);
        using var b = row.BroadcastTo(3, 4);
        var export = DLPack.ExportVersioned(b);
        Assert.That(export->Flags & DLManagedTensorVersioned.FlagReadOnly, Is.EqualTo(DLManagedTensorVersioned.FlagReadOnly));
        Assert.That(export->DLTensor.Strides[0], Is.Zero);
        using (var back = DLPack.Import<float>(export))
        {
            Assert.That(back.IsReadOnly, Is.True);
            Assert.That(back.ToArray(), Is.EqualTo(new[] { 0f, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3 }));
        }
        var e = Assert.Throws<InvalidOperationException>(() => DLPack.Export(b));
        Assert.That(e!.Message, Does.Contain("read-only").And.Contain("(3, 4)"));
        Assert.That(row.Buffer.Leases, Is.EqualTo(2), "refused export took no lease");
    }

    [Test]
    public void LegacyExport_DeleterReturnsTheLease()
    {
        var a = NDArray.Arange(5);
        var buffer = a.Buffer;
        DLManagedTensor* export = DLPack.Export(a);
        a.Dispose();
        Assert.That(export->DLTensor.NDim, Is.EqualTo(1));
        Assert.That(((int*)export->DLTensor.Data)[4], Is.EqualTo(4));
        Assert.That(buffer.IsFreed, Is.False);
        export->Deleter(export); // a consumer that never imports just calls the deleter
        Assert.That(buffer.IsFreed, Is.True);
    }

    [Test]
    public void Import_CallsTheProducersDeleterExactlyOnce()
    {
        int start = s_producerDeletes;
        var a = DLPack.Import<int>(Produce(fortran: true));
        Assert.That(a.Strides.ToArray(), Is.EqualTo(new nint[] { 1, 2 }));
        Assert.That(a.Get(1, 2), Is.EqualTo(5));
        Assert.That(a.Get(0, 1), Is.EqualTo(2));
        var v = a.T;
        a.Dispose();
        a.Dispose();
        Assert.That(s_producerDeletes - start, Is.Zero, "a view still holds it");
        v.Dispose();
        Assert.That(s_producerDeletes - start, Is.EqualTo(1));

        using (var c = DLPack.Import<int>(Produce(nullStrides: true)))
            Assert.That(c.IsCContiguous && c.Get(1, 0) == 3, Is.True, "null strides mean compact row-major");
        using (var r = DLPack.Import<int>(Produce(flags: DLManagedTensorVersioned.FlagReadOnly)))
            Assert.That(r.IsReadOnly, Is.True);
        Assert.That(s_producerDeletes - start, Is.EqualTo(3));
    }

    [Test]
    public void Import_RacingDisposesAndFinalization_DeleteExactlyOnce()
    {
        bool writeLeaks = AllocationTracker.WriteLeaksToStandardError;
        AllocationTracker.WriteLeaksToStandardError = false;
        try
        {
            int start = s_producerDeletes;
            const int N = 100;
            Parallel.For(0, N, _ =>
            {
                var a = DLPack.Import<int>(Produce());
                var v = a[1];
                var t = Task.Run(() => v.Dispose());
                a.Dispose();
                t.Wait();
            });
            DropImports(N);
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            GC.WaitForPendingFinalizers();
            Assert.That(s_producerDeletes - start, Is.EqualTo(2 * N));
        }
        finally
        {
            AllocationTracker.WriteLeaksToStandardError = writeLeaks;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "NA0001", Justification = "Leaks on purpose: the test checks that the finalizer calls each dropped import's deleter once.")]
    private static void DropImports(int n)
    {
        for (int i = 0; i < n; i++) _ = DLPack.Import<int>(Produce());
    }

    [Test]
    public void Import_Refusals_AreClear_AndLeaveTheTensorToTheCaller()
    {
        int start = s_producerDeletes;
        var gpu = Produce(device: DLDeviceType.Cuda);
        var e1 = Assert.Throws<NotSupportedException>(() => DLPack.Import<int>(gpu));
        Assert.That(e1!.Message, Does.Contain("Cuda").And.Contain("CPU"));
        var wrongType = Produce();
        var e2 = Assert.Throws<NotSupportedException>(() => DLPack.Import<float>(wrongType));
        Assert.That(e2!.Message, Does.Contain("int32").And.Contain("Single"));
        var future = Produce();
        future->Version.Major = 2;
        Assert.Throws<NotSupportedException>(() => DLPack.Import<int>(future));
        Assert.Throws<ArgumentNullException>(() => DLPack.Import<int>((DLManagedTensorVersioned*)null));
        Assert.That(s_producerDeletes - start, Is.Zero, "a refused import does not call the deleter");
        gpu->Deleter(gpu);
        wrongType->Deleter(wrongType);
        future->Deleter(future);
        Assert.That(s_producerDeletes - start, Is.EqualTo(3));
    }

    [Test]
    public void LegacyImport_AndZeroSize()
    {
        int start = s_producerDeletes;
        var t = (DLManagedTensor*)NativeMemory.AllocZeroed((nuint)sizeof(DLManagedTensor));
        long* dims = (long*)NativeMemory.Alloc(2 * sizeof(long));
        dims[0] = 0; dims[1] = 4;
        t->DLTensor = new DLTensor { Data = NativeMemory.Alloc(1), Device = new DLDevice { DeviceType = DLDeviceType.Cpu }, NDim = 2,
            DType = new DLDataType { Code = DLDataTypeCode.Float, Bits = 32, Lanes = 1 }, Shape = dims };
        t->Deleter = &ProducerDeleteLegacy;
        using var empty = DLPack.Import<float>(t);
        Assert.That(empty.Shape.ToArray(), Is.EqualTo(new nint[] { 0, 4 }));
        Assert.That(s_producerDeletes - start, Is.EqualTo(1), "nothing to share: the tensor is returned at once");
    }

    [Test]
    public void StructLayouts_MatchTheCHeader()
    {
        Assert.That(sizeof(DLTensor), Is.EqualTo(48));
        Assert.That(sizeof(DLManagedTensor), Is.EqualTo(64));
        Assert.That(sizeof(DLManagedTensorVersioned), Is.EqualTo(80));
        DLManagedTensorVersioned v = default;
        Assert.That((byte*)&v.DLTensor - (byte*)&v, Is.EqualTo(32));
        Assert.That((byte*)&v.Flags - (byte*)&v, Is.EqualTo(24));
        Assert.That((byte*)&v.DLTensor.Shape - (byte*)&v.DLTensor, Is.EqualTo(24));
        Assert.That((byte*)&v.DLTensor.ByteOffset - (byte*)&v.DLTensor, Is.EqualTo(40));
    }
}
