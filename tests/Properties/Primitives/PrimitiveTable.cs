using System;
using System.Collections.Generic;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using Functional.AD.Testing;
using static Functional.AD.Properties.Primitives.Generators;

namespace Functional.AD.Properties.Primitives;

/// <summary>One random application of a primitive: the differentiable arguments and the function that binds the primitive on them.</summary>
public sealed record PrimitiveCase(string Description, NDArray[] Args, Func<NDArray[], NDArray> Apply)
{
    public override string ToString() =>
        Description + " on " + string.Join("; ", Args.Select(a => $"{a.ArrayType} {a}"));
}

/// <summary>How a primitive's derivative is checked.</summary>
public enum DerivativeKind
{
    /// <summary>Differentiable: JVP against finite differences, transpose identity, reverse mode.</summary>
    Smooth,
    /// <summary>Piecewise constant or cut (sign, comparisons, argmax, stop_gradient, iota): the tangent must be exactly zero.</summary>
    Zero,
}

/// <summary>A line of the primitive table: the primitive's name, how to generate applications of it, and how to check its derivative.</summary>
public sealed record PrimitiveSpec(string Name, Gen<PrimitiveCase> Cases, DerivativeKind Kind = DerivativeKind.Smooth, GradientTolerance? Tolerance = null)
{
    /// <summary>The primitive name as printed in jaxprs (the row name up to any " (variant)" suffix).</summary>
    public string PrimitiveName => Name.Split(' ')[0];

    public override string ToString() => Name;
}

/// <summary>
/// The table that drives the primitive property tests: ONE LINE PER PRIMITIVE (variants get a suffix).
/// Adding a primitive adds a line here; every property in <see cref="PrimitiveProperties"/> then covers it.
/// </summary>
public static class PrimitiveTable
{
    private static readonly Gen<double> Any = Uniform(-3, 3);
    private static readonly Gen<double> Positive = Uniform(0.2, 4);

