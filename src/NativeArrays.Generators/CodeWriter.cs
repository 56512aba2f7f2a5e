using System.Text;

namespace NativeArrays.Generators;

/// <summary>A StringBuilder that indents: generated code stays readable (EmitCompilerGeneratedFiles writes it to obj/).</summary>
internal sealed class CodeWriter
{
    private readonly StringBuilder _sb = new();
    private int _indent;

    public CodeWriter Line(string text = "")
    {
        if (text.Length > 0) _sb.Append(' ', _indent * 4).Append(text);
        _sb.Append('\n');
        return this;
    }

    public CodeWriter Open(string header)
    {
        Line(header).Line("{");
        _indent++;
        return this;
    }

    public CodeWriter Close(string tail = "")
    {
        _indent--;
        return Line("}" + tail);
    }

    /// <summary>A one-line summary plus exception docs, each a (cref, text) pair.</summary>
    public CodeWriter Doc(string summary, params (string Cref, string Text)[] exceptions)
    {
        Line($"/// <summary>{summary}</summary>");
        foreach (var (cref, text) in exceptions) Line($"/// <exception cref=\"{cref}\">{text}</exception>");
        return this;
    }

    public override string ToString() => _sb.ToString();
}
