namespace NativeArrays.Benchmarks;

public static class Program
{
    public static int Main(string[] args) { Console.WriteLine("benchmarks: not yet implemented"); return 1; }
}