    public static readonly PrimitiveSpec[] All =
    {
        new("neg", Unary("neg", Ops.Neg, Any)),
        new("sin", Unary("sin", Ops.Sin, Any)),
        new("cos", Unary("cos", Ops.Cos, Any)),
        new("tan", Unary("tan", Ops.Tan, Uniform(-1.2, 1.2))),
        new("exp", Unary("exp", Ops.Exp, Any)),
        new("log", Unary("log", Ops.Log, Positive)),
        new("tanh", Unary("tanh", Ops.Tanh, Any)),
        new("logistic", Unary("logistic", Ops.Logistic, Any)),
        new("log1p", Unary("log1p", Ops.Log1p, Uniform(-0.8, 3))),
        new("expm1", Unary("expm1", Ops.Expm1, Any)),
        new("sqrt", Unary("sqrt", Ops.Sqrt, Positive)),
        new("rsqrt", Unary("rsqrt", Ops.Rsqrt, Positive)),
        new("atan", Unary("atan", Ops.Atan, Any)),
        new("erf", Unary("erf", Ops.Erf, Any)),
        new("erfc", Unary("erfc", Ops.Erfc, Any)),
        new("abs", Unary("abs", Ops.Abs, AwayFromZero(0.2, 3))),
        new("sign", Unary("sign", Ops.Sign, AwayFromZero(0.2, 3)), DerivativeKind.Zero),
        new("floor", Unary("floor", Ops.Floor, Grid(0.5)), DerivativeKind.Zero),
        new("ceil", Unary("ceil", Ops.Ceil, Grid(0.5)), DerivativeKind.Zero),
        new("round", Unary("round", Ops.Round, Grid(0.25)), DerivativeKind.Zero),
        new("sinh", Unary("sinh", Ops.Sinh, Any)),
        new("cosh", Unary("cosh", Ops.Cosh, Any)),
        new("asin", Unary("asin", Ops.Asin, Uniform(-0.9, 0.9))),
        new("acos", Unary("acos", Ops.Acos, Uniform(-0.9, 0.9))),
        new("asinh", Unary("asinh", Ops.Asinh, Any)),
        new("acosh", Unary("acosh", Ops.Acosh, Uniform(1.2, 4))),
        new("atanh", Unary("atanh", Ops.Atanh, Uniform(-0.9, 0.9))),
        new("cbrt", Unary("cbrt", Ops.Cbrt, AwayFromZero(0.2, 3))),
        new("exp2", Unary("exp2", Ops.Exp2, Any)),
        new("erf_inv", Unary("erf_inv", Ops.ErfInv, Uniform(-0.9, 0.9))),
        new("lgamma", Unary("lgamma", Ops.Lgamma, Uniform(0.3, 6))),
        new("digamma", Unary("digamma", Ops.Digamma, Uniform(0.3, 6))),
        new("polygamma_1", Unary("polygamma_1", x => Ops.Polygamma(1, x), Uniform(0.3, 6))),
        new("integer_pow", IntegerPow()),
        new("stop_gradient", Unary("stop_gradient", Ops.StopGradient, Any), DerivativeKind.Zero),
        new("add", Binary("add", Ops.Add, Any, Any)),
        new("sub", Binary("sub", Ops.Sub, Any, Any)),
        new("mul", Binary("mul", Ops.Mul, Any, Any)),
        new("div", Binary("div", Ops.Div, Any, AwayFromZero(0.5, 3))),
        new("max", Binary("max", Ops.Max, Grid(0.1), Grid(0.6))),
        new("min", Binary("min", Ops.Min, Grid(0.1), Grid(0.6))),
        new("pow", Binary("pow", Ops.Pow, Uniform(0.5, 2), Uniform(-2, 2))),
        new("atan2", Binary("atan2", Ops.Atan2, AwayFromZero(0.3, 3), AwayFromZero(0.3, 3))),
        // |x / y| stays within (2.09, 2.7): away from the jumps at whole quotients, with trunc(x / y) = ±2 for the rule in y
        new("rem", Binary("rem", Ops.Rem, AwayFromZero(1.15, 1.35), AwayFromZero(0.5, 0.55))),
        new("and (i32)", Binary("and", (a, b) => Ops.BitwiseAnd(AsInt(a), AsInt(b)), Grid(0), Grid(0)), DerivativeKind.Zero),
        new("or (i32)", Binary("or", (a, b) => Ops.BitwiseOr(AsInt(a), AsInt(b)), Grid(0), Grid(0)), DerivativeKind.Zero),
        new("shift_left (i32)", Binary("shift_left", (a, b) => Ops.ShiftLeft(AsInt(a), AsInt(b)), Grid(0), Grid(0)), DerivativeKind.Zero),
        new("shift_right_logical (u32)", Binary("shift_right_logical", (a, b) => Ops.ShiftRightLogical(As(a, DType.UInt32), As(b, DType.UInt32)), Grid(0), Grid(0)), DerivativeKind.Zero),
        new("shift_right_arithmetic (i64)", Binary("shift_right_arithmetic", (a, b) => Ops.ShiftRightArithmetic(As(a, DType.Int64), As(b, DType.Int64)), Grid(0), Grid(0)), DerivativeKind.Zero),
        new("mul (u8)", Binary("mul", (a, b) => Ops.Mul(As(a, DType.UInt8), As(b, DType.UInt8)), Grid(0), Grid(0)), DerivativeKind.Zero),
        new("add (u32)", Binary("add", (a, b) => Ops.Add(As(a, DType.UInt32), As(b, DType.UInt32)), Grid(0), Grid(0)), DerivativeKind.Zero),
        new("xor (bool)", Binary("xor", (a, b) => Ops.BitwiseXor(Ops.Gt(a, b), Ops.Eq(a, b)), Grid(0), Grid(0)), DerivativeKind.Zero),
        new("eq", Binary("eq", Ops.Eq, Grid(0), Grid(0)), DerivativeKind.Zero),
        new("ne", Binary("ne", Ops.Ne, Grid(0), Grid(0)), DerivativeKind.Zero),
        new("lt", Binary("lt", Ops.Lt, Grid(0), Grid(0)), DerivativeKind.Zero),
        new("le", Binary("le", Ops.Le, Grid(0), Grid(0)), DerivativeKind.Zero),
        new("gt", Binary("gt", Ops.Gt, Grid(0), Grid(0)), DerivativeKind.Zero),
        new("ge", Binary("ge", Ops.Ge, Grid(0), Grid(0)), DerivativeKind.Zero),
        new("select_n", SelectN()),
        new("convert_element_type (f64 to f32)", ConvertRoundTrip(), Tolerance: new GradientTolerance(1e-2, 1e-4, 1e-4)),
        new("convert_element_type (f64 to i32)", Unary("convert_element_type", x => Ops.ConvertElementType(x, DType.Int32), Any), DerivativeKind.Zero),
        new("reduce_sum", ReduceSum()),
        new("reduce_max", ReduceChooser("reduce_max", Ops.ReduceMax)),
        new("reduce_min", ReduceChooser("reduce_min", Ops.ReduceMin)),
        new("argmax", ArgMax(), DerivativeKind.Zero),
        new("cumsum", Cumsum()),
        new("sort", SortOne()),
        new("sort (keys and values)", SortKeyValue()),
        new("broadcast_in_dim", BroadcastInDim()),
        new("reshape", Reshape()),
        new("transpose", Transpose()),
        new("squeeze", Squeeze()),
        new("expand_dims", ExpandDims()),
        new("slice", Slice()),
        new("pad", Pad()),
        new("concatenate", Concatenate()),
        new("gather (take along an axis)", GatherTake()),
        new("gather (batched)", GatherBatched()),
        new("scatter_add", ScatterAdd()),
        new("scatter", CombiningScatter("scatter", Ops.Scatter, unique: false)),
        new("scatter_mul", CombiningScatter("scatter_mul", Ops.ScatterMul, unique: true)),
        new("scatter_min", CombiningScatter("scatter_min", Ops.ScatterMin, unique: false)),
        new("scatter_max", CombiningScatter("scatter_max", Ops.ScatterMax, unique: false)),
        new("dot_general", DotGeneral()),
        new("iota", Iota(), DerivativeKind.Zero),
        new("bitcast_convert_type (f32 to i32)", Unary("bitcast_convert_type", x => Ops.BitcastConvertType(As(x, DType.Float32), DType.Int32), Any), DerivativeKind.Zero),
        new("threefry2x32", Threefry(), DerivativeKind.Zero),
        new("threefry_random_bits", ThreefryRandomBits(), DerivativeKind.Zero),
        // differentiable in x only (none in a, as in JAX): a is a fixed 0-d shape parameter
        new("random_gamma_grad (in x)", Unary("random_gamma_grad", x => Ops.RandomGammaGrad(ConcreteArray.Scalar(2.5, x.DType), x), Uniform(0.3, 6))),
    };

