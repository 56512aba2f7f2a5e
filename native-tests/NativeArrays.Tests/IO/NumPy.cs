using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace NativeArrays.Tests.IO;

/// <summary>
/// Finds a Python with NumPy and runs the helper script <c>IO/numpy/npy_helper.py</c>. Without NumPy the tests that need
/// it are ignored with a message saying how to enable them, unless <c>NATIVEARRAYS_REQUIRE_NUMPY=1</c> (set by CI),
/// in which case they fail. They never pass silently.
/// </summary>
internal static class NumPy
{
    public const string RequireVariable = "NATIVEARRAYS_REQUIRE_NUMPY";
    public const string PythonVariable = "NATIVEARRAYS_PYTHON";

    private static readonly Lazy<(string? Python, string Diagnostics)> s_python = new(FindPython);

    /// <summary>The python executable to use; fails or ignores the current test when there is none.</summary>
    public static string Require()
    {
        var (python, why) = s_python.Value;
        if (python is not null) return python;
        string message =
            "NumPy interoperability tests need a Python 3 with NumPy (" + why + "). Install it with " +
            "'apt-get install -y python3-numpy' (Debian/Ubuntu) or point " + PythonVariable + " at a python that has numpy.";
        if (Environment.GetEnvironmentVariable(RequireVariable) == "1")
            Assert.Fail(message + " " + RequireVariable + "=1 is set, so this is a failure.");
        Assert.Ignore(message + " Skipped; set " + RequireVariable + "=1 to make this a failure.");
        return null!;
    }

    /// <summary>Path of the helper script: next to the test assembly, or in the source tree.</summary>
    public static string Script([CallerFilePath] string thisFile = "")
    {
        string copied = Path.Combine(AppContext.BaseDirectory, "IO", "numpy", "npy_helper.py");
        if (File.Exists(copied)) return copied;
        string source = Path.Combine(Path.GetDirectoryName(thisFile)!, "numpy", "npy_helper.py");
        if (File.Exists(source)) return source;
        Assert.Fail($"npy_helper.py was found neither at {copied} nor at {source}.");
        return null!;
    }

    /// <summary>Runs the helper with <paramref name="args"/>; returns exit code and output.</summary>
    public static (int ExitCode, string Output) Run(params string[] args)
    {
        string python = Require();
        var psi = new ProcessStartInfo(python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(Script());
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        string stdout = p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail($"npy_helper.py {string.Join(' ', args)} did not finish in 5 minutes.");
        }
        return (p.ExitCode, stdout + stderr.Result);
    }

    private static (string?, string) FindPython()
    {
        var candidates = new List<string>();
        string? configured = Environment.GetEnvironmentVariable(PythonVariable);
        if (!string.IsNullOrEmpty(configured)) candidates.Add(configured); // when set, it is the only one tried
        else candidates.AddRange(["/usr/bin/python3", "python3", "python"]);
        var tried = new List<string>();
        foreach (string c in candidates)
        {
            try
            {
                var psi = new ProcessStartInfo(c) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
                psi.ArgumentList.Add("-c");
                psi.ArgumentList.Add("import numpy; print(numpy.__version__)");
                using var p = Process.Start(psi);
                if (p is null) { tried.Add($"{c}: did not start"); continue; }
                p.StandardError.ReadToEnd();
                p.StandardOutput.ReadToEnd();
                if (!p.WaitForExit(TimeSpan.FromSeconds(60))) { p.Kill(); tried.Add($"{c}: timed out"); continue; }
                if (p.ExitCode == 0) return (c, "");
                tried.Add($"{c}: no numpy module");
            }
            catch (System.ComponentModel.Win32Exception)
            {
                tried.Add($"{c}: not found");
            }
        }
        return (null, "tried " + string.Join("; ", tried));
    }
}
