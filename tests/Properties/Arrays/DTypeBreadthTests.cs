using System;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace Functional.AD.Properties.Arrays;

/// <summary>
/// The dtypes added after the first four: i64, u8, u32, f16 and bf16. Conversions are checked element by element
/// against C# casts written here; u32 arithmetic against C#'s own (wrapping) uint arithmetic; promotion against the
/// table in JAX's documentation ("Type promotion semantics"), transcribed by hand.
/// </summary>
public class DTypeBreadthTests
{
    private static readonly DType[] All =
        { DType.Bool, DType.Int32, DType.Float32, DType.Float64, DType.Int64, DType.UInt8, DType.UInt32, DType.Float16, DType.BFloat16 };

    // ---------------------------------------------------------------- reference conversions (written independently)

    /// <summary>bfloat16 by hand: of the two neighbouring bf16 values around f, the nearer one, ties to an even last bit.</summary>
    private static float RefBFloat16(float f)
    {
        if (float.IsNaN(f)) return float.NaN;
        uint bits = BitConverter.SingleToUInt32Bits(f);
        uint down = bits & 0xFFFF0000u;
        uint up = down + 0x10000u;
        float lo = BitConverter.UInt32BitsToSingle(down), hi = BitConverter.UInt32BitsToSingle(up);
        if (float.IsInfinity(f)) return f;
        double dLo = Math.Abs((double)f - lo), dHi = Math.Abs((double)hi - f);
        if (float.IsNaN(hi)) return lo;
        if (dLo < dHi) return lo;
        if (dHi < dLo) return hi;
        return ((down >> 16) & 1) == 0 ? lo : hi;
    }

    /// <summary>numpy/JAX float-to-integer: truncate toward zero, clamp to the range, NaN to 0.</summary>
    private static double RefFloatToInt(double v, double min, double max) =>
        double.IsNaN(v) ? 0 : v <= min ? min : v >= max ? max : Math.Truncate(v);

    /// <summary>The value a double becomes in <paramref name="d"/>, read back as a double (integers: exactly).</summary>
    private static double RefFromDouble(double v, DType d) => d switch
    {
        DType.Bool => v != 0 ? 1 : 0,
        DType.Int32 => RefFloatToInt(v, int.MinValue, int.MaxValue),
        DType.Int64 => RefFloatToInt(v, long.MinValue, 9.2233720368547758E18),
        DType.UInt8 => RefFloatToInt(v, 0, 255),
        DType.UInt32 => RefFloatToInt(v, 0, uint.MaxValue),
        DType.Float32 => (float)v,
        DType.Float64 => v,
        DType.Float16 => (double)(Half)v,
        DType.BFloat16 => RefBFloat16((float)v),
        _ => throw new ArgumentOutOfRangeException(nameof(d)),
    };

    private static readonly Gen<double> Values = Gen.OneOf(
        Gen.Choose(-300, 300).Select(i => (double)i),
        Gen.Choose(-1_000_000, 1_000_000).Select(i => i / 997.0),
        Gen.Elements(double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0.5, -0.5, 2.5, 255.5, 256.0, -1.0,
            4294967295.0, 4294967296.0, 1e19, -1e19, 65504.0, 65520.0, 1e-8, 3.3895313892515355E38));

    private static bool SameValue(double expected, double actual) =>
        (double.IsNaN(expected) && double.IsNaN(actual)) || expected == actual;

    [Fact]
    public void FloatToEveryDTypeMatchesHandConversion()
    {
        PropertyCheck.ForAll(Gen.ArrayOf(Values), (double[] xs) =>
        {
            var x = Np.Array(xs);
            foreach (var d in All)
            {
                var y = x.AsType(d);
                Assert.Equal(d, y.DType);
                var back = y.ToArray<double>();
                for (int i = 0; i < xs.Length; i++)
                    Assert.True(SameValue(RefFromDouble(xs[i], d), back[i]), $"{xs[i]} -> {d}: expected {RefFromDouble(xs[i], d)}, got {back[i]}");
            }
        }, maxTest: 100);
    }