    /// <summary>Values k + offset for integer k in [-4, 4]: two grids with different offsets never tie.</summary>
    private static Gen<double> Grid(double offset) => Gen.Choose(-4, 4).Select(k => k + offset);

    private static NDArray AsInt(NDArray x) => Ops.ConvertElementType(x, DType.Int32);

    private static NDArray As(NDArray x, DType dtype) => Ops.ConvertElementType(x, dtype);

    private static string Fmt(IEnumerable<int> xs) => "[" + string.Join(",", xs) + "]";

    private static Gen<PrimitiveCase> Unary(string name, Func<NDArray, NDArray> op, Gen<double> values) =>
        from shape in Shape(allowEmpty: true)
        from x in Array(shape, values)
        select new PrimitiveCase(name, new[] { x }, a => op(a[0]));

    private static Gen<PrimitiveCase> Binary(string name, Func<NDArray, NDArray, NDArray> op, Gen<double> va, Gen<double> vb) =>
        from shapes in BinaryShapes(allowEmpty: true)
        from a in Array(shapes.A, va)
        from b in Array(shapes.B, vb)
        select new PrimitiveCase(name, new[] { a, b }, x => op(x[0], x[1]));

    private static Gen<PrimitiveCase> IntegerPow() =>
        from y in Gen.Choose(-3, 4)
        from shape in Shape(allowEmpty: true)
        from x in Array(shape, AwayFromZero(0.3, 2))
        select new PrimitiveCase($"integer_pow y={y}", new[] { x }, a => Ops.IntegerPow(a[0], y));

