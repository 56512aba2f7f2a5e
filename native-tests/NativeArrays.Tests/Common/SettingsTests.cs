using NativeArrays.Memory;

namespace NativeArrays.Tests;

/// <summary>runtimesettings.json parsing and validation, and the settings taking effect (alignment, tracking).</summary>
[TestFixture, NonParallelizable]
public class SettingsTests
{
    /// <summary>The settings file form: <paramref name="settings"/> as the "NativeArrays" section.</summary>
    private static string Section(string settings) => $$"""{ "NativeArrays": {{settings}} }""";

    [Test]
    public void ParsesEveryKey()
    {
        var s = NativeArraysSettings.Parse("""
            {
              "NativeArrays": {
                // comments and trailing commas are accepted
                "alignment": 128,
                "trackAllocations": false,
                "captureAllocationSites": true,
                "simdWidth": "256",
                "parallelThreshold": 5000,
                "maxDegreeOfParallelism": 3,
                "nonTemporalThreshold": 0,
              },
            }
            """);
        Assert.That(s.Alignment, Is.EqualTo(128));
        Assert.That(s.TrackAllocations, Is.False);
        Assert.That(s.CaptureAllocationSites, Is.True);
        Assert.That(s.SimdWidth, Is.EqualTo(SimdWidth.W256));
        Assert.That(s.ParallelThreshold, Is.EqualTo(5000));
        Assert.That(s.MaxDegreeOfParallelism, Is.EqualTo(3));
        Assert.That(s.EffectiveDegreeOfParallelism, Is.EqualTo(3));
        Assert.That(s.NonTemporalThreshold, Is.Zero);
    }

    [Test]
    public void MissingKeysMeanDefaults()
    {
        var s = NativeArraysSettings.Parse(Section("{}"));
        Assert.That(s, Is.EqualTo(new NativeArraysSettings()));
        Assert.That(NativeArraysSettings.Parse("{}"), Is.EqualTo(new NativeArraysSettings()), "no section means defaults");
        Assert.That(s.Alignment, Is.EqualTo(64));
        Assert.That(s.TrackAllocations, Is.True);
        Assert.That(s.CaptureAllocationSites, Is.False);
        Assert.That(s.SimdWidth, Is.EqualTo(SimdWidth.Auto));
        Assert.That(s.EffectiveDegreeOfParallelism, Is.EqualTo(Environment.ProcessorCount));
    }

    [TestCase("\"auto\"", SimdWidth.Auto)]
    [TestCase("\"scalar\"", SimdWidth.Scalar)]
    [TestCase("\"128\"", SimdWidth.W128)]
    [TestCase("256", SimdWidth.W256)]
    [TestCase("\"512\"", SimdWidth.W512)]
    public void SimdWidthValues(string json, SimdWidth expected) =>
        Assert.That(NativeArraysSettings.Parse(Section($$"""{ "simdWidth": {{json}} }""")).SimdWidth, Is.EqualTo(expected));

    [TestCase("""{ "alignment": 24 }""", "alignment", "24")]
    [TestCase("""{ "alignment": 8 }""", "alignment", "8")]
    [TestCase("""{ "alignment": 0 }""", "alignment", "0")]
    [TestCase("""{ "alignment": -64 }""", "alignment", "-64")]
    [TestCase("""{ "alignment": "64" }""", "alignment", "\"64\"")]
    [TestCase("""{ "alignment": 64.5 }""", "alignment", "64.5")]
    [TestCase("""{ "trackAllocations": 1 }""", "trackAllocations", "1")]
    [TestCase("""{ "captureAllocationSites": "yes" }""", "captureAllocationSites", "\"yes\"")]
    [TestCase("""{ "simdWidth": "64" }""", "simdWidth", "\"64\"")]
    [TestCase("""{ "simdWidth": 1024 }""", "simdWidth", "1024")]
    [TestCase("""{ "simdWidth": "AVX2" }""", "simdWidth", "\"AVX2\"")]
    [TestCase("""{ "simdWidth": true }""", "simdWidth", "true")]
    [TestCase("""{ "parallelThreshold": -1 }""", "parallelThreshold", "-1")]
    [TestCase("""{ "parallelThreshold": 0 }""", "parallelThreshold", "0")]
    [TestCase("""{ "parallelThreshold": "big" }""", "parallelThreshold", "\"big\"")]
    [TestCase("""{ "maxDegreeOfParallelism": -2 }""", "maxDegreeOfParallelism", "-2")]
    [TestCase("""{ "nonTemporalThreshold": -5 }""", "nonTemporalThreshold", "-5")]
    [TestCase("""{ "nonTemporalThreshold": null }""", "nonTemporalThreshold", "null")]
    [TestCase("""{ "alignmnet": 64 }""", "alignmnet", null)]
    [TestCase("""{ "Alignment": 64 }""", "Alignment", null)]
    public void InvalidSettingNamesKeyAndValue(string json, string key, string? value)
    {
        var e = Assert.Throws<FormatException>(() => NativeArraysSettings.Parse(Section(json), "test.json"));
        Assert.That(e!.Message, Does.Contain(key));
        Assert.That(e.Message, Does.Contain("test.json"));
        if (value is not null) Assert.That(e.Message, Does.Contain(value));
    }

    [TestCase("[1, 2]")]
    [TestCase("{ \"alignment\": ")]
    [TestCase("")]
    public void NotAJsonObject(string json) =>
        Assert.That(() => NativeArraysSettings.Parse(json), Throws.TypeOf<FormatException>());