    [Fact]
    public void IntegersConvertBetweenThemselvesByWrapping()
    {
        PropertyCheck.ForAll(Gen.ArrayOf(Gen.Choose(int.MinValue, int.MaxValue).Two().Select(t => ((long)t.Item1 << 32) ^ (uint)t.Item2)), (long[] xs) =>
        {
            var x = Np.Array(xs);
            Assert.Equal(DType.Int64, x.DType);
            var u32 = x.AsType(DType.UInt32).ToArray<uint>();
            var u8 = x.AsType(DType.UInt8).ToArray<byte>();
            var i32 = x.AsType(DType.Int32).ToArray<int>();
            var b = x.AsType(DType.Bool).ToArray<bool>();
            for (int i = 0; i < xs.Length; i++)
            {
                Assert.Equal(unchecked((uint)xs[i]), u32[i]);
                Assert.Equal(unchecked((byte)xs[i]), u8[i]);
                Assert.Equal(unchecked((int)xs[i]), i32[i]);
                Assert.Equal(xs[i] != 0, b[i]);
            }
            // u32 back to i64 is zero-extended; i32 back to i64 sign-extended.
            var wide = Np.Array(u32).AsType(DType.Int64).ToArray<long>();
            for (int i = 0; i < xs.Length; i++) Assert.Equal((long)u32[i], wide[i]);
            Assert.Equal(xs, x.AsType(DType.Int64).ToArray<long>());
        });
    }

    [Fact]
    public void HalfAndBFloat16RoundTripThroughF32Exactly()
    {
        PropertyCheck.ForAll(Gen.Choose(0, 0xFFFF), (int bits) =>
        {
            var h = BitConverter.UInt16BitsToHalf((ushort)bits);
            var viaF32 = Np.Array(h).AsType(DType.Float32).AsType(DType.Float16).ToArray<Half>()[0];
            Assert.True(h.Equals(viaF32) || (Half.IsNaN(h) && Half.IsNaN(viaF32)), $"{bits:X4}");
            var bf = BFloat16.FromBits((ushort)bits);
            var bfBack = Np.Array(bf).AsType(DType.Float64).AsType(DType.BFloat16).ToArray<BFloat16>()[0];
            Assert.True(bf.Bits == bfBack.Bits || (BFloat16.IsNaN(bf) && BFloat16.IsNaN(bfBack)), $"{bits:X4}");
        }, maxTest: 300);
    }

    [Fact]
    public void BFloat16RoundsToNearestEven()
    {
        Assert.Equal(0x3F80, BFloat16.FromSingle(1f).Bits);
        // 1 + 2^-8 is halfway between 1 and 1 + 2^-7: ties to the even 1.
        Assert.Equal(0x3F80, BFloat16.FromSingle(1f + MathF.Pow(2, -8)).Bits);
        // 1 + 3 * 2^-8 is halfway between 1 + 2^-7 (odd) and 1 + 2^-6 (even).
        Assert.Equal(0x3F82, BFloat16.FromSingle(1f + 3 * MathF.Pow(2, -8)).Bits);
        Assert.Equal(0x7F80, BFloat16.FromSingle(float.PositiveInfinity).Bits);
        Assert.True(BFloat16.IsNaN(BFloat16.FromSingle(float.NaN)));
        Assert.Equal("0.1", ((BFloat16)0.1f).ToString());
        Assert.Equal(0.10009765625f, (float)(BFloat16)0.1f);
    }

    // ---------------------------------------------------------------- integer arithmetic