    private static Gen<PrimitiveCase> SelectN() =>
        from shape in Shape(allowEmpty: true)
        from scalarPred in Gen.Elements(true, false)
        from pred in Bools(scalarPred ? System.Array.Empty<int>() : shape)
        from a in Array(shape, Any)
        from b in Array(shape, Any)
        select new PrimitiveCase($"select_n pred={pred}", new[] { a, b }, x => Ops.SelectN(pred, x[0], x[1]));

    private static Gen<PrimitiveCase> ConvertRoundTrip() =>
        from shape in Shape(allowEmpty: true)
        from x in Array(shape, Any)
        select new PrimitiveCase("convert_element_type f64->f32->f64", new[] { x },
            a => Ops.ConvertElementType(Ops.ConvertElementType(a[0], DType.Float32), DType.Float64));

    private static Gen<int[]> SortedSubset(int rank) =>
        Gen.ArrayOf(Gen.Elements(true, false), rank).Select(m => Enumerable.Range(0, rank).Where(i => m[i]).ToArray());

    private static Gen<PrimitiveCase> ReduceSum() =>
        from shape in Shape(allowEmpty: true)
        from axes in SortedSubset(shape.Length)
        from x in Array(shape, Any)
        select new PrimitiveCase($"reduce_sum axes={Fmt(axes)}", new[] { x }, a => Ops.ReduceSum(a[0], new IntTuple(axes)));

    private static Gen<PrimitiveCase> ReduceChooser(string name, Func<NDArray, IntTuple, NDArray> op) =>
        from shape in Shape()
        from axes in SortedSubset(shape.Length)
        from x in Distinct(shape)
        select new PrimitiveCase($"{name} axes={Fmt(axes)}", new[] { x }, a => op(a[0], new IntTuple(axes)));

    private static Gen<PrimitiveCase> ArgMax() =>
        from shape in Shape(maxRank: 3).Where(s => s.Length > 0)
        from axis in Gen.Choose(0, shape.Length - 1)
        from x in Distinct(shape)
        select new PrimitiveCase($"argmax axis={axis}", new[] { x }, a => Ops.ArgMax(a[0], axis));

    private static Gen<PrimitiveCase> Cumsum() =>
        from shape in Shape(allowEmpty: true).Where(s => s.Length > 0)
        from axis in Gen.Choose(0, shape.Length - 1)
        from reverse in Gen.Elements(true, false)
        from x in Array(shape, Any)
        select new PrimitiveCase($"cumsum axis={axis} reverse={reverse}", new[] { x }, a => Ops.Cumsum(a[0], axis, reverse));

    // Distinct keys: away from ties the permutation is locally constant, so sort is differentiable there.
    private static Gen<PrimitiveCase> SortOne() =>
        from shape in Shape(allowEmpty: true).Where(s => s.Length > 0)
        from axis in Gen.Choose(0, shape.Length - 1)
        from x in Distinct(shape)
        select new PrimitiveCase($"sort dimension={axis}", new[] { x }, a => Ops.Sort(new[] { a[0] }, axis)[0]);

    private static Gen<PrimitiveCase> SortKeyValue() =>
        from shape in Shape(allowEmpty: true).Where(s => s.Length > 0)
        from axis in Gen.Choose(0, shape.Length - 1)
        from keys in Distinct(shape)
        from values in Array(shape, Any)
        select new PrimitiveCase($"sort keys and values dimension={axis}", new[] { keys, values },
            a => Ops.Sort(new[] { a[0], a[1] }, axis)[1]);

    private static Gen<PrimitiveCase> BroadcastInDim() =>
        from target in Shape(maxRank: 3, allowEmpty: true)
        from dims in SortedSubset(target.Length)
        from ones in Gen.ArrayOf(Gen.Elements(true, false), dims.Length)
        let operand = dims.Select((d, i) => ones[i] ? 1 : target[d]).ToArray()
        from x in Array(operand, Any)
        select new PrimitiveCase($"broadcast_in_dim to {Fmt(target)} dims={Fmt(dims)}", new[] { x },
            a => Ops.BroadcastInDim(a[0], new Shape(target), new IntTuple(dims)));

