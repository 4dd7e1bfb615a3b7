using System;
using System.Collections.Generic;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace Functional.AD;

/// <summary>
/// Renders a <see cref="ConcreteArray"/> exactly as numpy's <c>str(ndarray)</c> does with the default
/// print options (numpy 1.14 .. 1.26: precision=8, floatmode='maxprec', suppress=False, threshold=1000,
/// edgeitems=3, linewidth=75, sign='-'), followed by <c>" dtype=f32"</c>, <c>" dtype=i32"</c> or
/// <c>" dtype=bool"</c> when the dtype is not f64.
/// </summary>
/// <remarks>
/// <para>This is a port of numpy's <c>arrayprint.py</c> (<c>_array_str_implementation</c>,
/// <c>array2string</c>, <c>_leading_trailing</c>, <c>_formatArray</c>, <c>_extendLine</c>,
/// <c>FloatingFormat</c>, <c>IntegerFormat</c>, <c>BoolFormat</c>) and of the parts of numpy's
/// <c>dragon4.c</c> that those use (<c>Dragon4</c>, <c>FormatPositional</c>, <c>FormatScientific</c>),
/// so floats print with the digits numpy prints, including numpy's rounding of the exact binary value
/// when a value is cut off at 8 fractional digits and the extra digits it prints past the shortest
/// representation when padding mantissas in exponential mode (e.g. <c>1.00000001e-01</c> for the f32
/// 0.1 next to a value that needs 8 mantissa digits).</para>
/// <para>The dtype suffix is not counted in the 75-column line width (numpy's <c>str</c> has no suffix).</para>
/// </remarks>
internal static class ArrayFormatter
{
    private const int Precision = 8;
    private const int Threshold = 1000;
    private const int EdgeItems = 3;
    private const int LineWidth = 75;
    private const string SummaryInsert = "...";

    /// <summary>numpy <c>str</c> of the array, plus <c>" dtype=..."</c> unless the dtype is f64.</summary>
    internal static string Format(ConcreteArray a)
    {
        string body;
        if (a.Shape.Rank == 0) body = FormatScalar(a);
        else if (a.Size == 0) body = "[]"; // numpy: "treat as a null array if any of shape elements == 0"
        else body = FormatArray(a);
        return a.DType == DType.Float64 ? body : body + " dtype=" + a.DType.ShortName();
    }

    // ------------------------------------------------------------------------------------------
    // 0-d arrays: numpy prints str() of the numpy scalar.
    // ------------------------------------------------------------------------------------------

    /// <summary>
    /// str of a numpy scalar: floats use the shortest digits of their own type, positional with one
    /// trailing zero kept ("2.0") when 1e-4 &lt;= |x| &lt; 1e16 (or x is 0 or nan), otherwise scientific
    /// without a trailing '.' ("1e-05", "1.5e+16"); this equals Python's float repr for f64.
    /// </summary>
    private static string FormatScalar(ConcreteArray a)
    {
        switch (a.DType)
        {
            case DType.Float64:
                {
                    double v = a.Span<double>()[0];
                    return ScalarFloatStr(FloatParts.Of(v), v);
                }
            case DType.Float32:
                {
                    float v = a.Span<float>()[0];
                    // numpy compares the float32 |x| with the long double constants 1e16L and 1e-4L.
                    return ScalarFloatStr(FloatParts.Of(v), v);
                }
            case DType.Int32:
                return a.Span<int>()[0].ToString(CultureInfo.InvariantCulture);
            case DType.Bool:
                return a.Span<bool>()[0] ? "True" : "False";
            case DType.Int64:
            case DType.UInt8:
            case DType.UInt32:
                return a.CopyAs<long>()[0].ToString(CultureInfo.InvariantCulture);
            case DType.Float16:
                {
                    Half v = a.Span<Half>()[0];
                    return ScalarFloatStr(FloatParts.Of(v), (double)v);
                }
            case DType.BFloat16:
                {
                    BFloat16 v = a.Span<BFloat16>()[0];
                    return ScalarFloatStr(FloatParts.Of(v), v);
                }
            default:
                throw new InvalidOperationException($"unknown dtype {a.DType}");
        }
    }

