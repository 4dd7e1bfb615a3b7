using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace Functional.AD;

/// <summary>
/// How one dtype is stored in a <c>.npy</c> file: the type code of numpy's <c>descr</c> without its byte-order
/// character (<c>f8</c>) and the raw copy between the file's bytes and an array's buffer. Every dtype the library
/// can save and load has one line in <see cref="NpyFormat.Codecs"/>.
/// </summary>
internal abstract class NpyCodec
{
    internal NpyCodec(DType dtype, string code, int itemSize, bool hasByteOrder)
    {
        DType = dtype;
        Code = code;
        ItemSize = itemSize;
        HasByteOrder = hasByteOrder;
    }

    internal DType DType { get; }

    /// <summary>numpy's type code without byte order: <c>b1</c>, <c>i4</c>, <c>f4</c>, <c>f8</c>.</summary>
    internal string Code { get; }

    internal int ItemSize { get; }

    /// <summary>False for one-byte types, which numpy writes with <c>|</c> ("not applicable").</summary>
    internal bool HasByteOrder { get; }

    /// <summary>The <c>descr</c> this library writes: native byte order (little-endian on every supported machine).</summary>
    internal string Descr => (HasByteOrder ? (BitConverter.IsLittleEndian ? "<" : ">") : "|") + Code;

    /// <summary>A new array of <paramref name="shape"/> whose bytes are read from <paramref name="stream"/> with no intermediate buffer.</summary>
    internal abstract ConcreteArray Read(Stream stream, Shape shape, bool swapBytes);

    /// <summary>Writes the elements of <paramref name="array"/> (of this dtype) in native byte order.</summary>
    internal abstract void Write(Stream stream, ConcreteArray array);
}

/// <summary>The codec of a dtype whose CLR element type is <typeparamref name="T"/>.</summary>
internal sealed class NpyCodec<T> : NpyCodec where T : unmanaged
{
    internal NpyCodec(DType dtype, string code) : base(dtype, code, Unsafe.SizeOf<T>(), Unsafe.SizeOf<T>() > 1) { }

    internal override ConcreteArray Read(Stream stream, Shape shape, bool swapBytes)
    {
        var array = ConcreteArray.Allocate(new ArrayType(shape, DType, false));
        var bytes = MemoryMarshal.AsBytes(array.Writable<T>());
        stream.ReadExactly(bytes);
        if (swapBytes && ItemSize > 1)
            for (int i = 0; i < bytes.Length; i += ItemSize) bytes.Slice(i, ItemSize).Reverse();
        if (typeof(T) == typeof(bool))
            for (int i = 0; i < bytes.Length; i++) bytes[i] = bytes[i] != 0 ? (byte)1 : (byte)0;
        return array;
    }

    internal override void Write(Stream stream, ConcreteArray array)
    {
        stream.Write(MemoryMarshal.AsBytes(array.Span<T>()));
        GC.KeepAlive(array);
    }
}

/// <summary>
/// numpy's <c>.npy</c> format (https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html): a magic string,
/// a version, a header that is a Python dict literal (<c>descr</c>, <c>fortran_order</c>, <c>shape</c>) padded so the
/// data starts at a multiple of 64 bytes, then the elements. Reads versions 1.0, 2.0 and 3.0, either byte order and
/// Fortran order; writes version 1.0 (2.0 when the header is longer than 65535 bytes), C order, native byte order.
/// </summary>
internal static class NpyFormat
{
    /// <summary>The dtypes that can be saved and loaded: one line per dtype.</summary>
    internal static readonly NpyCodec[] Codecs =
    {
        new NpyCodec<bool>(DType.Bool, "b1"),
        new NpyCodec<int>(DType.Int32, "i4"),
        new NpyCodec<float>(DType.Float32, "f4"),
        new NpyCodec<double>(DType.Float64, "f8"),
        new NpyCodec<long>(DType.Int64, "i8"),
        new NpyCodec<byte>(DType.UInt8, "u1"),
        new NpyCodec<uint>(DType.UInt32, "u4"),
        new NpyCodec<Half>(DType.Float16, "f2"),
        // numpy has no bfloat16: ml_dtypes (which JAX uses) saves it as two-byte void, read back here as bf16.
        new NpyCodec<BFloat16>(DType.BFloat16, "V2"),
    };