    private static Gen<PrimitiveCase> Reshape() =>
        from shape in Shape(allowEmpty: true)
        from kind in Gen.Choose(0, 2)
        let target = kind switch
        {
            0 => new[] { shape.Aggregate(1, (p, d) => p * d) },
            1 => shape.Reverse().ToArray(),
            _ => shape.Append(1).Prepend(1).ToArray(),
        }
        from x in Array(shape, Any)
        select new PrimitiveCase($"reshape to {Fmt(target)}", new[] { x }, a => Ops.Reshape(a[0], new Shape(target)));

    private static Gen<PrimitiveCase> Transpose() =>
        from shape in Shape(allowEmpty: true)
        from perm in Permutation(shape.Length)
        from x in Array(shape, Any)
        select new PrimitiveCase($"transpose perm={Fmt(perm)}", new[] { x }, a => Ops.Transpose(a[0], new IntTuple(perm)));

    private static Gen<PrimitiveCase> Squeeze() =>
        from shape in Shape(maxRank: 2, allowEmpty: true)
        from at in Gen.Choose(0, shape.Length)
        let withOne = shape.Take(at).Append(1).Concat(shape.Skip(at)).ToArray()
        from x in Array(withOne, Any)
        select new PrimitiveCase($"squeeze dims=[{at}]", new[] { x }, a => Ops.Squeeze(a[0], new IntTuple(at)));

    private static Gen<PrimitiveCase> ExpandDims() =>
        from shape in Shape(maxRank: 2, allowEmpty: true)
        from at in Gen.Choose(0, shape.Length)
        from x in Array(shape, Any)
        select new PrimitiveCase($"expand_dims dims=[{at}]", new[] { x }, a => Ops.ExpandDims(a[0], new IntTuple(at)));

    private static Gen<(int Start, int Limit, int Stride)> SliceOf(int d) =>
        from start in Gen.Choose(0, d)
        from limit in Gen.Choose(start, d)
        from stride in Gen.Choose(1, 2)
        select (start, limit, stride);

    private static Gen<PrimitiveCase> Slice() =>
        from shape in Shape(allowEmpty: true)
        from parts in Gen.CollectToArray(shape.Select(SliceOf))
        from x in Array(shape, Any)
        select new PrimitiveCase($"slice {string.Join(" ", parts.Select(p => $"{p.Start}:{p.Limit}:{p.Stride}"))}", new[] { x },
            a => Ops.Slice(a[0], new IntTuple(parts.Select(p => p.Start).ToArray()), new IntTuple(parts.Select(p => p.Limit).ToArray()),
                new IntTuple(parts.Select(p => p.Stride).ToArray())));

    private static Gen<(int Lo, int Hi, int Interior)> PadOf(int d) =>
        from interior in Gen.Choose(0, 2)
        let size = d + Math.Max(d - 1, 0) * interior
        from lo in Gen.Choose(size > 0 ? -1 : 0, 2)
        from hi in Gen.Choose(Math.Max(-1, -(size + lo)), 2)
        select (lo, hi, interior);

    private static Gen<PrimitiveCase> Pad() =>
        from shape in Shape(allowEmpty: true)
        from cfg in Gen.CollectToArray(shape.Select(PadOf))
        from x in Array(shape, Any)
        from v in Array(System.Array.Empty<int>(), Any)
        select new PrimitiveCase($"pad {string.Join(" ", cfg.Select(c => $"({c.Lo},{c.Hi},{c.Interior})"))}", new[] { x, v },
            a => Ops.Pad(a[0], a[1], new IntTuple(cfg.Select(c => c.Lo).ToArray()), new IntTuple(cfg.Select(c => c.Hi).ToArray()),
                new IntTuple(cfg.Select(c => c.Interior).ToArray())));

    private static Gen<PrimitiveCase> Concatenate() =>
        from shape in Shape(allowEmpty: true).Where(s => s.Length > 0)
        from axis in Gen.Choose(0, shape.Length - 1)
        from sizes in Gen.ArrayOf(Gen.Choose(0, 3), 3).Select(s => s.Take(1 + s[0] % 3).ToArray())
        from xs in Gen.CollectToArray(sizes.Select(n => Array(shape.Select((d, i) => i == axis ? n : d).ToArray(), Any)))
        select new PrimitiveCase($"concatenate axis={axis}", xs, a => Ops.Concatenate(a, axis));

