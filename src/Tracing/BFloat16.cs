using System;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace Functional.AD;

/// <summary>
/// A brain floating-point number (bfloat16): the upper 16 bits of an IEEE single (1 sign bit, 8 exponent bits, 7
/// mantissa bits), so it has f32's range with about 3 significant decimal digits. Conversion from <see cref="float"/>
/// rounds to nearest, ties to even; NaN stays NaN. Arithmetic is done by converting to <see cref="float"/>.
/// </summary>
public readonly struct BFloat16 : IEquatable<BFloat16>, IComparable<BFloat16>
{
    /// <summary>The raw bits: the upper half of the equivalent IEEE single.</summary>
    public ushort Bits { get; }

    private BFloat16(ushort bits) => Bits = bits;

    /// <summary>The bfloat16 with the given raw bits.</summary>
    public static BFloat16 FromBits(ushort bits) => new(bits);

    /// <summary>Rounds <paramref name="value"/> to the nearest bfloat16 (ties to even); NaN gives a quiet NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static BFloat16 FromSingle(float value)
    {
        uint bits = BitConverter.SingleToUInt32Bits(value);
        if (float.IsNaN(value)) return new((ushort)((bits >> 16) | 0x0040));
        uint roundingBias = 0x7FFFu + ((bits >> 16) & 1u);
        return new((ushort)((bits + roundingBias) >> 16));
    }

    /// <summary>The exact value as a <see cref="float"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float ToSingle() => BitConverter.UInt32BitsToSingle((uint)Bits << 16);

    /// <summary>Rounds a float to the nearest bfloat16.</summary>
    public static explicit operator BFloat16(float value) => FromSingle(value);

    /// <summary>Rounds a double to the nearest bfloat16 (through the nearest float).</summary>
    public static explicit operator BFloat16(double value) => FromSingle((float)value);

    /// <summary>The exact value as a float.</summary>
    public static implicit operator float(BFloat16 value) => value.ToSingle();

    /// <summary>The exact value as a double.</summary>
    public static implicit operator double(BFloat16 value) => value.ToSingle();

    /// <summary>True when the value is NaN.</summary>
    public static bool IsNaN(BFloat16 value) => float.IsNaN(value.ToSingle());

    /// <summary>Numeric equality (NaN equals nothing; +0 equals -0), as for float.</summary>
    public static bool operator ==(BFloat16 a, BFloat16 b) => a.ToSingle() == b.ToSingle();

    /// <summary>Numeric inequality, as for float.</summary>
    public static bool operator !=(BFloat16 a, BFloat16 b) => a.ToSingle() != b.ToSingle();

    /// <summary>Equality as <see cref="float.Equals(float)"/>: NaN equals NaN.</summary>
    public bool Equals(BFloat16 other) => ToSingle().Equals(other.ToSingle());

    /// <summary>Equality with another boxed bfloat16.</summary>
    public override bool Equals(object? obj) => obj is BFloat16 other && Equals(other);

    /// <summary>A hash consistent with <see cref="Equals(BFloat16)"/>.</summary>
    public override int GetHashCode() => ToSingle().GetHashCode();

    /// <summary>Orders as <see cref="float.CompareTo(float)"/>.</summary>
    public int CompareTo(BFloat16 other) => ToSingle().CompareTo(other.ToSingle());

    /// <summary>The shortest text that reads back to the same bfloat16 (invariant culture).</summary>
    public override string ToString()
    {
        float v = ToSingle();
        if (!float.IsFinite(v)) return v.ToString(CultureInfo.InvariantCulture);
        for (int digits = 1; digits <= 9; digits++)
        {
            var text = v.ToString("G" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
            if (FromSingle(float.Parse(text, CultureInfo.InvariantCulture)).Bits == Bits) return text;
        }
        return v.ToString("R", CultureInfo.InvariantCulture);
    }
}
