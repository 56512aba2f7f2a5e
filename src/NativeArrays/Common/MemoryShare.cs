namespace NativeArrays;

/// <summary>The answer of an exact memory-sharing test.</summary>
public enum MemoryShare
{
    /// <summary>No element is reachable from both views.</summary>
    No = 0,
    /// <summary>At least one element is reachable from both views.</summary>
    Yes = 1,
    /// <summary>The work bound was reached before the question was settled.</summary>
    TooHard = 2,
}