    [Test]
    public void LoadReadsAFile()
    {
        string path = Path.Combine(Path.GetTempPath(), $"nativearrays-settings-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, Section("""{ "alignment": 256 }"""));
        try
        {
            Assert.That(NativeArraysSettings.Load(path).Alignment, Is.EqualTo(256));
            File.WriteAllText(path, Section("""{ "alignment": 100 }"""));
            var e = Assert.Throws<FormatException>(() => NativeArraysSettings.Load(path));
            Assert.That(e!.Message, Does.Contain(path).And.Contain("100"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void TheShippedSettingsFileIsValid()
    {
        string path = Path.Combine(AppContext.BaseDirectory, NativeArraysSettings.FileName);
        Assert.That(File.Exists(path), Is.True, "runtimesettings.json is copied next to the test assembly");
        Assert.That(() => NativeArraysSettings.Load(path), Throws.Nothing);
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(path));
        Assert.That(doc.RootElement.TryGetProperty(NativeArraysSettings.SectionName, out _), Is.True, "the repository's file uses the section form");
    }

    [Test]
    public void OtherTopLevelKeysAreIgnored()
    {
        const string logging = """{ "Logging": { "LogLevel": { "Default": "Information" } }, "AllowedHosts": "*" }""";
        Assert.That(NativeArraysSettings.Parse(logging), Is.EqualTo(new NativeArraysSettings()), "a file without the section means defaults");
        var s = NativeArraysSettings.Parse("""{ "Logging": { "alignment": 8 }, "NativeArrays": { "alignment": 256 }, "bogus": [1, 2] }""");
        Assert.That(s, Is.EqualTo(new NativeArraysSettings { Alignment = 256 }));
    }

    [Test]
    public void TopLevelSettingsAreRefusedWithTheSectionForm()
    {
        var e = Assert.Throws<FormatException>(() => NativeArraysSettings.Parse("""{ "alignment": 128, "simdWidth": "256" }""", "old.json"));
        Assert.That(e!.Message, Does.Contain("old.json").And.Contain("'alignment', 'simdWidth'").And.Contain("\"NativeArrays\": {"));
        e = Assert.Throws<FormatException>(() => NativeArraysSettings.Parse("""{ "NativeArrays": {}, "alignment": 128 }""", "mixed.json"));
        Assert.That(e!.Message, Does.Contain("'alignment'").And.Contain("section"));
    }

    [TestCase("""{ "NativeArrays": 64 }""", "must be a JSON object")]
    [TestCase("""{ "NativeArrays": [ { "alignment": 64 } ] }""", "must be a JSON object")]
    [TestCase("""{ "nativeArrays": { "alignment": 64 } }""", "'nativeArrays'")]
    [TestCase("""{ "NativeArrays": { "bogus": 1 } }""", "'NativeArrays.bogus'")]
    public void BadSectionIsAnError(string json, string expected)
    {
        var e = Assert.Throws<FormatException>(() => NativeArraysSettings.Parse(json, "s.json"));
        Assert.That(e!.Message, Does.Contain("s.json").And.Contain(expected));
    }

    [Test]
    public void ValidateRejectsInvalidRecords()
    {
        Assert.That(() => new NativeArraysSettings { Alignment = 24 }.Validate(), Throws.ArgumentException.With.Message.Contains("24"));
        Assert.That(() => new NativeArraysSettings { SimdWidth = (SimdWidth)64 }.Validate(), Throws.ArgumentException.With.Message.Contains("64"));
        Assert.That(() => NativeArraysSettings.Override(new NativeArraysSettings { Alignment = 3 }), Throws.ArgumentException);
        _ = NativeArraysSettings.Current; // make sure they were read (this test may run first)
        Assert.That(() => NativeArraysSettings.Configure(new NativeArraysSettings()), Throws.InvalidOperationException,
            "the settings were already read; Configure must refuse");
    }

    [TestCase(16)]
    [TestCase(64)]
    [TestCase(4096)]
    public void BufferAlignmentIsHonoured(int alignment)
    {
        var previous = NativeArraysSettings.Current;
        using (NativeArraysSettings.Override(previous with { Alignment = alignment }))
        {
            Assert.That(NativeArraysSettings.Current.Alignment, Is.EqualTo(alignment));
            foreach (nint n in new nint[] { 0, 1, 3, 17, 1000, 4097 })
            {
                using var a = NDArray<byte>.Zeros(n);
                using var d = NDArray<double>.Empty(n);
                foreach (var buffer in new[] { a.Buffer, d.Buffer })
                {
                    Assert.That(buffer.Alignment, Is.EqualTo(alignment));
                    Assert.That((long)buffer.Address % alignment, Is.Zero, $"{n} elements of {buffer.ElementType}");
                }
                if (n > 0) using (var c = a.Copy()) Assert.That((long)c.Buffer.Address % alignment, Is.Zero);
            }
        }
        Assert.That(NativeArraysSettings.Current, Is.SameAs(previous), "Override restores the settings");
    }

    [Test]
    public void TrackingCanBeTurnedOff()
    {
        var before = AllocationTracker.Snapshot();
        using (NativeArraysSettings.Override(NativeArraysSettings.Current with { TrackAllocations = false }))
        {
            using var a = NDArray<double>.Zeros(100);
            using var c = a.Copy();
            Assert.That(AllocationTracker.Snapshot().TotalAllocations, Is.EqualTo(before.TotalAllocations));
            Assert.That(AllocationTracker.Snapshot().CopiesOf("Copy"), Is.EqualTo(before.CopiesOf("Copy")));
        }
        var after = AllocationTracker.Snapshot();
        Assert.That(after.LiveBytes, Is.EqualTo(before.LiveBytes), "untracked buffers are not subtracted when freed");
        Assert.That(after.LiveBuffers, Is.EqualTo(before.LiveBuffers));
    }
}
