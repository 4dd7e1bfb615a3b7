using System;
using System.Globalization;
using System.Text;

namespace Functional.AD;

/// <summary>Python's <c>repr</c> of numbers, which JAX uses for literals and parameters.</summary>
internal static class PythonRepr
{
    /// <summary>repr of a Python float: shortest round-trip digits, "2.0", "1e-05", "1e+16", "inf", "nan".</summary>
    internal static string Float(double v)
    {
        if (double.IsNaN(v)) return "nan";
        if (double.IsPositiveInfinity(v)) return "inf";
        if (double.IsNegativeInfinity(v)) return "-inf";
        if (v == 0) return double.IsNegative(v) ? "-0.0" : "0.0";
        var (negative, digits, exponent) = ShortestDigits(v);
        return Format(negative, digits, exponent);
    }

    /// <summary>
    /// Python-repr style text of a float32 value using the shortest digits that round-trip as a float32
    /// ("0.1", not the double expansion "0.10000000149011612"), as JAX prints weakly-typed f32 literals.
    /// </summary>
    internal static string Float(float v)
    {
        if (float.IsNaN(v) || float.IsInfinity(v) || v == 0) return Float((double)v);
        var (negative, digits, exponent) = ShortestDigits(v);
        return Format(negative, digits, exponent);
    }

    private static string Format(bool negative, string digits, int exponent)
    {
        var sb = new StringBuilder();
        if (negative) sb.Append('-');
        if (exponent >= -4 && exponent < 16)
        {
            if (exponent >= 0)
            {
                if (digits.Length <= exponent + 1)
                {
                    sb.Append(digits).Append('0', exponent + 1 - digits.Length).Append(".0");
                }
                else
                {
                    sb.Append(digits, 0, exponent + 1).Append('.').Append(digits, exponent + 1, digits.Length - exponent - 1);
                }
            }
            else
            {
                sb.Append("0.").Append('0', -exponent - 1).Append(digits);
            }
        }
        else
        {
            sb.Append(digits[0]);
            if (digits.Length > 1) sb.Append('.').Append(digits, 1, digits.Length - 1);
            sb.Append('e').Append(exponent < 0 ? '-' : '+').Append(Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }

    /// <summary>
    /// Sign, significant digits (no leading or trailing zeros) and decimal exponent of the shortest
    /// representation that round-trips: |v| = d.ddd × 10^exponent.
    /// </summary>
    internal static (bool Negative, string Digits, int Exponent) ShortestDigits(double v)
    {
        string r = Math.Abs(v).ToString("R", CultureInfo.InvariantCulture);
        return Decompose(double.IsNegative(v), r);
    }

    /// <summary>Like <see cref="ShortestDigits(double)"/> for a float (shortest digits that round-trip as a float).</summary>
    internal static (bool Negative, string Digits, int Exponent) ShortestDigits(float v)
    {
        string r = Math.Abs(v).ToString("R", CultureInfo.InvariantCulture);
        return Decompose(float.IsNegative(v), r);
    }

    private static (bool, string, int) Decompose(bool negative, string r)
    {
        int exp = 0;
        int e = r.IndexOfAny(new[] { 'E', 'e' });
        string mant = r;
        if (e >= 0)
        {
            exp = int.Parse(r.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            mant = r[..e];
        }
        int dot = mant.IndexOf('.');
        string intPart = dot >= 0 ? mant[..dot] : mant;
        string fracPart = dot >= 0 ? mant[(dot + 1)..] : "";
        string all = intPart + fracPart;
        int pointPos = intPart.Length; // digits before the decimal point
        int lead = 0;
        while (lead < all.Length - 1 && all[lead] == '0') lead++;
        string digits = all[lead..].TrimEnd('0');
        if (digits.Length == 0) digits = "0";
        int exponent = pointPos - lead - 1 + exp;
        return (negative, digits, exponent);
    }

    /// <summary>Python's <c>str</c> of an element of <paramref name="a"/> as <c>.item()</c> gives it (floats as doubles).</summary>
    internal static string Item(ConcreteArray a, int i) => a.DType switch
    {
        DType.Float64 => Float(a.Span<double>()[i]),
        DType.Float32 => Float(a.Span<float>()[i]),
        DType.Int32 => a.Span<int>()[i].ToString(CultureInfo.InvariantCulture),
        DType.Bool => a.Span<bool>()[i] ? "True" : "False",
        DType.Int64 => a.Span<long>()[i].ToString(CultureInfo.InvariantCulture),
        DType.UInt8 => a.Span<byte>()[i].ToString(CultureInfo.InvariantCulture),
        DType.UInt32 => a.Span<uint>()[i].ToString(CultureInfo.InvariantCulture),
        DType.Float16 or DType.BFloat16 => Float(a.GetDouble(i)),
        _ => throw new InvalidOperationException(),
    };
}
