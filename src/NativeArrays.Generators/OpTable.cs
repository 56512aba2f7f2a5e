using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;

namespace NativeArrays.Generators;

/// <summary>The shape of an operation: which family of public forms it gets.</summary>
internal enum OpKind { Unary, Binary, Predicate, Comparison, Reduction }

/// <summary>One row of <c>Operations.table</c>.</summary>
internal sealed record Op(
    OpKind Kind, string Name, string Struct, string Elements, string Result, string? Symbol, bool EmptyThrows, string NumPy, string Doc, int Line)
{
    /// <summary>The generic constraint interface of the element type, e.g. <c>INumber</c>.</summary>
    public string Constraint => Elements switch
    {
        "Number" => "INumber",
        "Float" => "IFloatingPointIeee754",
        _ => "IBinaryInteger",
    };

    /// <summary>The element type of the result as C# (<c>T</c>, <c>bool</c>, <c>long</c>).</summary>
    public bool ResultIsT => Result == "T";

    /// <summary>The operand count of an elementwise op.</summary>
    public bool IsBinary => Kind is OpKind.Binary or OpKind.Comparison;

    /// <summary>The doc text with its first letter upper-cased (for reductions' summaries).</summary>
    public string DocSentence => Doc.Length == 0 ? Doc : char.ToUpperInvariant(Doc[0]) + Doc.Substring(1);
}

/// <summary>A table problem, with its 1-based line.</summary>
internal sealed record TableError(int Line, string Message);

/// <summary>The parsed table: rows and errors (a row with an error is left out).</summary>
internal sealed class OpTable : IEquatable<OpTable>
{
    private static readonly string[] s_elements = ["Number", "Float", "Integer"];

    public OpTable(ImmutableArray<Op> ops, ImmutableArray<TableError> errors, string text)
    {
        Ops = ops;
        Errors = errors;
        Text = text;
    }

    public ImmutableArray<Op> Ops { get; }
    public ImmutableArray<TableError> Errors { get; }
    private string Text { get; }

    public bool Equals(OpTable? other) => other is not null && other.Text == Text;
    public override bool Equals(object? obj) => Equals(obj as OpTable);
    public override int GetHashCode() => Text.GetHashCode();

    /// <summary>Parses the table text: one op per line, '#' starts a comment line, columns split on runs of spaces.</summary>
    public static OpTable Parse(string text)
    {
        var ops = ImmutableArray.CreateBuilder<Op>();
        var errors = ImmutableArray.CreateBuilder<TableError>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        string[] lines = text.Replace("\r\n", "\n").Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            var cols = SplitColumns(line, 8);
            if (cols.Count < 8)
            {
                errors.Add(new TableError(i + 1, $"expected 8 columns (kind name struct elements result extra numpy doc), found {cols.Count}"));
                continue;
            }
            if (!TryKind(cols[0], out var kind)) { errors.Add(new TableError(i + 1, $"unknown kind '{cols[0]}' (unary, binary, predicate, comparison, reduction)")); continue; }
            string name = cols[1], str = cols[2], elements = cols[3], result = cols[4];
            if (!IsIdentifier(name) || !IsIdentifier(str)) { errors.Add(new TableError(i + 1, $"'{name}' and '{str}' must be C# identifiers")); continue; }
            if (Array.IndexOf(s_elements, elements) < 0) { errors.Add(new TableError(i + 1, $"unknown elements '{elements}' (Number, Float, Integer)")); continue; }
            string expected = kind switch { OpKind.Unary or OpKind.Binary => "T", OpKind.Predicate or OpKind.Comparison => "bool", _ => "" };
            if (expected.Length > 0 ? result != expected : result is not ("T" or "bool" or "long"))
            {
                errors.Add(new TableError(i + 1, $"result '{result}' does not fit kind '{cols[0]}' ({(expected.Length > 0 ? expected : "T, bool or long")})"));
                continue;
            }
            string? symbol = null;
            bool emptyThrows = false;
            bool bad = false;
            if (cols[5] != "_")
            {
                foreach (string flag in cols[5].Split(','))
                {
                    if (flag.StartsWith("op:", StringComparison.Ordinal) && kind is not OpKind.Reduction && IsOperator(flag.Substring(3), kind)) symbol = flag.Substring(3);
                    else if (flag == "empty:throw" && kind == OpKind.Reduction) emptyThrows = true;
                    else { errors.Add(new TableError(i + 1, $"extra '{flag}' is not valid for kind '{cols[0]}'")); bad = true; }
                }
            }
            if (bad) continue;
            if (!names.Add(name)) { errors.Add(new TableError(i + 1, $"'{name}' is declared twice")); continue; }
            ops.Add(new Op(kind, name, str, elements, result, symbol, emptyThrows, cols[6], cols[7], i + 1));
        }
        return new OpTable(ops.ToImmutable(), errors.ToImmutable(), text);
    }

    private static bool IsOperator(string s, OpKind kind) => kind switch
    {
        OpKind.Unary => s is "-" or "+" or "~",
        OpKind.Binary => s is "+" or "-" or "*" or "/" or "%" or "&" or "|" or "^",
        OpKind.Comparison => s is "<" or "<=" or ">" or ">=",
        _ => false,
    };

    private static bool TryKind(string s, out OpKind kind)
    {
        switch (s)
        {
            case "unary": kind = OpKind.Unary; return true;
            case "binary": kind = OpKind.Binary; return true;
            case "predicate": kind = OpKind.Predicate; return true;
            case "comparison": kind = OpKind.Comparison; return true;
            case "reduction": kind = OpKind.Reduction; return true;
            default: kind = default; return false;
        }
    }

    private static bool IsIdentifier(string s) => s.Length > 0 && (char.IsLetter(s[0]) || s[0] == '_') && s.All(c => char.IsLetterOrDigit(c) || c == '_');

    /// <summary>Splits on runs of spaces into at most <paramref name="count"/> columns; the last keeps its spaces.</summary>
    private static List<string> SplitColumns(string line, int count)
    {
        var cols = new List<string>();
        int p = 0;
        while (p < line.Length && cols.Count < count - 1)
        {
            int end = line.IndexOf(' ', p);
            if (end < 0) end = line.Length;
            cols.Add(line.Substring(p, end - p));
            p = end;
            while (p < line.Length && line[p] == ' ') p++;
        }
        if (p < line.Length) cols.Add(line.Substring(p).TrimEnd());
        return cols;
    }
}