    /// <summary>The first six bytes of every .npy file: 0x93 and "NUMPY" (a u8 literal would encode U+0093 as two bytes).</summary>
    private static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    internal static NpyCodec CodecOf(DType dtype, string operation)
    {
        foreach (var codec in Codecs)
            if (codec.DType == dtype) return codec;
        throw new ArgumentException($"{operation}: dtype {dtype.ShortName()} has no .npy encoding yet");
    }

    /// <summary>Writes <paramref name="array"/> as one <c>.npy</c> file.</summary>
    internal static void Write(Stream stream, ConcreteArray array, string operation)
    {
        var codec = CodecOf(array.DType, operation);
        var shape = new StringBuilder("(");
        for (int i = 0; i < array.Rank; i++) shape.Append(array.Shape[i].ToString(CultureInfo.InvariantCulture)).Append(array.Rank == 1 ? "," : i + 1 < array.Rank ? ", " : "");
        shape.Append(')');
        var dict = $"{{'descr': '{codec.Descr}', 'fortran_order': False, 'shape': {shape}, }}";
        // Version 1.0 stores the header length in 2 bytes; 2.0 in 4. The header ends with '\n' and is padded with
        // spaces so that magic + version + length + header is a multiple of 64 bytes.
        int major = 1;
        int prefix = Magic.Length + 2 + 2;
        int total = Pad(prefix + dict.Length + 1);
        if (total - prefix > ushort.MaxValue)
        {
            major = 2;
            prefix += 2;
            total = Pad(prefix + dict.Length + 1);
        }
        int headerLength = total - prefix;
        var header = new byte[total];
        Magic.CopyTo(header);
        header[6] = (byte)major;
        header[7] = 0;
        if (major == 1) BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(8), (ushort)headerLength);
        else BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(8), (uint)headerLength);
        Encoding.ASCII.GetBytes(dict, header.AsSpan(prefix));
        header.AsSpan(prefix + dict.Length, headerLength - dict.Length - 1).Fill((byte)' ');
        header[^1] = (byte)'\n';
        stream.Write(header);
        codec.Write(stream, array);
    }

    private static int Pad(int n) => (n + 63) / 64 * 64;

    /// <summary>Reads one <c>.npy</c> file; <paramref name="source"/> (a file name or an archive member) is named in errors.</summary>
    internal static ConcreteArray Read(Stream stream, string source, string operation)
    {
        Span<byte> start = stackalloc byte[8];
        int got = stream.ReadAtLeast(start, 8, throwOnEndOfStream: false);
        if (got < 8 || !start[..6].SequenceEqual(Magic))
        {
            var zip = got >= 2 && start[0] == (byte)'P' && start[1] == (byte)'K';
            throw new FormatException(zip
                ? $"{operation}: {source} is a zip archive (an .npz file), not an .npy file; load it with Np.LoadNpz"
                : $"{operation}: {source} is not an .npy file (it does not start with numpy's magic string \\x93NUMPY)");
        }
        int major = start[6], minor = start[7];
        if (major is < 1 or > 3 || minor != 0)
            throw new FormatException($"{operation}: {source} is .npy format version {major}.{minor}; versions 1.0, 2.0 and 3.0 can be read");
        int lengthSize = major == 1 ? 2 : 4;
        Span<byte> lengthBytes = stackalloc byte[4];
        stream.ReadExactly(lengthBytes[..lengthSize]);
        long headerLength = major == 1 ? BinaryPrimitives.ReadUInt16LittleEndian(lengthBytes) : BinaryPrimitives.ReadUInt32LittleEndian(lengthBytes);
        if (headerLength > 1 << 24)
            throw new FormatException($"{operation}: {source} declares a header of {headerLength} bytes, which is not a plausible .npy header");
        var headerBytes = new byte[headerLength];
        stream.ReadExactly(headerBytes);
        // Versions 1.0 and 2.0 encode the header in latin-1, 3.0 in UTF-8.
        var text = major == 3 ? Encoding.UTF8.GetString(headerBytes) : Encoding.Latin1.GetString(headerBytes);
        var (descr, fortran, dims) = ParseHeader(text, source, operation);

        var (codec, swap) = Lookup(descr, source, operation);
        long size = 1;
        foreach (var d in dims)
        {
            size *= d;
            if (size > int.MaxValue)
                throw new FormatException($"{operation}: {source} holds an array of shape ({string.Join(", ", dims)}), more than {int.MaxValue} elements");
        }
        if (!fortran || dims.Length < 2)
            return codec.Read(stream, new Shape(dims), swap);
        // Fortran order: the bytes are the row-major layout of the reversed shape; reverse the axes back.
        var reversed = (int[])dims.Clone();
        System.Array.Reverse(reversed);
        var columnMajor = codec.Read(stream, new Shape(reversed), swap);
        return ReverseAxes(columnMajor, new Shape(dims), codec.ItemSize);
    }

    private static (NpyCodec Codec, bool Swap) Lookup(string descr, string source, string operation)
    {
        if (descr.Length >= 2)
        {
            char order = descr[0];
            var code = order is '<' or '>' or '|' or '=' ? descr[1..] : descr;
            bool little = order switch { '<' => true, '>' => false, _ => BitConverter.IsLittleEndian };
            foreach (var codec in Codecs)
                if (codec.Code == code && (order is not '|' || !codec.HasByteOrder))
                    return (codec, codec.HasByteOrder && little != BitConverter.IsLittleEndian);
        }
        var known = new StringBuilder();
        foreach (var codec in Codecs) known.Append(known.Length == 0 ? "" : ", ").Append('\'').Append(codec.Descr).Append("' (").Append(codec.DType.ShortName()).Append(')');
        throw new NotSupportedException(
            $"{operation}: {source} holds numpy dtype '{descr}', which has no Functional.AD dtype; the dtypes that load are {known} " +
            "(either byte order); convert the array in numpy first (e.g. a.astype('<f8'))");
    }

    /// <summary>A row-major copy of <paramref name="source"/> (whose shape is <paramref name="shape"/> reversed) with its axes reversed.</summary>
    private static ConcreteArray ReverseAxes(ConcreteArray source, Shape shape, int itemSize)
    {
        var result = ConcreteArray.Allocate(new ArrayType(shape, source.DType, false));
        int rank = shape.Rank;
        // In the source, the element at index (i0, ..., in-1) of the target is at i0 + s0*(i1 + s1*(...)).
        var strides = new long[rank];
        long stride = 1;
        for (int k = 0; k < rank; k++)
        {
            strides[k] = stride;
            stride *= shape[k];
        }
        var from = AllBytes(source, itemSize);
        var to = AllBytes(result, itemSize);
        var index = new int[rank];
        long offset = 0;
        for (int n = 0, count = shape.Size; n < count; n++)
        {
            from.Slice((int)(offset * itemSize), itemSize).CopyTo(to.Slice(n * itemSize, itemSize));
            for (int k = rank - 1; k >= 0; k--)
            {
                offset += strides[k];
                if (++index[k] < shape[k]) break;
                offset -= strides[k] * shape[k];
                index[k] = 0;
            }
        }
        GC.KeepAlive(source);
        return result;
    }

    private static Span<byte> AllBytes(ConcreteArray array, int itemSize) =>
        MemoryMarshal.CreateSpan(ref Unsafe.AddByteOffset(ref MemoryMarshal.GetArrayDataReference(array.Buffer), (nint)array.Offset * itemSize), array.Size * itemSize);

    // ------------------------------------------------------------------ the header: a Python dict literal

    private static (string Descr, bool Fortran, int[] Shape) ParseHeader(string text, string source, string operation)
    {
        var parser = new LiteralParser(text, source, operation);
        if (parser.ParseValue() is not Dictionary<string, object?> dict)
            throw parser.Error("the header is not a dict");
        string Missing(string key) => $"the header has no '{key}' entry";
        if (!dict.TryGetValue("descr", out var descrValue)) throw parser.Error(Missing("descr"));
        if (descrValue is not string descr)
            throw new NotSupportedException($"{operation}: {source} holds a structured numpy array (descr {LiteralParser.Show(descrValue)}); only plain arrays of one dtype load");
        if (!dict.TryGetValue("fortran_order", out var fortranValue)) throw parser.Error(Missing("fortran_order"));
        if (fortranValue is not bool fortran) throw parser.Error("'fortran_order' is not True or False");
        if (!dict.TryGetValue("shape", out var shapeValue)) throw parser.Error(Missing("shape"));
        if (shapeValue is not List<object?> items) throw parser.Error("'shape' is not a tuple");
        var dims = new int[items.Count];
        for (int i = 0; i < dims.Length; i++)
        {
            if (items[i] is not long d || d < 0 || d > int.MaxValue) throw parser.Error($"'shape' entry {i} is not a size between 0 and {int.MaxValue}");
            dims[i] = (int)d;
        }
        return (descr, fortran, dims);
    }

    /// <summary>Parses the Python literals numpy writes in headers: dicts, tuples, lists, strings, ints, True, False, None.</summary>
    private ref struct LiteralParser
    {
        private readonly string _text;
        private readonly string _source;
        private readonly string _operation;
        private int _pos;

        internal LiteralParser(string text, string source, string operation)
        {
            _text = text;
            _source = source;
            _operation = operation;
            _pos = 0;
        }

        internal readonly FormatException Error(string what) =>
            new($"{_operation}: {_source} has a malformed .npy header ({what}): {_text.TrimEnd()}");

        internal static string Show(object? value) => value switch
        {
            null => "None",
            string s => $"'{s}'",
            bool b => b ? "True" : "False",
            List<object?> list => "[" + string.Join(", ", list.ConvertAll(Show)) + "]",
            _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
        };

        private void SkipSpace()
        {
            while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos])) _pos++;
        }

        private bool Take(char c)
        {
            SkipSpace();
            if (_pos < _text.Length && _text[_pos] == c)
            {
                _pos++;
                return true;
            }
            return false;
        }

        internal object? ParseValue()
        {
            SkipSpace();
            if (_pos >= _text.Length) throw Error("it ends early");
            char c = _text[_pos];
            if (c == '{')
            {
                _pos++;
                var dict = new Dictionary<string, object?>(StringComparer.Ordinal);
                while (!Take('}'))
                {
                    if (ParseValue() is not string key) throw Error("a key is not a string");
                    if (!Take(':')) throw Error("expected ':'");
                    dict[key] = ParseValue();
                    if (!Take(',') && !Take('}')) throw Error("expected ',' or '}'");
                    else if (_text[_pos - 1] == '}') break;
                }
                return dict;
            }
            if (c is '(' or '[')
            {
                char close = c == '(' ? ')' : ']';
                _pos++;
                var items = new List<object?>();
                while (!Take(close))
                {
                    items.Add(ParseValue());
                    if (!Take(',') && !Take(close)) throw Error($"expected ',' or '{close}'");
                    else if (_text[_pos - 1] == close) break;
                }
                return items;
            }
            if (c is '\'' or '"')
            {
                _pos++;
                var sb = new StringBuilder();
                while (_pos < _text.Length && _text[_pos] != c)
                {
                    if (_text[_pos] == '\\' && _pos + 1 < _text.Length) _pos++;
                    sb.Append(_text[_pos++]);
                }
                if (_pos >= _text.Length) throw Error("an unterminated string");
                _pos++;
                return sb.ToString();
            }
            if (c == '-' || char.IsDigit(c))
            {
                int begin = _pos++;
                while (_pos < _text.Length && char.IsDigit(_text[_pos])) _pos++;
                if (!long.TryParse(_text.AsSpan(begin, _pos - begin), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value))
                    throw Error("a number out of range");
                if (_pos < _text.Length && _text[_pos] is 'L' or 'l') _pos++;   // Python 2 long suffix
                return value;
            }
            foreach (var (word, value) in new (string, object?)[] { ("True", true), ("False", false), ("None", null) })
                if (string.CompareOrdinal(_text, _pos, word, 0, word.Length) == 0)
                {
                    _pos += word.Length;
                    return value;
                }
            throw Error($"unexpected '{c}'");
        }
    }
}