    [Fact]
    public void IntegerArithmeticWraps()
    {
        Assert.Equal(new byte[] { 44, 0, 255 }, (Np.Array((byte)200, (byte)255, (byte)0) + Np.Array((byte)100, (byte)1, (byte)255)).ToArray<byte>());
        Assert.Equal(new long[] { long.MinValue }, (Np.Array(long.MaxValue) + Np.Array(1L)).ToArray<long>());
        Assert.Equal(new uint[] { uint.MaxValue }, (Np.Array(0u) - Np.Array(1u)).ToArray<uint>());
        Assert.Equal(new uint[] { 1u }, Np.Negative(Np.Array(uint.MaxValue)).ToArray<uint>());
        Assert.Equal(new byte[] { 16 }, (Np.Array((byte)16) * Np.Array((byte)17)).ToArray<byte>()); // 272 mod 256
    }

    private static readonly Gen<uint> U32 = Gen.OneOf(
        Gen.Choose(int.MinValue, int.MaxValue).Select(i => unchecked((uint)i)),
        Gen.Elements(0u, 1u, 31u, 32u, 33u, 0x80000000u, uint.MaxValue));

    [Fact]
    public void UInt32OpsMatchCSharpUint()
    {
        PropertyCheck.ForAll(Gen.ArrayOf(U32.Two()), ((uint, uint)[] pairs) =>
        {
            var xs = new uint[pairs.Length];
            var ys = new uint[pairs.Length];
            for (int i = 0; i < pairs.Length; i++) (xs[i], ys[i]) = pairs[i];
            var x = Np.Array(xs);
            var y = Np.Array(ys);
            Assert.Equal(DType.UInt32, (x + y).DType);
            Check(x + y, (a, b) => unchecked(a + b));
            Check(x - y, (a, b) => unchecked(a - b));
            Check(x * y, (a, b) => unchecked(a * b));
            Check(Lax.BitwiseXor(x, y), (a, b) => a ^ b);
            Check(Lax.BitwiseAnd(x, y), (a, b) => a & b);
            Check(Lax.BitwiseOr(x, y), (a, b) => a | b);
            Check(Lax.ShiftLeft(x, y), (a, b) => b >= 32 ? 0 : a << (int)b);
            Check(Lax.ShiftRightLogical(x, y), (a, b) => b >= 32 ? 0 : a >> (int)b);
            Check(Lax.ShiftRightArithmetic(x, y), (a, b) => unchecked((uint)((int)a >> (int)Math.Min(b, 31u))));
            Check(Np.Maximum(x, y), Math.Max);
            Check(Lax.Div(x, Np.Maximum(y, Np.Array(1u))), (a, b) => a / Math.Max(b, 1u));
            Check(Np.BitwiseNot(x), (a, _) => ~a);
            var lt = Np.Less(x, y).ToArray<bool>();
            var eq = Np.Equal(x, y).ToArray<bool>();
            for (int i = 0; i < xs.Length; i++)
            {
                Assert.Equal(xs[i] < ys[i], lt[i]);
                Assert.Equal(xs[i] == ys[i], eq[i]);
            }

            void Check(NDArray actual, Func<uint, uint, uint> expected)
            {
                Assert.Equal(DType.UInt32, actual.DType);
                var r = actual.ToArray<uint>();
                for (int i = 0; i < xs.Length; i++) Assert.Equal(expected(xs[i], ys[i]), r[i]);
            }
        }, maxTest: 100);
    }

