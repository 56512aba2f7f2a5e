using System.Diagnostics;
using NativeArrays.IO;
using NativeArrays.Tests.IO;

namespace NativeArrays.Tests.Arrays;

/// <summary>ToString must print exactly what NumPy's str() prints for the same array (default print options).</summary>
[NonParallelizable]
public class FormattingVsNumPyTests
{
    private static readonly (string Name, Func<string, string> SaveAndFormat)[] Cases =
    [
        ("arange100", p => SaveFormat(p, NDArray.Arange(100))),
        ("grid", p => { using var a = NDArray.Arange(12); using var m = a.Reshape(3, 4); return SaveFormat(p, m.Copy()); }),
        ("cube", p => { using var a = NDArray.Arange(24.0); using var m = a.Reshape(2, 3, 4); return SaveFormat(p, m.Copy()); }),
        ("fractions", p => SaveFormat(p, NDArray<double>.FromArray([0.5, 1.25, -3.125, 10]))),
        ("integral", p => SaveFormat(p, NDArray<double>.FromArray([1, 2, -3]))),
        ("float32", p => SaveFormat(p, NDArray<float>.FromArray([0.1f, 0.2f, 1.1234567f, 3f]))),
        ("scientific", p => SaveFormat(p, NDArray<double>.FromArray([1e-10, 1, 2.5e7]))),
        ("specials", p => SaveFormat(p, NDArray<double>.FromArray([double.NaN, 1.5, double.PositiveInfinity, -2]))),
        ("bools", p => SaveFormat(p, NDArray<bool>.FromArray([true, false, true]))),
        ("alltrue", p => SaveFormat(p, NDArray<bool>.FromArray([true, true]))),
        ("summarised1d", p => SaveFormat(p, NDArray.Arange(2000))),
        ("summarised2d", p => { using var a = NDArray.Arange(10000L); using var m = a.Reshape(100, 100); return SaveFormat(p, m.Copy()); }),
        ("linspace", p => SaveFormat(p, NDArray.Linspace(0.0, 1.0, 7))),
        ("wide2d", p => { using var a = NDArray.Arange(120.5, 180.5, 1.0); using var m = a.Reshape(2, 30); return SaveFormat(p, m.Copy()); }),
        ("empty", p => SaveFormat(p, NDArray<int>.Zeros(2, 0))),
        ("scalar", p => SaveFormat(p, NDArray<double>.Scalar(3.5))),
        ("negints", p => SaveFormat(p, NDArray<long>.FromArray([-5, 10, -300]))),
    ];

    private static string SaveFormat<T>(string path, NDArray<T> array) where T : unmanaged
    {
        using (array)
        {
            Npy.Save(path, array);
            return array.ToString();
        }
    }

    [Test]
    public void ToStringMatchesNumPyStr()
    {
        string python = NumPy.Require();
        string dir = Path.Combine(Path.GetTempPath(), "na-format-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var ours = Cases.Select(c => (c.Name, Text: c.SaveAndFormat(Path.Combine(dir, c.Name + ".npy")))).ToList();
            var psi = new ProcessStartInfo(python) { RedirectStandardOutput = true, UseShellExecute = false };
            psi.ArgumentList.Add("-c");
            psi.ArgumentList.Add("import numpy as np, sys\nfor n in sys.argv[2:]:\n    print(str(np.load(sys.argv[1] + '/' + n + '.npy')), end='\\x00')");
            psi.ArgumentList.Add(dir);
            foreach (var c in Cases) psi.ArgumentList.Add(c.Name);
            using var p = Process.Start(psi)!;
            string output = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            Assert.That(p.ExitCode, Is.Zero, output);
            var theirs = output.Split('\0');
            Assert.Multiple(() =>
            {
                for (int i = 0; i < ours.Count; i++)
                    Assert.That(ours[i].Text, Is.EqualTo(theirs[i]), $"case {ours[i].Name}");
            });
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