    private static string ScalarFloatStr(FloatParts p, double value)
    {
        if (p.IsNaN) return "nan";
        if (!p.IsFinite) return p.Negative ? "-inf" : "inf";
        double abs = Math.Abs(value);
        bool positional = value == 0 || (abs < 1e16 && abs >= 1e-4);
        return positional
            ? FormatPositional(p, Trim.LeaveOneZero, precision: -1, minDigits: -1, padLeft: -1, padRight: -1, fractional: false)
            : FormatScientific(p, Trim.DptZeros, precision: -1, minDigits: -1, padLeft: -1, expDigits: -1);
    }

    // ------------------------------------------------------------------------------------------
    // n-d arrays: array2string / _formatArray.
    // ------------------------------------------------------------------------------------------

    private static string FormatArray(ConcreteArray a)
    {
        var dims = a.Shape.ToArray();
        int rank = dims.Length;
        var strides = new int[rank];
        int stride = 1;
        for (int ax = rank - 1; ax >= 0; ax--)
        {
            strides[ax] = stride;
            stride *= dims[ax];
        }

        bool summarise = a.Size > Threshold;

        // _leading_trailing: the elements that will be shown decide the widths.
        var shown = new List<int>();
        CollectShown(dims, strides, summarise, 0, 0, shown);

        Func<int, string> formatElement = MakeElementFormatter(a, shown);

        return Recurse(dims, strides, summarise, formatElement, 0, 0, " ", LineWidth);
    }

    private static void CollectShown(int[] dims, int[] strides, bool summarise, int axis, int offset, List<int> shown)
    {
        if (axis == dims.Length)
        {
            shown.Add(offset);
            return;
        }
        int n = dims[axis];
        if (summarise && n > 2 * EdgeItems)
        {
            for (int i = 0; i < EdgeItems; i++) CollectShown(dims, strides, summarise, axis + 1, offset + i * strides[axis], shown);
            for (int i = n - EdgeItems; i < n; i++) CollectShown(dims, strides, summarise, axis + 1, offset + i * strides[axis], shown);
        }
        else
        {
            for (int i = 0; i < n; i++) CollectShown(dims, strides, summarise, axis + 1, offset + i * strides[axis], shown);
        }
    }

    /// <summary>Port of numpy's <c>_formatArray.recurser</c> (legacy=False, separator ' ').</summary>
    private static string Recurse(int[] dims, int[] strides, bool summarise, Func<int, string> format,
        int axis, int offset, string hangingIndent, int currWidth)
    {
        int axesLeft = dims.Length - axis;
        if (axesLeft == 0) return format(offset);

        string nextHangingIndent = hangingIndent + " ";
        int nextWidth = currWidth - 1; // len(']')

        int aLen = dims[axis];
        bool showSummary = summarise && 2 * EdgeItems < aLen;
        int leadingItems, trailingItems;
        if (showSummary)
        {
            leadingItems = EdgeItems;
            trailingItems = EdgeItems;
        }
        else
        {
            leadingItems = 0;
            trailingItems = aLen;
        }

        int st = strides[axis];
        var s = new StringBuilder();
        if (axesLeft == 1)
        {
            // elem_width = curr_width - max(len(separator.rstrip()), len(']'))
            int elemWidth = currWidth - 1;
            var line = new StringBuilder(hangingIndent);
            for (int i = 0; i < leadingItems; i++)
            {
                string word = Recurse(dims, strides, summarise, format, axis + 1, offset + i * st, nextHangingIndent, nextWidth);
                ExtendLine(s, line, word, elemWidth, hangingIndent);
                line.Append(' ');
            }
            if (showSummary)
            {
                ExtendLine(s, line, SummaryInsert, elemWidth, hangingIndent);
                line.Append(' ');
            }
            for (int i = trailingItems; i > 1; i--)
            {
                string word = Recurse(dims, strides, summarise, format, axis + 1, offset + (aLen - i) * st, nextHangingIndent, nextWidth);
                ExtendLine(s, line, word, elemWidth, hangingIndent);
                line.Append(' ');
            }
            string last = Recurse(dims, strides, summarise, format, axis + 1, offset + (aLen - 1) * st, nextHangingIndent, nextWidth);
            ExtendLine(s, line, last, elemWidth, hangingIndent);
            s.Append(line);
        }
        else
        {
            // line_sep = separator.rstrip() + '\n' * (axes_left - 1)
            string lineSep = new string('\n', axesLeft - 1);
            for (int i = 0; i < leadingItems; i++)
            {
                string nested = Recurse(dims, strides, summarise, format, axis + 1, offset + i * st, nextHangingIndent, nextWidth);
                s.Append(hangingIndent).Append(nested).Append(lineSep);
            }
            if (showSummary)
                s.Append(hangingIndent).Append(SummaryInsert).Append(lineSep);
            for (int i = trailingItems; i > 1; i--)
            {
                string nested = Recurse(dims, strides, summarise, format, axis + 1, offset + (aLen - i) * st, nextHangingIndent, nextWidth);
                s.Append(hangingIndent).Append(nested).Append(lineSep);
            }
            string lastNested = Recurse(dims, strides, summarise, format, axis + 1, offset + (aLen - 1) * st, nextHangingIndent, nextWidth);
            s.Append(hangingIndent).Append(lastNested);
        }

        // remove the hanging indent, and wrap in []
        s.Remove(0, hangingIndent.Length);
        s.Insert(0, '[').Append(']');
        return s.ToString();
    }