    [Fact]
    public void Int64OpsMatchCSharpLong()
    {
        var gen = Gen.Choose(int.MinValue, int.MaxValue).Two().Select(t => ((long)t.Item1 << 32) ^ (uint)t.Item2);
        PropertyCheck.ForAll(Gen.ArrayOf(gen.Two()), ((long, long)[] pairs) =>
        {
            var xs = new long[pairs.Length];
            var ys = new long[pairs.Length];
            for (int i = 0; i < pairs.Length; i++) (xs[i], ys[i]) = pairs[i];
            var x = Np.Array(xs);
            var y = Np.Array(ys);
            var sum = (x + y).ToArray<long>();
            var prod = (x * y).ToArray<long>();
            var quot = Lax.Div(x, y).ToArray<long>();
            var rem = Lax.Rem(x, y).ToArray<long>();
            var sra = Lax.ShiftRightArithmetic(x, Np.Full(new[] { xs.Length }, 3, DType.Int64)).ToArray<long>();
            for (int i = 0; i < xs.Length; i++)
            {
                Assert.Equal(unchecked(xs[i] + ys[i]), sum[i]);
                Assert.Equal(unchecked(xs[i] * ys[i]), prod[i]);
                Assert.Equal(ys[i] == 0 ? 0 : ys[i] == -1 ? unchecked(-xs[i]) : xs[i] / ys[i], quot[i]);
                Assert.Equal(ys[i] == 0 ? xs[i] : ys[i] == -1 ? 0 : xs[i] % ys[i], rem[i]);
                Assert.Equal(xs[i] >> 3, sra[i]);
            }
        });
    }

    [Fact]
    public void IntegerReductionsMatchLoops()
    {
        PropertyCheck.ForAll(Gen.ArrayOf(U32).Where(a => a.Length > 0), (uint[] xs) =>
        {
            var x = Np.Array(xs);
            uint sum = 0, max = 0, min = uint.MaxValue;
            int arg = 0;
            for (int i = 0; i < xs.Length; i++)
            {
                sum = unchecked(sum + xs[i]);
                if (xs[i] > max) { max = xs[i]; }
                min = Math.Min(min, xs[i]);
                if (xs[i] > xs[arg]) arg = i;
            }
            Assert.Equal(sum, Np.Sum(x).ToArray<uint>()[0]);
            Assert.Equal(DType.UInt32, Np.Sum(x).DType);
            Assert.Equal(max, Np.Max(x).ToArray<uint>()[0]);
            Assert.Equal(min, Np.Min(x).ToArray<uint>()[0]);
            Assert.Equal(arg, (int)Np.ArgMax(x));
            var bytes = Np.Array(xs).AsType(DType.UInt8);
            // jnp.sum promotes u8 to the default unsigned int (u32 here); the sum wraps modulo 2^32 only.
            uint bsum = 0;
            foreach (var v in xs) bsum = unchecked(bsum + (byte)v);
            Assert.Equal(DType.UInt32, Np.Sum(bytes).DType);
            Assert.Equal(bsum, Np.Sum(bytes).ToArray<uint>()[0]);
            Assert.Equal(DType.UInt8, Np.Max(bytes).DType);
            var longs = Np.Array(xs).AsType(DType.Int64);
            long lsum = 0;
            foreach (var v in xs) lsum += v;
            Assert.Equal(lsum, Np.Sum(longs).ToArray<long>()[0]);
        });
    }

    [Fact]
    public void LayoutOpsKeepNewDTypesExactly()
    {
        foreach (var d in new[] { DType.Int64, DType.UInt8, DType.UInt32, DType.Float16, DType.BFloat16 })
        {
            var x = Np.Arange(0, 24, 1, d);
            Assert.Equal(d, x.DType);
            var m = Np.Reshape(x, new[] { 2, 3, 4 });
            var t = Np.Transpose(m, new[] { 2, 0, 1 });
            var c = Np.Concatenate(new[] { m, m }, 1);
            var p = Np.Pad(m, 1);
            var b = Np.BroadcastTo(Np.Reshape(x, new[] { 1, 24 }), new[] { 3, 24 });
            var s = m[1];
            foreach (var (got, reference) in new[]
            {
                (t, Np.Transpose(Np.Reshape(x.AsType(DType.Float64), new[] { 2, 3, 4 }), new[] { 2, 0, 1 })),
                (c, Np.Concatenate(new[] { m.AsType(DType.Float64), m.AsType(DType.Float64) }, 1)),
                (p, Np.Pad(m.AsType(DType.Float64), 1)),
                (b, Np.BroadcastTo(Np.Reshape(x.AsType(DType.Float64), new[] { 1, 24 }), new[] { 3, 24 })),
                (s, m.AsType(DType.Float64)[1]),
            })
            {
                Assert.Equal(d, got.DType);
                Assert.Equal(reference.Shape, got.Shape);
                Assert.Equal(reference.ToArray<double>(), got.ToArray<double>());
            }
        }
    }

