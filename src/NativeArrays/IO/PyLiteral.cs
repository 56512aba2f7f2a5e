using System.Globalization;
using System.Numerics;
using System.Text;

namespace NativeArrays.IO;

/// <summary>
/// A parser for the subset of Python literals an .npy header uses (NumPy reads it with <c>ast.literal_eval</c>):
/// dicts, tuples, lists, strings, integers, <c>True</c>/<c>False</c>/<c>None</c>. Never evaluates anything; input
/// length and nesting depth are bounded, so a hostile header costs at most linear time and a bounded stack.
/// </summary>
internal ref struct PyLiteral
{
    /// <summary>Deepest nesting accepted (structured dtypes nest a few levels; nothing we support nests at all).</summary>
    public const int MaxDepth = 32;

    private readonly ReadOnlySpan<char> _text;
    private int _pos;
    private readonly bool _allowLongSuffix;

    private PyLiteral(ReadOnlySpan<char> text, bool allowLongSuffix)
    {
        _text = text;
        _pos = 0;
        _allowLongSuffix = allowLongSuffix;
    }

    /// <summary>
    /// Parses one literal followed only by white space. <paramref name="allowLongSuffix"/> accepts Python 2's
    /// <c>10L</c> integers (format versions 1.0 and 2.0 may hold them, NumPy filters them out).
    /// </summary>
    /// <exception cref="FormatException">Not a literal of the supported subset; the message names the position.</exception>
    public static object? Parse(ReadOnlySpan<char> text, bool allowLongSuffix)
    {
        var p = new PyLiteral(text, allowLongSuffix);
        object? value = p.ParseValue(0);
        p.SkipSpace();
        if (p._pos != text.Length) throw p.Error("unexpected text after the literal");
        return value;
    }

    private FormatException Error(string what) =>
        new($"Invalid .npy header literal at character {_pos}: {what}.");

    /// <summary>Skips what Python's tokenizer skips between tokens: blanks, tabs, form feeds, line breaks, comments.</summary>
    private void SkipSpace()
    {
        while (_pos < _text.Length)
        {
            char c = _text[_pos];
            if (c is ' ' or '\t' or '\n' or '\r' or '\f') { _pos++; continue; }
            if (c != '#') return;
            while (_pos < _text.Length && _text[_pos] is not ('\n' or '\r')) _pos++;
        }
    }

    private object? ParseValue(int depth)
    {
        if (depth > MaxDepth) throw Error($"nesting deeper than {MaxDepth} levels");
        SkipSpace();
        if (_pos >= _text.Length) throw Error("unexpected end of header");
        char c = _text[_pos];
        switch (c)
        {
            case '{': return ParseDict(depth);
            case '(': return ParseSequence(depth, ')', tuple: true);
            case '[': return ParseSequence(depth, ']', tuple: false);
            case '\'' or '"': return ParseString();
        }
        // u'...' is a str in Python 3; b'...' is bytes, kept apart so that it is never taken for a str.
        if (c is 'u' or 'U' or 'b' or 'B' && _pos + 1 < _text.Length && _text[_pos + 1] is '\'' or '"')
        {
            _pos++;
            string text = ParseString();
            return c is 'b' or 'B' ? new PyBytes(text) : text;
        }
        if (c is '-' or '+' or (>= '0' and <= '9')) return ParseInteger();
        if (TryKeyword("True")) return true;
        if (TryKeyword("False")) return false;
        if (TryKeyword("None")) return null;
        throw Error($"unexpected character '{Printable(c)}'");
    }

    private static string Printable(char c) => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString();

    private bool TryKeyword(string word)
    {
        if (!_text[_pos..].StartsWith(word, StringComparison.Ordinal)) return false;
        int end = _pos + word.Length;
        if (end < _text.Length && (char.IsLetterOrDigit(_text[end]) || _text[end] == '_')) return false;
        _pos = end;
        return true;
    }

    private Dictionary<string, object?> ParseDict(int depth)
    {
        _pos++; // '{'
        var dict = new Dictionary<string, object?>(StringComparer.Ordinal);
        while (true)
        {
            SkipSpace();
            if (_pos >= _text.Length) throw Error("unterminated dict");
            if (_text[_pos] == '}') { _pos++; return dict; }
            object? key = ParseValue(depth + 1);
            if (key is not string name) throw Error("dict keys must be strings");
            SkipSpace();
            if (_pos >= _text.Length || _text[_pos] != ':') throw Error("expected ':' after a dict key");
            _pos++;
            dict[name] = ParseValue(depth + 1);
            SkipSpace();
            if (_pos >= _text.Length) throw Error("unterminated dict");
            if (_text[_pos] == ',') { _pos++; continue; }
            if (_text[_pos] == '}') { _pos++; return dict; }
            throw Error("expected ',' or '}' in a dict");
        }
    }

    private object? ParseSequence(int depth, char close, bool tuple)
    {
        _pos++; // '(' or '['
        var items = new List<object?>();
        bool sawComma = false;
        while (true)
        {
            SkipSpace();
            if (_pos >= _text.Length) throw Error(tuple ? "unterminated tuple" : "unterminated list");
            if (_text[_pos] == close)
            {
                _pos++;
                break;
            }
            items.Add(ParseValue(depth + 1));
            SkipSpace();
            if (_pos >= _text.Length) throw Error(tuple ? "unterminated tuple" : "unterminated list");
            if (_text[_pos] == ',') { _pos++; sawComma = true; continue; }
            if (_text[_pos] == close) { _pos++; break; }
            throw Error($"expected ',' or '{close}'");
        }
        // "(x)" is a parenthesised value in Python, not a tuple.
        if (tuple && items.Count == 1 && !sawComma) return items[0];
        return tuple ? new PyTuple(items.ToArray()) : items;
    }

    private string ParseString()
    {
        char quote = _text[_pos++];
        var sb = new StringBuilder();
        while (true)
        {
            if (_pos >= _text.Length) throw Error("unterminated string");
            char c = _text[_pos++];
            if (c == quote) return sb.ToString();
            if (c is '\n' or '\r') throw Error("line break inside a string");
            if (c != '\\') { sb.Append(c); continue; }
            if (_pos >= _text.Length) throw Error("unterminated string");
            char e = _text[_pos++];
            switch (e)
            {
                case '\\' or '\'' or '"': sb.Append(e); break;
                case 'n': sb.Append('\n'); break;
                case 't': sb.Append('\t'); break;
                case 'r': sb.Append('\r'); break;
                case '0': sb.Append('\0'); break;
                case 'x':
                    if (_pos + 2 > _text.Length || !int.TryParse(_text.Slice(_pos, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int code))
                        throw Error("bad \\x escape");
                    sb.Append((char)code);
                    _pos += 2;
                    break;
                default: throw Error($"unsupported escape '\\{Printable(e)}'");
            }
        }
    }

    private BigInteger ParseInteger()
    {
        // Python's literal_eval accepts one unary sign, and white space after it ("+ 3").
        bool negative = _text[_pos] == '-';
        if (_text[_pos] is '-' or '+')
        {
            _pos++;
            SkipSpace();
        }
        int digits = _pos;
        while (_pos < _text.Length && char.IsAsciiDigit(_text[_pos])) _pos++;
        if (_pos == digits) throw Error("expected digits");
        // Python 3 refuses leading zeros in decimal literals ("04"), but accepts "0" and "00".
        if (_text[digits] == '0' && _text[digits.._pos].ContainsAnyExcept('0')) throw Error("leading zeros in an integer");
        // Bounded: a header is at most a few kilobytes, and any value past 2^63 is rejected by the caller.
        var value = BigInteger.Parse(_text[digits.._pos], NumberStyles.None, CultureInfo.InvariantCulture);
        if (negative) value = -value;
        if (_allowLongSuffix && _pos < _text.Length && _text[_pos] is 'L' or 'l') _pos++;
        if (_pos < _text.Length && (char.IsLetterOrDigit(_text[_pos]) || _text[_pos] is '.' or '_'))
            throw Error("only integers are allowed here");
        return value;
    }
}

/// <summary>A parsed Python bytes literal (never a valid header value).</summary>
internal sealed class PyBytes(string text)
{
    public string Text { get; } = text;
}

/// <summary>A parsed Python tuple.</summary>
internal sealed class PyTuple(object?[] items)
{
    public object?[] Items { get; } = items;
}