    private static Gen<PrimitiveCase> GatherTake() =>
        from shape in Shape(maxRank: 3).Where(s => s.Length > 0)
        from axis in Gen.Choose(0, shape.Length - 1)
        from idxShape in Shape(maxRank: 2, allowEmpty: true)
        from idx in Ints(idxShape, 0, shape[axis] - 1)
        from x in Array(shape, Any)
        select new PrimitiveCase($"gather via Np.Take axis={axis} indices={idx}", new[] { x }, a => Np.Take(a[0], idx, axis));

    private static Gen<PrimitiveCase> GatherBatched() =>
        from b in Gen.Choose(1, 3)
        from n in Gen.Choose(1, 4)
        from m in Gen.Choose(1, 3)
        from k in Gen.Choose(0, 3)
        from idx in Ints(new[] { b, k, 1 }, 0, n - 1)
        from x in Array(new[] { b, n, m }, Any)
        select new PrimitiveCase($"batched gather indices={idx}", new[] { x }, a => Ops.Gather(a[0], idx,
            new GatherDimensionNumbers(new IntTuple(2), new IntTuple(1), new IntTuple(1), new IntTuple(0), new IntTuple(0)), new IntTuple(1, 1, m)));

    private static Gen<PrimitiveCase> ScatterAdd() =>
        from n in Gen.Choose(1, 4)
        from m in Gen.Choose(0, 3)
        from k in Gen.Choose(0, 5)
        from idx in Ints(new[] { k, 1 }, 0, n - 1)
        from x in Array(new[] { n, m }, Any)
        from u in Array(new[] { k, m }, Any)
        select new PrimitiveCase($"scatter_add indices={idx}", new[] { x, u }, a => Ops.ScatterAdd(a[0], idx, a[1],
            new ScatterDimensionNumbers(new IntTuple(1), new IntTuple(0), new IntTuple(0), IntTuple.Empty, IntTuple.Empty)));

    /// <summary>
    /// Row updates of an [n, m] operand (repeated rows unless <paramref name="unique"/>, which scatter_mul's derivative
    /// in the updates needs); continuous random values, so min/max have no ties.
    /// </summary>
    private static Gen<PrimitiveCase> CombiningScatter(string name, Func<NDArray, NDArray, NDArray, ScatterDimensionNumbers, NDArray> scatter, bool unique) =>
        from n in Gen.Choose(1, 4)
        from m in Gen.Choose(0, 3)
        from k in Gen.Choose(0, unique ? n : 5)
        from perm in Gen.Shuffle(Enumerable.Range(0, n).ToArray())
        from repeated in Ints(new[] { k, 1 }, 0, n - 1)
        let idx = unique ? Np.FromFlat(perm.Take(k).ToArray(), new[] { k, 1 }) : repeated
        from x in Array(new[] { n, m }, Any)
        from u in Array(new[] { k, m }, Any)
        select new PrimitiveCase($"{name} indices={idx}", new[] { x, u }, a => scatter(a[0], idx, a[1],
            new ScatterDimensionNumbers(new IntTuple(1), new IntTuple(0), new IntTuple(0), IntTuple.Empty, IntTuple.Empty)));