    [Fact]
    public void IndexingWithAnyIntegerIndicesAndFloorDivision()
    {
        var x = Np.Arange(10, 16, 1, DType.UInt8);
        Assert.Equal(new byte[] { 15, 10, 12 }, Np.Take(x, Np.Array(-1L, 0L, 2L)).ToArray<byte>());
        Assert.Equal(new byte[] { 11, 13 }, Np.Take(x, Np.Array((byte)1, (byte)3)).ToArray<byte>());
        // Out-of-range reads fill with the largest unsigned value, as JAX does.
        Assert.Equal(new byte[] { 255 }, Np.Take(x, Np.Array(7u)).ToArray<byte>());
        Assert.Equal(new long[] { long.MinValue }, Np.Take(Np.Array(1L, 2L), Np.Array(9)).ToArray<long>());
        Assert.Equal(DType.Float16, Np.Take(x.AsType(DType.Float16), Np.Array(0)).DType);
        Assert.Equal(new double[] { 0, 1, 0 }, Nn.OneHot(Np.Array(1L), 3).ToArray<double>());
        var a = Np.Array(-7L, 7L, -7L, 7L);
        var b = Np.Array(2L, -2L, -2L, 2L);
        Assert.Equal(new long[] { -4, -4, 3, 3 }, Np.FloorDivide(a, b).ToArray<long>());
        Assert.Equal(new long[] { -3, -3, 3, 3 }, Lax.Div(a, b).ToArray<long>());
        Assert.Equal(new uint[] { 2147483647u }, Np.FloorDivide(Np.Array(uint.MaxValue), Np.Array(2u)).ToArray<uint>());
    }

    [Fact]
    public void MatmulOnIntegerAndHalfDTypes()
    {
        var a = Np.FromFlat(new long[] { 1L << 40, 2, 3, 4 }, new[] { 2, 2 });
        var b = Np.FromFlat(new long[] { 5, 6, 7, 8 }, new[] { 2, 2 });
        Assert.Equal(new long[] { 5L * (1L << 40) + 14, 6L * (1L << 40) + 16, 43, 50 }, Np.Matmul(a, b).ToArray<long>());
        var u = Np.FromFlat(new byte[] { 200, 2, 3, 4 }, new[] { 2, 2 });
        // u8 products wrap modulo 256: 200 * 200 + 2 * 3 = 40006 = 70 (mod 256).
        Assert.Equal(new byte[] { 70, 152, 100, 22 }, Np.Matmul(u, u).ToArray<byte>());
        var h = Np.FromFlat(new[] { (Half)1, (Half)2, (Half)3, (Half)4 }, new[] { 2, 2 });
        Assert.Equal(DType.Float16, Np.Matmul(h, h).DType);
        Assert.Equal(new double[] { 7, 10, 15, 22 }, Np.Matmul(h, h).ToArray<double>());
    }

