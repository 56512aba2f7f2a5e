using System.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace NativeArrays.Tests;

/// <summary>
/// Settings are read once per process, so these tests compile a tiny console program against NativeArrays and run it
/// in a fresh process: runtimesettings.json next to the executable, NATIVEARRAYS_SETTINGS, Configure before first use,
/// and a bad file's error naming the key and value.
/// </summary>
[NonParallelizable]
public class SettingsProcessTests
{
    private string _dir = "";

    private const string Program = """
        using NativeArrays;
        if (args.Length > 0 && args[0] == "configure")
            NativeArraysSettings.Configure(new NativeArraysSettings { Alignment = 256, SimdWidth = SimdWidth.W128 });
        try
        {
            using var a = NDArray<float>.Zeros(10);
            var s = NativeArraysSettings.Current;
            Console.WriteLine($"alignment={s.Alignment} simd={s.SimdWidth} threads={s.MaxDegreeOfParallelism} aligned={a.Buffer.Address % s.Alignment == 0}");
            if (args.Length > 0 && args[0] == "configure")
            {
                try { NativeArraysSettings.Configure(new NativeArraysSettings()); Console.WriteLine("late configure accepted"); }
                catch (InvalidOperationException) { Console.WriteLine("late configure refused"); }
            }
        }
        catch (Exception e) { Console.WriteLine("error: " + (e.InnerException ?? e).Message); }
        """;

    [OneTimeSetUp]
    public void Compile()
    {
        _dir = Path.Combine(Path.GetTempPath(), "na-settings-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
        var options = new CSharpParseOptions(LanguageVersion.Preview);
        var trees = new[]
        {
            CSharpSyntaxTree.ParseText(Program, options),
            CSharpSyntaxTree.ParseText("global using System;", options),
        };
        var tpa = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        string lib = typeof(NDArray<>).Assembly.Location;
        var compilation = CSharpCompilation.Create("settingsprobe", trees,
            tpa.Select(p => MetadataReference.CreateFromFile(p)).Append(MetadataReference.CreateFromFile(lib)),
            new CSharpCompilationOptions(OutputKind.ConsoleApplication));
        var result = compilation.Emit(Path.Combine(_dir, "settingsprobe.dll"));
        Assert.That(result.Success, Is.True, string.Join("\n", result.Diagnostics));
        File.Copy(lib, Path.Combine(_dir, Path.GetFileName(lib)));
        string version = Environment.Version.ToString(3);
        File.WriteAllText(Path.Combine(_dir, "settingsprobe.runtimeconfig.json"),
            "{\"runtimeOptions\":{\"tfm\":\"net10.0\",\"framework\":{\"name\":\"Microsoft.NETCore.App\",\"version\":\"" + version + "\"}}}");
    }

    [OneTimeTearDown]
    public void Clean()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private string Run(string? settingsFile, string? envPath, params string[] args)
    {
        string local = Path.Combine(_dir, "runtimesettings.json");
        if (settingsFile is null) File.Delete(local); else File.WriteAllText(local, settingsFile);
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("exec");
        psi.ArgumentList.Add(Path.Combine(_dir, "settingsprobe.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment.Remove("NATIVEARRAYS_SETTINGS");
        if (envPath is not null) psi.Environment["NATIVEARRAYS_SETTINGS"] = envPath;
        using var p = Process.Start(psi)!;
        string output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        Assert.That(p.WaitForExit(60_000), Is.True, "probe did not finish");
        return output.Trim();
    }

    [Test]
    public void MissingFileMeansDefaults() =>
        Assert.That(Run(null, null), Is.EqualTo("alignment=64 simd=Auto threads=0 aligned=True"));

    [Test]
    public void FileNextToTheExecutableIsRead() =>
        Assert.That(Run("""{ "NativeArrays": { "alignment": 4096, "simdWidth": "256", "maxDegreeOfParallelism": 1 } }""", null),
            Is.EqualTo("alignment=4096 simd=W256 threads=1 aligned=True"));

    [Test]
    public void EnvironmentVariableOverridesTheFile()
    {
        string other = Path.Combine(_dir, "other.json");
        File.WriteAllText(other, """{ "NativeArrays": { "alignment": 128, "simdWidth": "scalar" } }""");
        Assert.That(Run("""{ "NativeArrays": { "alignment": 4096 } }""", other), Is.EqualTo("alignment=128 simd=Scalar threads=0 aligned=True"));
    }

    [Test]
    public void EnvironmentVariableNamingAMissingFileIsAnError() =>
        Assert.That(Run(null, Path.Combine(_dir, "nope.json")), Does.StartWith("error: NATIVEARRAYS_SETTINGS names").And.Contain("nope.json"));

    [Test]
    public void ConfigureBeforeFirstUseWinsAndLateConfigureIsRefused() =>
        Assert.That(Run("""{ "NativeArrays": { "alignment": 4096 } }""", null, "configure"),
            Is.EqualTo("alignment=256 simd=W128 threads=0 aligned=True\nlate configure refused"));

    [TestCase("""{ "NativeArrays": { "alignment": 24 } }""", "alignment", "24")]
    [TestCase("""{ "NativeArrays": { "simdWidth": "64" } }""", "simdWidth", "64")]
    [TestCase("""{ "NativeArrays": { "bogus": 1 } }""", "bogus", "bogus")]
    [TestCase("""{ "NativeArrays": { "trackAllocations": "yes" } }""", "trackAllocations", "yes")]
    [TestCase("""{ "alignment": 4096 }""", "alignment", "\"NativeArrays\" section")]
    public void BadFileIsAnErrorNamingKeyAndValue(string json, string key, string value)
    {
        string output = Run(json, null);
        Assert.That(output, Does.StartWith("error:").And.Contain(key).And.Contain(value));
    }

    [Test]
    public void AnUnrelatedSettingsFileMeansDefaults() =>
        // The file name is common: an app's own runtimesettings.json without a "NativeArrays" section must not break arrays.
        Assert.That(Run("""{ "Logging": { "LogLevel": { "Default": "Warning" } }, "ConnectionStrings": { "Db": "x" } }""", null),
            Is.EqualTo("alignment=64 simd=Auto threads=0 aligned=True"));

    [Test]
    public void OnlyTheSectionIsReadBesideOtherKeys() =>
        Assert.That(Run("""{ "Logging": { "LogLevel": { "Default": "Warning" } }, "NativeArrays": { "alignment": 512, "simdWidth": "128" } }""", null),
            Is.EqualTo("alignment=512 simd=W128 threads=0 aligned=True"));
}
