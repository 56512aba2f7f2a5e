using System.Reflection;
using NativeArrays.Common;
using NativeArrays.Interop;
using NativeArrays.IO;
using NativeArrays.Memory;
using ElementTypes = NativeArrays.Common.ElementTypes;

namespace NativeArrays.Tests.Common;

/// <summary>The element-type table (Common/ElementTypes.cs) is the one description every layer reads.</summary>
public class ElementTypeTests
{
    /// <summary>NumPy's own facts, written out independently of the table: dtype name and little-endian descr.</summary>
    private static readonly (Type Type, string Name, string Descr, DLDataTypeCode DLPack)[] NumPyFacts =
    [
        (typeof(bool), "bool", "|b1", DLDataTypeCode.Bool),
        (typeof(byte), "uint8", "|u1", DLDataTypeCode.UInt),
        (typeof(sbyte), "int8", "|i1", DLDataTypeCode.Int),
        (typeof(short), "int16", "<i2", DLDataTypeCode.Int),
        (typeof(ushort), "uint16", "<u2", DLDataTypeCode.UInt),
        (typeof(int), "int32", "<i4", DLDataTypeCode.Int),
        (typeof(uint), "uint32", "<u4", DLDataTypeCode.UInt),
        (typeof(long), "int64", "<i8", DLDataTypeCode.Int),
        (typeof(ulong), "uint64", "<u8", DLDataTypeCode.UInt),
        (typeof(Half), "float16", "<f2", DLDataTypeCode.Float),
        (typeof(float), "float32", "<f4", DLDataTypeCode.Float),
        (typeof(double), "float64", "<f8", DLDataTypeCode.Float),
    ];

    private static object? CallGeneric(Type owner, string method, Type t) =>
        owner.GetMethod(method, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(t).Invoke(null, null);

    [Test]
    public void TheTableHoldsTheTwelveElementTypesWithNumPysNames()
    {
        Assert.That(ElementTypes.All.Select(i => i.ClrType), Is.EquivalentTo(NumPyFacts.Select(f => f.Type)));
        foreach (var (type, name, descr, dlpack) in NumPyFacts)
        {
            var info = ElementTypes.Find(type)!;
            Assert.Multiple(() =>
            {
                Assert.That(info.Name, Is.EqualTo(name));
                Assert.That(info.NpyDescr, Is.EqualTo(descr));
                Assert.That(info.Size, Is.EqualTo(System.Runtime.InteropServices.Marshal.SizeOf(type == typeof(bool) ? typeof(byte) : type)));
                Assert.That(ElementTypes.Find(info.Kind, info.Size), Is.SameAs(info));
                Assert.That(CallGeneric(typeof(DType), nameof(DType.NameOf), type), Is.EqualTo(name));
                Assert.That(((NpyDType)CallGeneric(typeof(NpyDType), nameof(NpyDType.Of), type)!).Descr, Is.EqualTo(descr));
                Assert.That(((DLDataType)CallGeneric(typeof(DLPack), nameof(DLPack.DataTypeOf), type)!).Code, Is.EqualTo(dlpack));
            });
        }
    }

    [Test]
    public void TheJitTimePredicatesAgreeWithTheTable()
    {
        foreach (var info in ElementTypes.All)
        {
            Assert.Multiple(() =>
            {
                Assert.That(CallGeneric(typeof(ElementTypes), nameof(ElementTypes.IsVectorElement), info.ClrType), Is.EqualTo(info.IsVectorElement), info.Name);
                Assert.That(CallGeneric(typeof(ElementTypes), nameof(ElementTypes.IsVectorFloat), info.ClrType), Is.EqualTo(info.IsFloat && info.IsVectorElement), info.Name);
                Assert.That(CallGeneric(typeof(ElementTypes), nameof(ElementTypes.IsSignedInteger), info.ClrType), Is.EqualTo(info.Kind == ElementKind.SignedInteger), info.Name);
                // Vector<T> of the BCL says which types the vector kernels can hold.
                Assert.That(info.IsVectorElement, Is.EqualTo(IsBclVectorType(info.ClrType) && info.ClrType != typeof(Half)), info.Name);
            });
        }
    }

    private static bool IsBclVectorType(Type t)
    {
        var isSupported = typeof(System.Numerics.Vector<>).MakeGenericType(t).GetProperty("IsSupported", BindingFlags.Public | BindingFlags.Static);
        return isSupported is not null && (bool)isSupported.GetValue(null)!;
    }

    [Test]
    public void AnUnsupportedTypeIsRefusedWithTheSameMessage()
    {
        var e = Assert.Throws<NotSupportedException>(() => DType.NameOf<decimal>())!;
        Assert.That(e.Message, Is.EqualTo(
            "Element type System.Decimal is not supported. Supported: bool, byte, sbyte, short, ushort, int, uint, long, ulong, Half, float, double."));
        Assert.That(DType.IsSupported<decimal>(), Is.False);
        Assert.That(DType.IsSupported<Half>(), Is.True);
        Assert.That(ElementTypes.Find(ElementKind.Float, 1), Is.Null);
        Assert.That(ElementTypes.Find(ElementKind.Bool, 2), Is.Null);
    }
}