    [Fact]
    public void SortingAndScansOnNewDTypes()
    {
        var u = Np.Array(3_000_000_000u, 5u, uint.MaxValue, 0u);
        Assert.Equal(new uint[] { 0u, 5u, 3_000_000_000u, uint.MaxValue }, Np.Sort(u).ToArray<uint>());
        Assert.Equal(new[] { 3, 1, 0, 2 }, Np.ArgSort(u).ToArray<int>());
        var h = Np.Array((Half)2.5, (Half)(-1), (Half)0.5);
        Assert.Equal(DType.Float16, Np.Sort(h).DType);
        Assert.Equal(new double[] { -1, 0.5, 2.5 }, Np.Sort(h).ToArray<double>());
        var b = Np.Array((byte)200, (byte)100, (byte)1);
        Assert.Equal(DType.UInt32, Np.Cumsum(b).DType);
        Assert.Equal(new uint[] { 200, 300, 301 }, Np.Cumsum(b).ToArray<uint>());
        // lax.cumsum keeps the dtype and wraps.
        Assert.Equal(new byte[] { 200, 44, 45 }, Lax.Cumsum(b).ToArray<byte>());
        Assert.Equal(new long[] { 1L << 40, (1L << 40) + 1 }, Np.Cumsum(Np.Array(1L << 40, 1L)).ToArray<long>());
        var v = Jax.Vmap((NDArray r) => Np.Max(r * r))(Np.FromFlat(new[] { (Half)1, (Half)(-3), (Half)2, (Half)0.5 }, new[] { 2, 2 }));
        Assert.Equal(DType.Float16, v.DType);
        Assert.Equal(new double[] { 9, 4 }, v.ToArray<double>());
    }

    [Fact]
    public void CreationWithEveryDType()
    {
        foreach (var d in All)
        {
            Assert.Equal(d, Np.Zeros(new[] { 2 }, d).DType);
            Assert.Equal(new[] { 1.0, 1.0 }, Np.Ones(new[] { 2 }, d).ToArray<double>());
            Assert.Equal(d, Np.Full(new[] { 3 }, 1, d).DType);
        }
        Assert.Equal(new long[] { 5, 5 }, Np.Full(new[] { 2 }, 5, DType.Int64).ToArray<long>());
        Assert.Equal(new byte[] { 0, 1, 2 }, Np.Arange(0, 3, 1, DType.UInt8).ToArray<byte>());
        Assert.Equal(DType.Float16, Np.Scalar((Half)1.5).DType);
        Assert.Equal(DType.BFloat16, Np.FromFlat(new[] { (BFloat16)1f, (BFloat16)2f }, new[] { 2, 1 }).DType);
        Assert.Equal(new uint[] { 7 }, Np.FromFlat(new uint[] { 7 }, new[] { 1 }).ToArray<uint>());
    }

    // ---------------------------------------------------------------- printing

    [Fact]
    public void NamesAndPrinting()
    {
        Assert.Equal("i64", DType.Int64.ShortName());
        Assert.Equal("u8", DType.UInt8.ShortName());
        Assert.Equal("u32", DType.UInt32.ShortName());
        Assert.Equal("f16", DType.Float16.ShortName());
        Assert.Equal("bf16", DType.BFloat16.ShortName());
        Assert.Equal("uint32", DType.UInt32.NumpyName());
        Assert.Equal("bfloat16", DType.BFloat16.NumpyName());
        Assert.Equal("[1 2 3] dtype=i64", Np.Array(1L, 2L, 3L).ToString());
        Assert.Equal("[  0 255] dtype=u8", Np.Array((byte)0, (byte)255).ToString());
        Assert.Equal("4294967295 dtype=u32", Np.Scalar(uint.MaxValue).ToString());
        // numpy prints float16 with the shortest digits of float16: 0.1 is 0.1, not 0.0999755859375.
        Assert.Equal("[0.1 2. ] dtype=f16", Np.Array((Half)0.1, (Half)2).ToString());
        // bf16 0.1 is 0.10009765625, and "0.1" already reads back to it (ml_dtypes prints 0.1 too).
        Assert.Equal("[0.1 2. ] dtype=bf16", Np.Array((BFloat16)0.1f, (BFloat16)2f).ToString());
        Assert.Equal("[1.01 3.  ] dtype=bf16", Np.Array((BFloat16)1.008f, (BFloat16)3f).ToString());
        var jaxpr = Jax.MakeJaxpr((NDArray a) => Lax.ShiftLeft(a, a))(Np.Array(1u, 2u)).ToString();
        Assert.Contains("u32[2]", jaxpr);
        Assert.Contains("shift_left", jaxpr);
        Assert.Contains("f16[]", Jax.MakeJaxpr((NDArray a) => a * 2.0)(Np.Scalar((Half)1)).ToString());
    }