    private static Gen<PrimitiveCase> DotGeneral() =>
        from nb in Gen.Choose(0, 1)
        from nc in Gen.Choose(0, 2)
        from nfa in Gen.Choose(0, 2)
        from nfb in Gen.Choose(0, 2)
        from bSizes in Gen.ArrayOf(Gen.Choose(1, 3), nb)
        from cSizes in Gen.ArrayOf(Gen.Choose(0, 3), nc)
        from faSizes in Gen.ArrayOf(Gen.Choose(1, 3), nfa)
        from fbSizes in Gen.ArrayOf(Gen.Choose(1, 3), nfb)
        from permA in Permutation(nb + nc + nfa)
        from permB in Permutation(nb + nc + nfb)
        let roleA = Roles(nb, nc, nfa)
        let roleB = Roles(nb, nc, nfb)
        // position i of operand A holds role roleA[permA[i]]
        let shapeA = permA.Select(r => SizeOf(roleA[r], bSizes, cSizes, faSizes)).ToArray()
        let shapeB = permB.Select(r => SizeOf(roleB[r], bSizes, cSizes, fbSizes)).ToArray()
        let lc = Enumerable.Range(0, nc).Select(j => System.Array.IndexOf(permA, nb + j)).ToArray()
        let rc = Enumerable.Range(0, nc).Select(j => System.Array.IndexOf(permB, nb + j)).ToArray()
        let lb = Enumerable.Range(0, nb).Select(j => System.Array.IndexOf(permA, j)).ToArray()
        let rb = Enumerable.Range(0, nb).Select(j => System.Array.IndexOf(permB, j)).ToArray()
        from a in Array(shapeA, Any)
        from b in Array(shapeB, Any)
        select new PrimitiveCase($"dot_general contract {Fmt(lc)}x{Fmt(rc)} batch {Fmt(lb)}x{Fmt(rb)}", new[] { a, b },
            x => Ops.DotGeneral(x[0], x[1], new IntTuple(lc), new IntTuple(rc), new IntTuple(lb), new IntTuple(rb)));

    private static (char Kind, int Index)[] Roles(int nb, int nc, int nf) =>
        Enumerable.Range(0, nb).Select(i => ('b', i)).Concat(Enumerable.Range(0, nc).Select(i => ('c', i)))
            .Concat(Enumerable.Range(0, nf).Select(i => ('f', i))).ToArray();

    private static int SizeOf((char Kind, int Index) role, int[] b, int[] c, int[] f) =>
        role.Kind == 'b' ? b[role.Index] : role.Kind == 'c' ? c[role.Index] : f[role.Index];

    private static Gen<PrimitiveCase> Iota() =>
        from shape in Shape(allowEmpty: true).Where(s => s.Length > 0)
        from dim in Gen.Choose(0, shape.Length - 1)
        from dtype in Gen.Elements(DType.Int32, DType.Float64)
        select new PrimitiveCase($"iota {Fmt(shape)} dim={dim} {dtype}", System.Array.Empty<NDArray>(), _ => Ops.Iota(dtype, new Shape(shape), dim));

    /// <summary>threefry_random_bits of one key or a batch of keys (u32[..., 2]), odd and even counts, none included.</summary>
    private static Gen<PrimitiveCase> ThreefryRandomBits() =>
        from batch in Shape(allowEmpty: true).Where(s => s.Length <= 2)
        from count in Gen.Choose(0, 41)
        from key in Array(batch.Append(2).ToArray(), Grid(0))
        select new PrimitiveCase($"threefry_random_bits keys {Fmt(batch)} count={count}", new[] { key }, a =>
            Ops.ThreefryRandomBits(As(a[0], DType.UInt32), count));

    /// <summary>threefry2x32 on u32 counters with keys of their shape or 0-d keys; both words, side by side on a last axis.</summary>
    private static Gen<PrimitiveCase> Threefry() =>
        from shape in Shape(allowEmpty: true)
        from scalarKeys in Gen.Elements(true, false)
        from k0 in Array(scalarKeys ? System.Array.Empty<int>() : shape, Grid(0))
        from k1 in Array(scalarKeys ? System.Array.Empty<int>() : shape, Grid(0))
        from x0 in Array(shape, Grid(0))
        from x1 in Array(shape, Grid(0))
        select new PrimitiveCase($"threefry2x32 scalar keys={scalarKeys}", new[] { k0, k1, x0, x1 }, a =>
        {
            var (y0, y1) = Ops.Threefry2x32(As(a[0], DType.UInt32), As(a[1], DType.UInt32), As(a[2], DType.UInt32), As(a[3], DType.UInt32));
            var column = new Shape(shape.Append(1).ToArray());
            return Ops.Concatenate(new[] { Ops.Reshape(y0, column), Ops.Reshape(y1, column) }, shape.Length);
        });
}