    /// <summary>Port of numpy's <c>_extendLine</c> (legacy=False: never wrap a line holding only the prefix).</summary>
    private static void ExtendLine(StringBuilder s, StringBuilder line, string word, int lineWidth, string nextLinePrefix)
    {
        bool needsWrap = line.Length + word.Length > lineWidth;
        if (line.Length <= nextLinePrefix.Length) needsWrap = false;
        if (needsWrap)
        {
            int end = line.Length;
            while (end > 0 && char.IsWhiteSpace(line[end - 1])) end--;
            s.Append(line.ToString(0, end)).Append('\n');
            line.Clear().Append(nextLinePrefix);
        }
        line.Append(word);
    }

    // ------------------------------------------------------------------------------------------
    // Element formatters (numpy's BoolFormat, IntegerFormat, FloatingFormat).
    // ------------------------------------------------------------------------------------------

    private static Func<int, string> MakeElementFormatter(ConcreteArray a, List<int> shown)
    {
        switch (a.DType)
        {
            case DType.Bool:
                {
                    // BoolFormat: ' True' whenever the array is not 0-d, so True and False align.
                    var data = a.Span<bool>().ToArray();
                    return i => data[i] ? " True" : "False";
                }
            case DType.Int32:
            case DType.Int64:
            case DType.UInt8:
            case DType.UInt32:
                {
                    var data = a.CopyAs<long>();
                    long max = long.MinValue, min = long.MaxValue;
                    foreach (int i in shown)
                    {
                        max = Math.Max(max, data[i]);
                        min = Math.Min(min, data[i]);
                    }
                    int width = Math.Max(max.ToString(CultureInfo.InvariantCulture).Length, min.ToString(CultureInfo.InvariantCulture).Length);
                    return i => data[i].ToString(CultureInfo.InvariantCulture).PadLeft(width);
                }
            case DType.Float64:
                {
                    var data = a.Span<double>().ToArray();
                    var parts = new FloatParts[shown.Count];
                    var values = new double[shown.Count];
                    for (int k = 0; k < shown.Count; k++)
                    {
                        values[k] = data[shown[k]];
                        parts[k] = FloatParts.Of(values[k]);
                    }
                    var ff = new FloatingFormat(parts, values, isFloat32: false);
                    return i => ff.Format(FloatParts.Of(data[i]), data[i]);
                }
            case DType.Float32:
                {
                    var data = a.Span<float>().ToArray();
                    var parts = new FloatParts[shown.Count];
                    var values = new double[shown.Count];
                    for (int k = 0; k < shown.Count; k++)
                    {
                        values[k] = data[shown[k]];
                        parts[k] = FloatParts.Of(data[shown[k]]);
                    }
                    var ff = new FloatingFormat(parts, values, isFloat32: true);
                    return i => ff.Format(FloatParts.Of(data[i]), data[i]);
                }
            case DType.Float16:
            case DType.BFloat16:
                {
                    // The shortest digits of the narrow type itself (as numpy prints float16).
                    bool half = a.DType == DType.Float16;
                    var narrow = half ? a.Span<Half>().ToArray() : null;
                    var brain = half ? null : a.Span<BFloat16>().ToArray();
                    FloatParts PartsOf(int i) => half ? FloatParts.Of(narrow![i]) : FloatParts.Of(brain![i]);
                    double ValueOf(int i) => half ? (double)narrow![i] : brain![i];
                    var parts = new FloatParts[shown.Count];
                    var values = new double[shown.Count];
                    for (int k = 0; k < shown.Count; k++)
                    {
                        values[k] = ValueOf(shown[k]);
                        parts[k] = PartsOf(shown[k]);
                    }
                    var ff = new FloatingFormat(parts, values, isFloat32: true);
                    return i => ff.Format(PartsOf(i), ValueOf(i));
                }
            default:
                throw new InvalidOperationException($"unknown dtype {a.DType}");
        }
    }