    [Fact]
    public void EqualityOfNewDTypes()
    {
        Assert.Equal(new[] { true, false }, Np.Equal(Np.Array((Half)1, (Half)2), Np.Array((Half)1, (Half)3)).ToArray<bool>());
        Assert.Equal(new[] { true, false }, Np.Equal(Np.Array((BFloat16)1f, BFloat16.FromSingle(float.NaN)), Np.Array((BFloat16)1f, BFloat16.FromSingle(float.NaN))).ToArray<bool>());
        Assert.Equal(new[] { false, true }, Np.Less(Np.Array((byte)3, (byte)0), Np.Array((byte)2, (byte)255)).ToArray<bool>());
    }

    // ---------------------------------------------------------------- promotion (JAX docs table)

    // Rows and columns: b1 u8 u32 i32 i64 bf16 f16 f32 f64 i* f*  (i*, f*: weakly-typed int and float literals).
    // Entries copied from the table in JAX's "Type promotion semantics" page (x64 names: u1 = u8, u4 = u32, i4 = i32,
    // i8 = i64, bf = bf16, f2 = f16, f4 = f32, f8 = f64), restricted to the dtypes this library has.
    private static readonly string[] Heads = { "b1", "u1", "u4", "i4", "i8", "bf", "f2", "f4", "f8", "i*", "f*" };
    private static readonly string[] JaxTable =
    {
        "b1 u1 u4 i4 i8 bf f2 f4 f8 i* f*",
        "u1 u1 u4 i4 i8 bf f2 f4 f8 u1 f*",
        "u4 u4 u4 i8 i8 bf f2 f4 f8 u4 f*",
        "i4 i4 i8 i4 i8 bf f2 f4 f8 i4 f*",
        "i8 i8 i8 i8 i8 bf f2 f4 f8 i8 f*",
        "bf bf bf bf bf bf f4 f4 f8 bf bf",
        "f2 f2 f2 f2 f2 f4 f2 f4 f8 f2 f2",
        "f4 f4 f4 f4 f4 f4 f4 f4 f8 f4 f4",
        "f8 f8 f8 f8 f8 f8 f8 f8 f8 f8 f8",
        "i* u1 u4 i4 i8 bf f2 f4 f8 i* f*",
        "f* f* f* f* f* bf f2 f4 f8 f* f*",
    };

    private static (DType DType, bool Weak) Decode(string code) => code switch
    {
        "b1" => (DType.Bool, false),
        "u1" => (DType.UInt8, false),
        "u4" => (DType.UInt32, false),
        "i4" => (DType.Int32, false),
        "i8" => (DType.Int64, false),
        "bf" => (DType.BFloat16, false),
        "f2" => (DType.Float16, false),
        "f4" => (DType.Float32, false),
        "f8" => (DType.Float64, false),
        "i*" => (DType.Int32, true),   // a C# int literal
        "f*" => (DType.Float64, true), // a C# double literal
        _ => throw new ArgumentOutOfRangeException(nameof(code)),
    };

    private static NDArray Operand(string code)
    {
        var (d, weak) = Decode(code);
        if (weak) return d == DType.Int32 ? (NDArray)1 : (NDArray)1.0;
        return Np.Ones(new[] { 2 }, d);
    }

    [Fact]
    public void PromotionMatchesJaxDocumentationTable()
    {
        for (int r = 0; r < Heads.Length; r++)
        {
            var row = JaxTable[r].Split(' ');
            for (int c = 0; c < Heads.Length; c++)
            {
                var (dtype, weak) = Decode(row[c]);
                var result = Np.Add(Operand(Heads[r]), Operand(Heads[c]));
                var label = $"{Heads[r]} + {Heads[c]}";
                Assert.True(dtype == result.DType, $"{label}: expected {dtype}, got {result.DType}");
                Assert.True(weak == result.IsWeaklyTyped, $"{label}: expected weak={weak}, got {result.IsWeaklyTyped}");
                if (!Heads[r].Contains('*') && !Heads[c].Contains('*'))
                    Assert.Equal(dtype, DTypes.Promote(Decode(Heads[r]).DType, Decode(Heads[c]).DType));
            }
        }
    }

