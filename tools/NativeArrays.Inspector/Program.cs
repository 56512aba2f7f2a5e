namespace NativeArrays.Inspector;

/// <summary>Entry point of the inspector (work in progress).</summary>
public static class Program
{
    /// <summary>Runs the tool.</summary>
    public static int Main(string[] args) { Console.WriteLine("inspector: not yet implemented"); return 1; }
}
