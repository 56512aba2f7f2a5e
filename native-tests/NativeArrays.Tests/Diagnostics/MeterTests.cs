using System.Diagnostics.Metrics;
using NativeArrays.Memory;

namespace NativeArrays.Tests;

/// <summary>The "NativeArrays" Meter publishes the tracker's counters.</summary>
[TestFixture, NonParallelizable]
public class MeterTests
{
    [Test]
    public void ListenerSeesLiveBytesChange()
    {
        var values = new Dictionary<string, long>();
        var copies = new Dictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == AllocationTracker.MeterName) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            if (instrument.Name == "nativearrays.copies")
            {
                foreach (var t in tags) if (t.Key == "operation") copies[(string)t.Value!] = value;
            }
            else values[instrument.Name] = value;
        });
        listener.Start();
        Assert.That(AllocationTracker.Meter.Name, Is.EqualTo("NativeArrays"));

        listener.RecordObservableInstruments();
        long live0 = values["nativearrays.live_bytes"];
        long allocs0 = values["nativearrays.allocations"];
        Assert.That(values.Keys, Is.SupersetOf(new[] { "nativearrays.live_buffers", "nativearrays.live_bytes", "nativearrays.peak_bytes", "nativearrays.allocated_bytes", "nativearrays.leaks" }));

        using (var a = NDArray<double>.Zeros(1 << 17))
        {
            using var head = a[..10];
            using var c = head.Copy();
            listener.RecordObservableInstruments();
            Assert.That(values["nativearrays.live_bytes"] - live0, Is.EqualTo((1 << 20) + 80));
            Assert.That(values["nativearrays.allocations"] - allocs0, Is.EqualTo(2));
            Assert.That(values["nativearrays.peak_bytes"], Is.GreaterThanOrEqualTo(values["nativearrays.live_bytes"]));
            Assert.That(copies, Does.ContainKey("Copy"));
        }
        listener.RecordObservableInstruments();
        Assert.That(values["nativearrays.live_bytes"], Is.EqualTo(live0));
    }
}