    [Fact]
    public void WeakScalarsTakeTheArraysDType()
    {
        Assert.Equal(DType.UInt8, (Np.Array((byte)1) + 2).DType);
        Assert.Equal(DType.Float16, (Np.Array((Half)1) * 2.0).DType);
        Assert.Equal(DType.BFloat16, (Np.Array((BFloat16)1f) - 1).DType);
        Assert.Equal(DType.Int64, (Np.Array(1L) * 3).DType);
        Assert.Equal(DType.Float64, (Np.Array(1u) * 0.5).DType);
    }

    // ---------------------------------------------------------------- transforms

    [Fact]
    public void JitEqualsEagerAndVmapEqualsLoopOnNewDTypes()
    {
        PropertyCheck.ForAll(Gen.ArrayOf(U32, 6), (uint[] xs) =>
        {
            // (A C# uint literal would convert to a weak double; strong u32 scalars keep the dtype.)
            Func<NDArray, NDArray> f = a => Lax.BitwiseXor(Lax.ShiftLeft(a, Np.ZerosLike(a) + Np.Scalar(13u)), a * Np.Scalar(2654435769u)) + Np.Max(a);
            var x = Np.Reshape(Np.Array(xs), new[] { 2, 3 });
            Assert.Equal(f(x).ToArray<uint>(), Jax.Jit(f)(x).ToArray<uint>());
            var batched = Jax.Vmap(f)(x);
            for (int i = 0; i < 2; i++) Assert.Equal(f(x[i]).ToArray<uint>(), batched[i].ToArray<uint>());

            Func<NDArray, NDArray> g = a => Np.Sum(a * a - a) + 1;
            var l = x.AsType(DType.Int64);
            Assert.Equal(g(l).ToArray<long>(), Jax.Jit(g)(l).ToArray<long>());
            var h = x.AsType(DType.UInt8);
            Assert.Equal(g(h).ToArray<byte>(), Jax.Jit(g)(h).ToArray<byte>());
            var vb = Jax.Vmap(g)(h);
            for (int i = 0; i < 2; i++) Assert.Equal(g(h[i]).ToArray<byte>(), vb[i].ToArray<byte>());
        });
    }

    [Fact]
    public void HalfPrecisionGradientsMatchF32()
    {
        Func<NDArray, NDArray> f = u => Np.Sum(Np.Sin(u) * u + Np.Exp(u * 0.5) - Np.Square(u));
        PropertyCheck.ForAll(Gen.ArrayOf(Gen.Choose(-200, 200).Select(i => i / 100.0), 5), (double[] xs) =>
        {
            var x32 = Np.Array(xs).AsType(DType.Float32);
            var g32 = Jax.Grad(f)(x32).ToArray<double>();
            foreach (var (d, tol) in new[] { (DType.Float16, 2e-2), (DType.BFloat16, 1.5e-1) })
            {
                var x = x32.AsType(d);
                var g = Jax.Grad(f)(x);
                Assert.Equal(d, g.DType);
                var gj = Jax.Jit(Jax.Grad(f))(x);
                Assert.Equal(d, gj.DType);
                var gv = g.ToArray<double>();
                for (int i = 0; i < xs.Length; i++)
                    Assert.True(Math.Abs(gv[i] - g32[i]) <= tol * (1 + Math.Abs(g32[i])), $"{d}: {gv[i]} vs {g32[i]}");
                Assert.Equal(gv, gj.ToArray<double>());
            }
        });
    }
}