    /// <summary>Port of numpy's <c>FloatingFormat</c> for floatmode='maxprec', precision=8, sign='-', suppress=False.</summary>
    private sealed class FloatingFormat
    {
        private readonly bool _expFormat;
        private readonly int _padLeft;
        private readonly int _padRight;
        private readonly int _precision;
        private readonly int _minDigits;
        private readonly Trim _trim;
        private readonly int _expSize;

        /// <summary>fillFormat over the shown values (<paramref name="values"/> are the same values as doubles).</summary>
        internal FloatingFormat(FloatParts[] parts, double[] values, bool isFloat32)
        {
            _precision = Precision;

            // choose exponential mode based on the non-zero finite values
            bool anyNonZero = false;
            double maxVal = 0, minVal = double.PositiveInfinity;
            int finiteCount = 0;
            bool anyNonFinite = false, anyNegInf = false;
            for (int k = 0; k < values.Length; k++)
            {
                double v = values[k];
                if (!double.IsFinite(v))
                {
                    anyNonFinite = true;
                    if (double.IsNegativeInfinity(v)) anyNegInf = true;
                    continue;
                }
                finiteCount++;
                if (v == 0) continue;
                anyNonZero = true;
                double abs = Math.Abs(v);
                if (abs > maxVal) maxVal = abs;
                if (abs < minVal) minVal = abs;
            }
            if (anyNonZero)
            {
                // numpy 1.x compares the max/min scalars with Python floats in float64; the ratio is
                // computed in the array's own type (a float32 division for f32), and may overflow to inf.
                double ratio = isFloat32 ? (float)maxVal / (float)minVal : maxVal / minVal;
                if (maxVal >= 1e8 || minVal < 0.0001 || ratio > 1000.0)
                    _expFormat = true;
            }

            if (finiteCount == 0)
            {
                _padLeft = 0;
                _padRight = 0;
                _trim = Trim.Zeros;
                _expSize = -1;
                _minDigits = -1;
            }
            else if (_expFormat)
            {
                // First pass: dragon4_scientific(x, precision=8, unique=True, trim='.').
                // Then numpy sets precision = min_digits = the longest fraction and trim='k', so in exp
                // mode (unlike positional mode) every mantissa gets the same number of fraction digits,
                // the extra ones generated from the exact binary value: [1.5e10, 2.] -> [1.5e+10 2.0e+00].
                int maxFrac = 0, maxExp = 0, maxInt = 0;
                for (int k = 0; k < parts.Length; k++)
                {
                    if (!parts[k].IsFinite) continue;
                    string str = FormatScientific(parts[k], Trim.Zeros, Precision, -1, -1, -1);
                    int e = str.IndexOf('e', StringComparison.Ordinal);
                    string mant = str[..e];
                    int dot = mant.IndexOf('.', StringComparison.Ordinal);
                    maxInt = Math.Max(maxInt, dot);
                    maxFrac = Math.Max(maxFrac, mant.Length - dot - 1);
                    maxExp = Math.Max(maxExp, str.Length - e - 1);
                }
                _expSize = maxExp - 1;
                _trim = Trim.None;
                _precision = maxFrac;
                _minDigits = maxFrac;
                _padLeft = maxInt;
                _padRight = _expSize + 2 + _precision; // only needed for the nan/inf width
            }
            else
            {
                // dragon4_positional(x, precision=8, fractional=True, unique=True, trim='.')
                int maxInt = 0, maxFrac = 0;
                for (int k = 0; k < parts.Length; k++)
                {
                    if (!parts[k].IsFinite) continue;
                    string str = FormatPositional(parts[k], Trim.Zeros, Precision, -1, -1, -1, fractional: true);
                    int dot = str.IndexOf('.', StringComparison.Ordinal);
                    maxInt = Math.Max(maxInt, dot);
                    maxFrac = Math.Max(maxFrac, str.Length - dot - 1);
                }
                _padLeft = maxInt;
                _padRight = maxFrac;
                _expSize = -1;
                _trim = Trim.Zeros;
                _minDigits = 0;
            }

            // if there are non-finite values, may need to increase pad_left
            if (anyNonFinite)
            {
                int nanLen = 3;
                int infLen = 3 + (anyNegInf ? 1 : 0);
                int off = _padRight + 1; // +1 for decimal pt
                _padLeft = Math.Max(_padLeft, Math.Max(nanLen - off, infLen - off));
            }
        }

