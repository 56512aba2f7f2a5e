namespace NativeArrays.Inspection;

/// <summary>Documented exit codes of the inspector; also the <see cref="InspectorException.ExitCode"/> of each failure.</summary>
public static class ExitCodes
{
    /// <summary>Success: the report was produced and shows no leak (demo: every figure checked out).</summary>
    public const int Ok = 0;
    /// <summary>Demo: at least one figure did not match its expected value, the tracker or the OS.</summary>
    public const int CheckFailed = 1;
    /// <summary>Bad command line.</summary>
    public const int Usage = 2;
    /// <summary>Inspect: the report was produced and shows at least one leaked buffer.</summary>
    public const int LeaksFound = 3;
    /// <summary>No process with that id.</summary>
    public const int ProcessNotFound = 10;
    /// <summary>The process is not a .NET process (no diagnostics endpoint, no CLR).</summary>
    public const int NotDotNet = 11;
    /// <summary>The process or dump is .NET but has not loaded NativeArrays.</summary>
    public const int NoNativeArrays = 12;
    /// <summary>The dump file is missing, truncated, or not a .NET dump.</summary>
    public const int BadDump = 13;
    /// <summary>Not allowed to read the process or the file.</summary>
    public const int PermissionDenied = 14;
    /// <summary>The runtime's data access component (DAC) could not be loaded, or the heap is not walkable.</summary>
    public const int RuntimeUnsupported = 15;
    /// <summary>Writing the dump failed.</summary>
    public const int DumpWriteFailed = 16;
    /// <summary>Unexpected internal error (reported in one line).</summary>
    public const int Internal = 70;
}

/// <summary>An expected failure of the inspector, with a one-line message and an exit code from <see cref="ExitCodes"/>.</summary>
public sealed class InspectorException : Exception
{
    /// <summary>Creates the failure.</summary>
    public InspectorException(int exitCode, string message, Exception? inner = null) : base(message, inner) => ExitCode = exitCode;

    /// <summary>Process exit code for this failure.</summary>
    public int ExitCode { get; }

    /// <summary>
    /// The failure may come from the instant a live process was read (a buffer allocated or freed mid-snapshot):
    /// reading it again may succeed. Never true for a dump file's own damage.
    /// </summary>
    public bool MayBeTransient { get; init; }
}
