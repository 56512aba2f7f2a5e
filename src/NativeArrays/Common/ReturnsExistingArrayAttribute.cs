namespace NativeArrays;

/// <summary>
/// Marks a library method that returns an array object that already exists (its receiver, as fluent writers such as
/// <c>Assign</c> do, or an array another object owns, as <c>NpyArray.As&lt;T&gt;()</c> does), not a new one. The
/// NA0001/NA0002 analyzer reads it by name: a call to such a method creates no temporary to dispose.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
internal sealed class ReturnsExistingArrayAttribute : Attribute;