        internal string Format(FloatParts p, double value)
        {
            if (!p.IsFinite)
            {
                string ret = p.IsNaN ? "nan" : value < 0 ? "-inf" : "inf";
                int pad = _padLeft + _padRight + 1 - ret.Length;
                return pad > 0 ? new string(' ', pad) + ret : ret;
            }
            return _expFormat
                ? FormatScientific(p, _trim, _precision, _minDigits, _padLeft, _expSize)
                : FormatPositional(p, _trim, _precision, _minDigits, _padLeft, _padRight, fractional: true);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Port of numpy's dragon4.c (unique digit mode only).
    // ------------------------------------------------------------------------------------------

    /// <summary>numpy's TrimMode: 'k' None, '.' Zeros, '0' LeaveOneZero, '-' DptZeros.</summary>
    private enum Trim
    {
        None,
        Zeros,
        LeaveOneZero,
        DptZeros,
    }

    /// <summary>An IEEE value split as numpy's Dragon4_PrintFloat_IEEE_binary32/64 does.</summary>
    private readonly struct FloatParts
    {
        internal readonly ulong Mantissa;
        internal readonly int Exponent;
        internal readonly int MantissaBit;
        internal readonly bool HasUnequalMargins;
        internal readonly bool Negative;
        internal readonly bool IsFinite;
        internal readonly bool IsNaN;

        private FloatParts(ulong mantissa, int exponent, int mantissaBit, bool unequal, bool negative, bool finite, bool nan)
        {
            Mantissa = mantissa;
            Exponent = exponent;
            MantissaBit = mantissaBit;
            HasUnequalMargins = unequal;
            Negative = negative;
            IsFinite = finite;
            IsNaN = nan;
        }

        internal static FloatParts Of(double v)
        {
            ulong bits = BitConverter.DoubleToUInt64Bits(v);
            ulong floatMantissa = bits & ((1UL << 52) - 1);
            int floatExponent = (int)((bits >> 52) & 0x7FF);
            bool negative = (bits >> 63) != 0;
            if (floatExponent == 0x7FF)
                return new FloatParts(0, 0, 0, false, negative, false, floatMantissa != 0);
            if (floatExponent != 0)
                return new FloatParts((1UL << 52) | floatMantissa, floatExponent - 1023 - 52, 52,
                    floatExponent != 1 && floatMantissa == 0, negative, true, false);
            return new FloatParts(floatMantissa, 1 - 1023 - 52, floatMantissa == 0 ? 0 : 63 - BitOperations.LeadingZeroCount(floatMantissa),
                false, negative, true, false);
        }

        /// <summary>The parts of an IEEE half.</summary>
        internal static FloatParts Of(Half v) => OfBits(BitConverter.HalfToUInt16Bits(v), mantissaBits: 10, exponentBits: 5);

        /// <summary>The parts of a bfloat16 (the upper half of an IEEE single).</summary>
        internal static FloatParts Of(BFloat16 v) => OfBits(v.Bits, mantissaBits: 7, exponentBits: 8);

        /// <summary>The parts of a 16-bit binary float with the given field widths (sign in bit 15).</summary>
        private static FloatParts OfBits(ushort bits, int mantissaBits, int exponentBits)
        {
            uint floatMantissa = bits & ((1U << mantissaBits) - 1);
            int maxExponent = (1 << exponentBits) - 1, bias = maxExponent >> 1;
            int floatExponent = (bits >> mantissaBits) & maxExponent;
            bool negative = (bits >> 15) != 0;
            if (floatExponent == maxExponent)
                return new FloatParts(0, 0, 0, false, negative, false, floatMantissa != 0);
            if (floatExponent != 0)
                return new FloatParts((1UL << mantissaBits) | floatMantissa, floatExponent - bias - mantissaBits, mantissaBits,
                    floatExponent != 1 && floatMantissa == 0, negative, true, false);
            return new FloatParts(floatMantissa, 1 - bias - mantissaBits, floatMantissa == 0 ? 0 : 31 - BitOperations.LeadingZeroCount(floatMantissa),
                false, negative, true, false);
        }

        internal static FloatParts Of(float v)
        {
            uint bits = BitConverter.SingleToUInt32Bits(v);
            uint floatMantissa = bits & ((1U << 23) - 1);
            int floatExponent = (int)((bits >> 23) & 0xFF);
            bool negative = (bits >> 31) != 0;
            if (floatExponent == 0xFF)
                return new FloatParts(0, 0, 0, false, negative, false, floatMantissa != 0);
            if (floatExponent != 0)
                return new FloatParts((1UL << 23) | floatMantissa, floatExponent - 127 - 23, 23,
                    floatExponent != 1 && floatMantissa == 0, negative, true, false);
            return new FloatParts(floatMantissa, 1 - 127 - 23, floatMantissa == 0 ? 0 : 31 - BitOperations.LeadingZeroCount(floatMantissa),
                false, negative, true, false);
        }
    }

    /// <summary>
    /// numpy's <c>Dragon4</c> in DigitMode_Unique: the digits (no decimal point) of the shortest
    /// representation that identifies the value, cut off at <paramref name="cutoffMax"/> digits (fraction
    /// digits, or total digits when <paramref name="totalLength"/>) and continued to at least
    /// <paramref name="cutoffMin"/> digits; the last digit is rounded from the exact binary value
    /// (ties to even). <paramref name="outExponent"/> is the base-10 exponent of the first digit.
    /// </summary>
    private static string Dragon4(in FloatParts p, bool totalLength, int cutoffMax, int cutoffMin, out int outExponent)
    {
        const int bufferSize = 16384;
        if (p.Mantissa == 0)
        {
            outExponent = 0;
            return "0";
        }

        bool isEven = (p.Mantissa & 1) == 0;
        int exponent = p.Exponent;
        BigInteger mantissa = p.Mantissa;
        BigInteger scale, scaledValue, scaledMarginLow, scaledMarginHigh;
        bool unequal = p.HasUnequalMargins;
        if (unequal)
        {
            if (exponent > 0)
            {
                scaledValue = mantissa << (exponent + 2);
                scale = 4;
                scaledMarginLow = BigInteger.One << exponent;
            }
            else
            {
                scaledValue = mantissa << 2;
                scale = BigInteger.One << (-exponent + 2);
                scaledMarginLow = 1;
            }
            scaledMarginHigh = scaledMarginLow * 2;
        }
        else
        {
            if (exponent > 0)
            {
                scaledValue = mantissa << (exponent + 1);
                scale = 2;
                scaledMarginLow = BigInteger.One << exponent;
            }
            else
            {
                scaledValue = mantissa << 1;
                scale = BigInteger.One << (-exponent + 1);
                scaledMarginLow = 1;
            }
            scaledMarginHigh = scaledMarginLow;
        }

        const double log10_2 = 0.30102999566398119521373889472449;
        int digitExponent = (int)Math.Ceiling((double)(p.MantissaBit + exponent) * log10_2 - 0.69);

        // pull the digit back into legal range for a fractional cutoff
        if (cutoffMax >= 0 && !totalLength && digitExponent <= -cutoffMax)
            digitExponent = -cutoffMax + 1;

        if (digitExponent > 0)
        {
            scale *= BigInteger.Pow(10, digitExponent);
        }
        else if (digitExponent < 0)
        {
            var pow10 = BigInteger.Pow(10, -digitExponent);
            scaledValue *= pow10;
            scaledMarginLow *= pow10;
            scaledMarginHigh = unequal ? scaledMarginLow * 2 : scaledMarginLow;
        }

        if (scaledValue >= scale)
        {
            digitExponent++;
        }
        else
        {
            scaledValue *= 10;
            scaledMarginLow *= 10;
            scaledMarginHigh = unequal ? scaledMarginLow * 2 : scaledMarginLow;
        }

        int cutoffMaxExponent = digitExponent - bufferSize;
        if (cutoffMax >= 0)
        {
            int desired = totalLength ? digitExponent - cutoffMax : -cutoffMax;
            if (desired > cutoffMaxExponent) cutoffMaxExponent = desired;
        }
        int cutoffMinExponent = digitExponent;
        if (cutoffMin >= 0)
        {
            int desired = totalLength ? digitExponent - cutoffMin : -cutoffMin;
            if (desired < cutoffMinExponent) cutoffMinExponent = desired;
        }

        outExponent = digitExponent - 1;

        var digits = new StringBuilder();
        bool low, high;
        int outputDigit;
        for (; ; )
        {
            digitExponent--;
            var q = BigInteger.DivRem(scaledValue, scale, out var rem);
            outputDigit = (int)q;
            scaledValue = rem;
            var scaledValueHigh = scaledValue + scaledMarginHigh;
            int cmp = scaledValue.CompareTo(scaledMarginLow);
            low = isEven ? cmp <= 0 : cmp < 0;
            cmp = scaledValueHigh.CompareTo(scale);
            high = isEven ? cmp >= 0 : cmp > 0;
            if (((low || high) && digitExponent <= cutoffMinExponent) || digitExponent == cutoffMaxExponent)
                break;
            digits.Append((char)('0' + outputDigit));
            scaledValue *= 10;
            scaledMarginLow *= 10;
            scaledMarginHigh = unequal ? scaledMarginLow * 2 : scaledMarginLow;
        }

        bool roundDown = low;
        if (low == high)
        {
            int compare = (scaledValue * 2).CompareTo(scale);
            roundDown = compare < 0;
            if (compare == 0) roundDown = (outputDigit & 1) == 0;
        }

        if (roundDown)
        {
            digits.Append((char)('0' + outputDigit));
        }
        else if (outputDigit == 9)
        {
            for (; ; )
            {
                if (digits.Length == 0)
                {
                    digits.Append('1');
                    outExponent++;
                    break;
                }
                char c = digits[^1];
                digits.Length--;
                if (c != '9')
                {
                    digits.Append((char)(c + 1));
                    break;
                }
            }
        }
        else
        {
            digits.Append((char)('0' + outputDigit + 1));
        }
        return digits.ToString();
    }

    /// <summary>numpy's <c>FormatPositional</c> (unique digit mode, sign only when negative).</summary>
    private static string FormatPositional(in FloatParts p, Trim trim, int precision, int minDigits,
        int padLeft, int padRight, bool fractional)
    {
        var b = new StringBuilder();
        int hasSign = 0;
        if (p.Negative)
        {
            b.Append('-');
            hasSign = 1;
        }

        string digits = Dragon4(p, totalLength: !fractional, precision, minDigits, out int printExponent);
        int numDigits = digits.Length;
        int numWholeDigits;
        int numFractionDigits = 0;
        if (printExponent >= 0)
        {
            numWholeDigits = printExponent + 1;
            if (numDigits <= numWholeDigits)
            {
                b.Append(digits).Append('0', numWholeDigits - numDigits);
            }
            else
            {
                numFractionDigits = numDigits - numWholeDigits;
                b.Append(digits, 0, numWholeDigits).Append('.').Append(digits, numWholeDigits, numFractionDigits);
            }
        }
        else
        {
            int numFractionZeros = -(printExponent + 1);
            b.Append("0.").Append('0', numFractionZeros).Append(digits);
            numFractionDigits = numFractionZeros + numDigits;
            numWholeDigits = 1;
        }

        // always add decimal point, except for DptZeros mode
        if (trim != Trim.DptZeros && numFractionDigits == 0)
            b.Append('.');

        int addDigits = minDigits; // unique mode
        int desiredFractionalDigits = addDigits < 0 ? 0 : addDigits;
        if (!fractional) desiredFractionalDigits = addDigits - numWholeDigits;

        if (trim == Trim.LeaveOneZero)
        {
            if (numFractionDigits == 0)
            {
                b.Append('0');
                numFractionDigits++;
            }
        }
        else if (trim == Trim.None && desiredFractionalDigits > numFractionDigits)
        {
            int count = desiredFractionalDigits - numFractionDigits;
            b.Append('0', count);
            numFractionDigits += count;
        }

        // when rounding, we may still end up with trailing zeros; remove them depending on trim
        if (trim != Trim.None && numFractionDigits > 0)
        {
            while (b[^1] == '0')
            {
                b.Length--;
                numFractionDigits--;
            }
            if (b[^1] == '.')
            {
                if (trim == Trim.LeaveOneZero)
                {
                    b.Append('0');
                    numFractionDigits++;
                }
                else if (trim == Trim.DptZeros)
                {
                    b.Length--;
                }
            }
        }

        // whitespace padding on the right
        if (padRight >= numFractionDigits)
        {
            int count = padRight - numFractionDigits;
            if (trim == Trim.DptZeros && numFractionDigits == 0) b.Append(' ');
            b.Append(' ', count);
        }
        // whitespace padding on the left
        if (padLeft > numWholeDigits + hasSign)
            b.Insert(0, " ", padLeft - (numWholeDigits + hasSign));

        return b.ToString();
    }

    /// <summary>numpy's <c>FormatScientific</c> (unique digit mode, sign only when negative).</summary>
    private static string FormatScientific(in FloatParts p, Trim trim, int precision, int minDigits, int padLeft, int expDigits)
    {
        var b = new StringBuilder();
        int leftChars = 1 + (p.Negative ? 1 : 0);
        if (padLeft > leftChars) b.Append(' ', padLeft - leftChars);
        if (p.Negative) b.Append('-');

        string digits = Dragon4(p, totalLength: true, precision < 0 ? -1 : precision + 1,
            minDigits < 0 ? -1 : minDigits + 1, out int printExponent);

        b.Append(digits[0]);
        int numFractionDigits = digits.Length - 1;
        if (numFractionDigits > 0) b.Append('.').Append(digits, 1, numFractionDigits);

        // always add decimal point, except for DptZeros mode
        if (trim != Trim.DptZeros && numFractionDigits == 0) b.Append('.');

        int addDigits = minDigits < 0 ? 0 : minDigits; // unique mode
        if (trim == Trim.LeaveOneZero)
        {
            if (numFractionDigits == 0)
            {
                b.Append('0');
                numFractionDigits++;
            }
        }
        else if (trim == Trim.None && addDigits > numFractionDigits)
        {
            b.Append('0', addDigits - numFractionDigits);
            numFractionDigits = addDigits;
        }

        if (trim != Trim.None && numFractionDigits > 0)
        {
            while (b[^1] == '0')
            {
                b.Length--;
                numFractionDigits--;
            }
            if (trim == Trim.LeaveOneZero && b[^1] == '.')
            {
                b.Append('0');
                numFractionDigits++;
            }
        }

        if (expDigits > 5) expDigits = 5;
        if (expDigits < 0) expDigits = 2;
        b.Append('e').Append(printExponent >= 0 ? '+' : '-');
        string exp = Math.Abs(printExponent).ToString(CultureInfo.InvariantCulture);
        if (exp.Length < expDigits) b.Append('0', expDigits - exp.Length);
        b.Append(exp);
        return b.ToString();
    }
}
