namespace Functional.AD.FSharp

open System
open Functional.AD

/// <summary>
/// <c>jax.numpy</c> for F#: one lower-camelCase function per method of the core's <c>Functional.AD.Np</c>, calling it.
/// </summary>
/// <remarks>
/// Conventions: the operated-on array comes last, so <c>x |> Np.sum</c> and <c>x |> Np.clip lo hi</c> pipe; functions
/// of several arrays keep numpy's order (<c>Np.where c x y</c>, <c>Np.power x y</c>). The plain name has JAX's
/// defaults (<c>Np.sum x</c>: all axes); <c>…Axis</c> takes the one axis (<c>Np.sumAxis 0 x</c>); <c>…With</c> takes
/// every parameter of the core method in its order, the array last (<c>Np.sumWith (Some 0) true x</c>,
/// <c>Np.zerosWith [3; 4] DType.Float32</c>). Shapes and axes lists are any <c>seq&lt;int&gt;</c> (lists or arrays).
/// </remarks>
[<RequireQualifiedAccess>]
module Np =

    // ---------------------------------------------------------------- creation

    /// <summary>
    /// A 1-d array of the values (<c>jnp.array</c>): <c>float</c> values make f64, <c>float32</c> f32, <c>int</c> i32,
    /// <c>bool</c> bool, <c>int64</c> i64, <c>byte</c> u8, <c>uint32</c> u32, <c>Half</c> f16, <c>BFloat16</c> bf16:
    /// <c>Np.array [1.0; 2.0]</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The element type is none of these.</exception>
    let array (values: seq<'T>) : NDArray =
        match box (Seq.toArray values) with
        | :? (float[]) as d -> Functional.AD.Np.Array d
        | :? (float32[]) as f -> Functional.AD.Np.Array f
        | :? (int[]) as i -> Functional.AD.Np.Array i
        | :? (bool[]) as b -> Functional.AD.Np.Array b
        | :? (int64[]) as l -> Functional.AD.Np.Array l
        | :? (byte[]) as u8 -> Functional.AD.Np.Array u8
        | :? (uint32[]) as u32 -> Functional.AD.Np.Array u32
        | :? (Half[]) as h -> Functional.AD.Np.Array h
        | :? (BFloat16[]) as bf -> Functional.AD.Np.Array bf
        | _ -> invalidArg "values" $"Np.array: the values must be float, float32, int, bool, int64, byte, uint32, Half or BFloat16, not {typeof<'T>.Name}"

    /// <summary>A 2-d array of the rows (<c>Np.array2 [[1.0; 2.0]; [3.0; 4.0]]</c>): <c>float</c> rows make f64, <c>float32</c> f32.</summary>
    /// <exception cref="ArgumentException">The rows have different lengths, or the element type is neither.</exception>
    let array2 (rows: seq<#seq<'T>>) : NDArray =
        let values = array2D rows
        match box values with
        | :? (float[,]) as d -> Functional.AD.Np.Array d
        | :? (float32[,]) as f -> Functional.AD.Np.Array f
        | _ -> invalidArg "rows" $"Np.array2: the values must be float or float32, not {typeof<'T>.Name}"

    /// <summary>An array of the given shape from row-major data (float: f64, float32: f32, int: i32, bool: bool, int64: i64, byte: u8, uint32: u32, Half: f16, BFloat16: bf16).</summary>
    let fromFlat (shape: seq<int>) (data: 'T[]) : NDArray =
        let dims = Seq.toArray shape
        match box data with
        | :? (float[]) as d -> Functional.AD.Np.FromFlat(d, dims)
        | :? (float32[]) as f -> Functional.AD.Np.FromFlat(f, dims)
        | :? (int[]) as i -> Functional.AD.Np.FromFlat(i, dims)
        | :? (bool[]) as b -> Functional.AD.Np.FromFlat(b, dims)
        | :? (int64[]) as l -> Functional.AD.Np.FromFlat(l, dims)
        | :? (byte[]) as u8 -> Functional.AD.Np.FromFlat(u8, dims)
        | :? (uint32[]) as u32 -> Functional.AD.Np.FromFlat(u32, dims)
        | :? (Half[]) as h -> Functional.AD.Np.FromFlat(h, dims)
        | :? (BFloat16[]) as bf -> Functional.AD.Np.FromFlat(bf, dims)
        | _ -> invalidArg "data" $"Np.fromFlat: the data must be float, float32, int, bool, int64, byte, uint32, Half or BFloat16, not {typeof<'T>.Name}"

    /// <summary>A strongly-typed 0-d array (float: f64, float32: f32, int: i32, bool: bool, int64: i64, byte: u8, uint32: u32, Half: f16, BFloat16: bf16).</summary>
    let scalar (value: 'T) : NDArray =
        match box value with
        | :? float as d -> Functional.AD.Np.Scalar d
        | :? float32 as f -> Functional.AD.Np.Scalar f
        | :? int as i -> Functional.AD.Np.Scalar i
        | :? bool as b -> Functional.AD.Np.Scalar b
        | :? int64 as l -> Functional.AD.Np.Scalar l
        | :? byte as u8 -> Functional.AD.Np.Scalar u8
        | :? uint32 as u32 -> Functional.AD.Np.Scalar u32
        | :? Half as h -> Functional.AD.Np.Scalar h
        | :? BFloat16 as bf -> Functional.AD.Np.Scalar bf
        | _ -> invalidArg "value" $"Np.scalar: the value must be float, float32, int, bool, int64, byte, uint32, Half or BFloat16, not {typeof<'T>.Name}"

    /// <summary>Zeros of the shape, f64.</summary>
    let zeros (shape: seq<int>) : NDArray = Functional.AD.Np.Zeros(Seq.toArray shape, DType.Float64)

    /// <summary>Zeros of the shape and dtype.</summary>
    let zerosWith (shape: seq<int>) (dtype: DType) : NDArray = Functional.AD.Np.Zeros(Seq.toArray shape, dtype)

    /// <summary>Ones of the shape, f64.</summary>
    let ones (shape: seq<int>) : NDArray = Functional.AD.Np.Ones(Seq.toArray shape, DType.Float64)

    /// <summary>Ones of the shape and dtype.</summary>
    let onesWith (shape: seq<int>) (dtype: DType) : NDArray = Functional.AD.Np.Ones(Seq.toArray shape, dtype)

    /// <summary>An f64 array of the shape filled with the value.</summary>
    let full (shape: seq<int>) (value: float) : NDArray = Functional.AD.Np.Full(Seq.toArray shape, value, DType.Float64)

    /// <summary>An array of the shape and dtype filled with the value.</summary>
    let fullWith (shape: seq<int>) (value: float) (dtype: DType) : NDArray = Functional.AD.Np.Full(Seq.toArray shape, value, dtype)

    /// <summary>Zeros of the shape and dtype of <paramref name="x"/>.</summary>
    let zerosLike (x: NDArray) : NDArray = Functional.AD.Np.ZerosLike x

    /// <summary>Ones of the shape and dtype of <paramref name="x"/>.</summary>
    let onesLike (x: NDArray) : NDArray = Functional.AD.Np.OnesLike x

    /// <summary><c>[0, 1, ..., stop - 1]</c>, i32.</summary>
    let arange (stop: int) : NDArray = Functional.AD.Np.Arange stop

    /// <summary><paramref name="num"/> evenly spaced f64 values from <paramref name="start"/> to <paramref name="stop"/> inclusive.</summary>
    let linspace (start: float) (stop: float) (num: int) : NDArray = Functional.AD.Np.Linspace(start, stop, num, DType.Float64)

    /// <summary><paramref name="num"/> evenly spaced values of the dtype from <paramref name="start"/> to <paramref name="stop"/> inclusive.</summary>
    let linspaceWith (start: float) (stop: float) (num: int) (dtype: DType) : NDArray = Functional.AD.Np.Linspace(start, stop, num, dtype)

    /// <summary>The n×n identity, f64.</summary>
    let eye (n: int) : NDArray = Functional.AD.Np.Eye(n, DType.Float64)

    /// <summary>The n×n identity of the dtype.</summary>
    let eyeWith (n: int) (dtype: DType) : NDArray = Functional.AD.Np.Eye(n, dtype)

    // ---------------------------------------------------------------- elementwise (broadcasting)

    /// <summary><c>a + b</c>, broadcasting.</summary>
    let add (a: NDArray) (b: NDArray) : NDArray = Functional.AD.Np.Add(a, b)

    /// <summary><c>a - b</c>, broadcasting.</summary>
    let subtract (a: NDArray) (b: NDArray) : NDArray = Functional.AD.Np.Subtract(a, b)

    /// <summary><c>a * b</c>, broadcasting.</summary>
    let multiply (a: NDArray) (b: NDArray) : NDArray = Functional.AD.Np.Multiply(a, b)

    /// <summary><c>a / b</c>, broadcasting (true division).</summary>
    let divide (a: NDArray) (b: NDArray) : NDArray = Functional.AD.Np.Divide(a, b)

    /// <summary><c>-x</c>.</summary>
    let negative (x: NDArray) : NDArray = Functional.AD.Np.Negative x

    /// <summary><c>x</c> to the power <c>y</c>, broadcasting.</summary>
    let power (x: NDArray) (y: NDArray) : NDArray = Functional.AD.Np.Power(x, y)

    /// <summary><c>x * x</c>.</summary>
    let square (x: NDArray) : NDArray = Functional.AD.Np.Square x

    /// <summary>Square root.</summary>
    let sqrt (x: NDArray) : NDArray = Functional.AD.Np.Sqrt x

    /// <summary><c>1 / x</c>.</summary>
    let reciprocal (x: NDArray) : NDArray = Functional.AD.Np.Reciprocal x

    /// <summary>Exponential.</summary>
    let exp (x: NDArray) : NDArray = Functional.AD.Np.Exp x

    /// <summary>Natural logarithm.</summary>
    let log (x: NDArray) : NDArray = Functional.AD.Np.Log x

    /// <summary><c>log(1 + x)</c>, accurate near 0.</summary>
    let log1p (x: NDArray) : NDArray = Functional.AD.Np.Log1p x

    /// <summary><c>exp(x) - 1</c>, accurate near 0.</summary>
    let expm1 (x: NDArray) : NDArray = Functional.AD.Np.Expm1 x

    /// <summary>Sine.</summary>
    let sin (x: NDArray) : NDArray = Functional.AD.Np.Sin x

    /// <summary>Cosine.</summary>
    let cos (x: NDArray) : NDArray = Functional.AD.Np.Cos x

    /// <summary>Tangent.</summary>
    let tan (x: NDArray) : NDArray = Functional.AD.Np.Tan x

    /// <summary>Hyperbolic tangent.</summary>
    let tanh (x: NDArray) : NDArray = Functional.AD.Np.Tanh x

    /// <summary>Inverse tangent.</summary>
    let arctan (x: NDArray) : NDArray = Functional.AD.Np.Arctan x

    /// <summary>Absolute value.</summary>
    let abs (x: NDArray) : NDArray = Functional.AD.Np.Abs x

    /// <summary>Floor (the derivative is zero).</summary>
    let floor (x: NDArray) : NDArray = Functional.AD.Np.Floor x

    /// <summary>-1, 0 or 1 by the sign.</summary>
    let sign (x: NDArray) : NDArray = Functional.AD.Np.Sign x

    /// <summary>Ceiling (integers unchanged; the derivative is zero).</summary>
    let ceil (x: NDArray) : NDArray = Functional.AD.Np.Ceil x

    /// <summary>The nearest integer, halves to even (<c>jnp.round</c> with decimals = 0).</summary>
    let round (x: NDArray) : NDArray = Functional.AD.Np.Round x

    /// <summary>Rounds to <paramref name="decimals"/> decimal places, halves to even (<c>jnp.round(x, decimals)</c>).</summary>
    let roundTo (decimals: int) (x: NDArray) : NDArray = Functional.AD.Np.Round(x, decimals)

    /// <summary>Rounds toward zero (<c>jnp.trunc</c>).</summary>
    let trunc (x: NDArray) : NDArray = Functional.AD.Np.Trunc x

    /// <summary>Rounds toward zero (<c>jnp.fix</c>).</summary>
    let fix (x: NDArray) : NDArray = Functional.AD.Np.Fix x

    /// <summary>Hyperbolic sine.</summary>
    let sinh (x: NDArray) : NDArray = Functional.AD.Np.Sinh x

    /// <summary>Hyperbolic cosine.</summary>
    let cosh (x: NDArray) : NDArray = Functional.AD.Np.Cosh x

    /// <summary>Arcsine.</summary>
    let arcsin (x: NDArray) : NDArray = Functional.AD.Np.Arcsin x

    /// <summary>Arccosine.</summary>
    let arccos (x: NDArray) : NDArray = Functional.AD.Np.Arccos x

    /// <summary>Inverse hyperbolic sine.</summary>
    let arcsinh (x: NDArray) : NDArray = Functional.AD.Np.Arcsinh x

    /// <summary>Inverse hyperbolic cosine.</summary>
    let arccosh (x: NDArray) : NDArray = Functional.AD.Np.Arccosh x

    /// <summary>Inverse hyperbolic tangent.</summary>
    let arctanh (x: NDArray) : NDArray = Functional.AD.Np.Arctanh x

    /// <summary>Real cube root.</summary>
    let cbrt (x: NDArray) : NDArray = Functional.AD.Np.Cbrt x

    /// <summary><c>2^x</c>.</summary>
    let exp2 (x: NDArray) : NDArray = Functional.AD.Np.Exp2 x

    /// <summary>Base-2 logarithm.</summary>
    let log2 (x: NDArray) : NDArray = Functional.AD.Np.Log2 x

    /// <summary>Base-10 logarithm.</summary>
    let log10 (x: NDArray) : NDArray = Functional.AD.Np.Log10 x

    /// <summary>The elementwise larger of <c>a</c> and <c>b</c>.</summary>
    let maximum (a: NDArray) (b: NDArray) : NDArray = Functional.AD.Np.Maximum(a, b)

    /// <summary>The elementwise smaller of <c>a</c> and <c>b</c>.</summary>
    let minimum (a: NDArray) (b: NDArray) : NDArray = Functional.AD.Np.Minimum(a, b)

    /// <summary><paramref name="x"/> clamped to [<paramref name="min"/>, <paramref name="max"/>] (the bounds first, for <c>x |> Np.clip lo hi</c>).</summary>
    let clip (min: NDArray) (max: NDArray) (x: NDArray) : NDArray = Functional.AD.Np.Clip(x, min, max)

    /// <summary><c>x</c> where <paramref name="condition"/> holds, else <c>y</c>, broadcasting.</summary>
    let where (condition: NDArray) (x: NDArray) (y: NDArray) : NDArray = Functional.AD.Np.Where(condition, x, y)

    /// <summary><c>a == b</c> elementwise (bool).</summary>
    let equal (a: NDArray) (b: NDArray) : NDArray = Functional.AD.Np.Equal(a, b)

    /// <summary><c>a != b</c> elementwise (bool).</summary>
    let notEqual (a: NDArray) (b: NDArray) : NDArray = Functional.AD.Np.NotEqual(a, b)

    /// <summary><c>a &lt; b</c> elementwise (bool).</summary>
    let less (a: NDArray) (b: NDArray) : NDArray = Functional.AD.Np.Less(a, b)

    /// <summary><c>a &lt;= b</c> elementwise (bool).</summary>
    let lessEqual (a: NDArray) (b: NDArray) : NDArray = Functional.AD.Np.LessEqual(a, b)

    /// <summary><c>a &gt; b</c> elementwise (bool).</summary>
    let greater (a: NDArray) (b: NDArray) : NDArray = Functional.AD.Np.Greater(a, b)

    /// <summary><c>a &gt;= b</c> elementwise (bool).</summary>
    let greaterEqual (a: NDArray) (b: NDArray) : NDArray = Functional.AD.Np.GreaterEqual(a, b)

    /// <summary>True where <paramref name="x"/> is neither infinite nor NaN.</summary>
    let isFinite (x: NDArray) : NDArray = Functional.AD.Np.IsFinite x

    /// <summary>The angle of the point (x2, x1) (<c>jnp.arctan2</c>).</summary>
    let arctan2 (x1: NDArray) (x2: NDArray) : NDArray = Functional.AD.Np.Arctan2(x1, x2)

    /// <summary>sqrt(x1² + x2²) without overflow in between (<c>jnp.hypot</c>).</summary>
    let hypot (x1: NDArray) (x2: NDArray) : NDArray = Functional.AD.Np.Hypot(x1, x2)

    /// <summary>log(e^x1 + e^x2) without overflow (<c>jnp.logaddexp</c>).</summary>
    let logAddExp (x1: NDArray) (x2: NDArray) : NDArray = Functional.AD.Np.LogAddExp(x1, x2)

    /// <summary>log2(2^x1 + 2^x2) without overflow (<c>jnp.logaddexp2</c>).</summary>
    let logAddExp2 (x1: NDArray) (x2: NDArray) : NDArray = Functional.AD.Np.LogAddExp2(x1, x2)

    /// <summary>The remainder with the sign of x1 (<c>jnp.fmod</c>).</summary>
    let fmod (x1: NDArray) (x2: NDArray) : NDArray = Functional.AD.Np.Fmod(x1, x2)

    /// <summary>The remainder with the sign of x2 (<c>jnp.remainder</c>, Python's %).</summary>
    let remainder (x1: NDArray) (x2: NDArray) : NDArray = Functional.AD.Np.Remainder(x1, x2)

    /// <summary>Sorted along the last axis, ascending, NaN last (<c>jnp.sort</c>); see <c>sortAlong</c> for other axes.</summary>
    let sort (a: NDArray) : NDArray = Functional.AD.Np.Sort a

    /// <summary>Sorted along <paramref name="axis"/> (None: flattened), ascending or descending (<c>jnp.sort</c>).</summary>
    let sortAlong (axis: int option) (descending: bool) (a: NDArray) : NDArray =
        Functional.AD.Np.Sort(a, Option.toNullable axis, true, descending)

    /// <summary>The indices that sort the last axis (<c>jnp.argsort</c>), int32, stable.</summary>
    let argSort (a: NDArray) : NDArray = Functional.AD.Np.ArgSort a

    /// <summary>The indices that sort along <paramref name="axis"/> (None: flattened), stable (<c>jnp.argsort</c>).</summary>
    let argSortAlong (axis: int option) (descending: bool) (a: NDArray) : NDArray =
        Functional.AD.Np.ArgSort(a, Option.toNullable axis, true, descending)

    /// <summary>Insertion indices of <paramref name="v"/> into the sorted 1-d <paramref name="a"/>, side "left" (<c>jnp.searchsorted</c>).</summary>
    let searchSorted (a: NDArray) (v: NDArray) : NDArray = Functional.AD.Np.SearchSorted(a, v)

    /// <summary>Indices that sort by several keys, the last key primary (<c>jnp.lexsort</c>).</summary>
    let lexsort (keys: NDArray list) : NDArray = Functional.AD.Np.Lexsort(List.toArray keys)

    /// <summary>An arrangement with the kth element in sorted position along the last axis (<c>jnp.partition</c>).</summary>
    let partition (kth: int) (a: NDArray) : NDArray = Functional.AD.Np.Partition(a, kth)

    /// <summary>The indices of <c>partition</c>'s arrangement (<c>jnp.argpartition</c>).</summary>
    let argPartition (kth: int) (a: NDArray) : NDArray = Functional.AD.Np.ArgPartition(a, kth)

    /// <summary>The distinct values, ascending, padded to the static <paramref name="size"/> (<c>jnp.unique(ar, size=size)</c>).</summary>
    let unique (size: int) (ar: NDArray) : NDArray = Functional.AD.Np.Unique(ar, size)

    /// <summary>The same as <c>remainder</c> (<c>jnp.mod</c>; <c>mod</c> is an F# keyword, so call it as <c>Np.``mod``</c>).</summary>
    let ``mod`` (x1: NDArray) (x2: NDArray) : NDArray = Functional.AD.Np.Mod(x1, x2)

    /// <summary>The floor of x1 / x2 (<c>jnp.floor_divide</c>).</summary>
    let floorDivide (x1: NDArray) (x2: NDArray) : NDArray = Functional.AD.Np.FloorDivide(x1, x2)

    /// <summary>Logical and of the truth values (<c>jnp.logical_and</c>).</summary>
    let logicalAnd (x1: NDArray) (x2: NDArray) : NDArray = Functional.AD.Np.LogicalAnd(x1, x2)

    /// <summary>Logical or of the truth values (<c>jnp.logical_or</c>).</summary>
    let logicalOr (x1: NDArray) (x2: NDArray) : NDArray = Functional.AD.Np.LogicalOr(x1, x2)

    /// <summary>Logical xor of the truth values (<c>jnp.logical_xor</c>).</summary>
    let logicalXor (x1: NDArray) (x2: NDArray) : NDArray = Functional.AD.Np.LogicalXor(x1, x2)

    /// <summary>Bitwise and of int32 arrays, logical and of bools (<c>jnp.bitwise_and</c>).</summary>
    let bitwiseAnd (x1: NDArray) (x2: NDArray) : NDArray = Functional.AD.Np.BitwiseAnd(x1, x2)

    /// <summary>Bitwise or of int32 arrays, logical or of bools (<c>jnp.bitwise_or</c>).</summary>
    let bitwiseOr (x1: NDArray) (x2: NDArray) : NDArray = Functional.AD.Np.BitwiseOr(x1, x2)

    /// <summary>Bitwise xor of int32 arrays, logical xor of bools (<c>jnp.bitwise_xor</c>).</summary>
    let bitwiseXor (x1: NDArray) (x2: NDArray) : NDArray = Functional.AD.Np.BitwiseXor(x1, x2)

    /// <summary>x1 shifted left by x2 bits (<c>jnp.left_shift</c>); integers only.</summary>
    let leftShift (x1: NDArray) (x2: NDArray) : NDArray = Functional.AD.Np.LeftShift(x1, x2)

    /// <summary>x1 shifted right by x2 bits (<c>jnp.right_shift</c>): arithmetic for signed, logical for unsigned integers.</summary>
    let rightShift (x1: NDArray) (x2: NDArray) : NDArray = Functional.AD.Np.RightShift(x1, x2)

    /// <summary>|x1| with the sign of x2 (<c>jnp.copysign</c>).</summary>
    let copySign (x1: NDArray) (x2: NDArray) : NDArray = Functional.AD.Np.CopySign(x1, x2)

    /// <summary>The Heaviside step of x1, x2 where x1 = 0 (<c>jnp.heaviside</c>).</summary>
    let heaviside (x1: NDArray) (x2: NDArray) : NDArray = Functional.AD.Np.Heaviside(x1, x2)

    /// <summary>Degrees to radians.</summary>
    let deg2Rad (x: NDArray) : NDArray = Functional.AD.Np.Deg2Rad x

    /// <summary>Radians to degrees.</summary>
    let rad2Deg (x: NDArray) : NDArray = Functional.AD.Np.Rad2Deg x

    /// <summary>Degrees to radians (<c>jnp.radians</c>).</summary>
    let radians (x: NDArray) : NDArray = Functional.AD.Np.Radians x

    /// <summary>Radians to degrees (<c>jnp.degrees</c>).</summary>
    let degrees (x: NDArray) : NDArray = Functional.AD.Np.Degrees x

    /// <summary>sin(πx) / (πx), 1 at 0 (<c>jnp.sinc</c>).</summary>
    let sinc (x: NDArray) : NDArray = Functional.AD.Np.Sinc x

    /// <summary>Logical not of the truth value (<c>jnp.logical_not</c>).</summary>
    let logicalNot (x: NDArray) : NDArray = Functional.AD.Np.LogicalNot x

    /// <summary>~x on int32, not on bools (<c>jnp.bitwise_not</c>).</summary>
    let bitwiseNot (x: NDArray) : NDArray = Functional.AD.Np.BitwiseNot x

    /// <summary>The same as <c>bitwiseNot</c> (<c>jnp.invert</c>).</summary>
    let invert (x: NDArray) : NDArray = Functional.AD.Np.Invert x

    /// <summary>True where x is NaN.</summary>
    let isNan (x: NDArray) : NDArray = Functional.AD.Np.IsNan x

    /// <summary>True where x is ±inf.</summary>
    let isInf (x: NDArray) : NDArray = Functional.AD.Np.IsInf x

    /// <summary>True where x is +inf.</summary>
    let isPosInf (x: NDArray) : NDArray = Functional.AD.Np.IsPosInf x

    /// <summary>True where x is -inf.</summary>
    let isNegInf (x: NDArray) : NDArray = Functional.AD.Np.IsNegInf x

    /// <summary>True where the sign bit is set (-0 included).</summary>
    let signBit (x: NDArray) : NDArray = Functional.AD.Np.SignBit x

    /// <summary>NaN to 0 and ±inf to the largest finite values (<c>jnp.nan_to_num</c> with its defaults).</summary>
    let nanToNum (x: NDArray) : NDArray = Functional.AD.Np.NanToNum x

    // ---------------------------------------------------------------- reductions

    /// <summary>The sum along <paramref name="axis"/> (<c>None</c>: all axes), keeping the reduced axes with size 1 when <paramref name="keepDims"/>.</summary>
    let sumWith (axis: int option) (keepDims: bool) (x: NDArray) : NDArray = Functional.AD.Np.Sum(x, Option.toNullable axis, keepDims)

    /// <summary>The sum over all elements (a 0-d array).</summary>
    let sum (x: NDArray) : NDArray = sumWith None false x

    /// <summary>The sum along <paramref name="axis"/> (negative counts from the end).</summary>
    let sumAxis (axis: int) (x: NDArray) : NDArray = sumWith (Some axis) false x

    /// <summary>The mean along <paramref name="axis"/> (<c>None</c>: all axes), keeping the reduced axes with size 1 when <paramref name="keepDims"/>.</summary>
    let meanWith (axis: int option) (keepDims: bool) (x: NDArray) : NDArray = Functional.AD.Np.Mean(x, Option.toNullable axis, keepDims)

    /// <summary>The mean over all elements (a 0-d array).</summary>
    let mean (x: NDArray) : NDArray = meanWith None false x

    /// <summary>The mean along <paramref name="axis"/> (negative counts from the end).</summary>
    let meanAxis (axis: int) (x: NDArray) : NDArray = meanWith (Some axis) false x

    /// <summary>The largest elements along <paramref name="axis"/> (<c>None</c>: all axes), keeping the reduced axes with size 1 when <paramref name="keepDims"/>.</summary>
    let maxWith (axis: int option) (keepDims: bool) (x: NDArray) : NDArray = Functional.AD.Np.Max(x, Option.toNullable axis, keepDims)

    /// <summary>The largest elements over all elements (a 0-d array).</summary>
    let max (x: NDArray) : NDArray = maxWith None false x

    /// <summary>The largest elements along <paramref name="axis"/> (negative counts from the end).</summary>
    let maxAxis (axis: int) (x: NDArray) : NDArray = maxWith (Some axis) false x

    /// <summary>The smallest elements along <paramref name="axis"/> (<c>None</c>: all axes), keeping the reduced axes with size 1 when <paramref name="keepDims"/>.</summary>
    let minWith (axis: int option) (keepDims: bool) (x: NDArray) : NDArray = Functional.AD.Np.Min(x, Option.toNullable axis, keepDims)

    /// <summary>The smallest elements over all elements (a 0-d array).</summary>
    let min (x: NDArray) : NDArray = minWith None false x

    /// <summary>The smallest elements along <paramref name="axis"/> (negative counts from the end).</summary>
    let minAxis (axis: int) (x: NDArray) : NDArray = minWith (Some axis) false x

    /// <summary>The product along <paramref name="axis"/> (<c>None</c>: all axes), keeping the reduced axes with size 1 when <paramref name="keepDims"/>.</summary>
    let prodWith (axis: int option) (keepDims: bool) (x: NDArray) : NDArray = Functional.AD.Np.Prod(x, Option.toNullable axis, keepDims)

    /// <summary>The product over all elements (a 0-d array).</summary>
    let prod (x: NDArray) : NDArray = prodWith None false x

    /// <summary>The product along <paramref name="axis"/> (negative counts from the end).</summary>
    let prodAxis (axis: int) (x: NDArray) : NDArray = prodWith (Some axis) false x

    /// <summary>The index of the largest element along <paramref name="axis"/> (i32).</summary>
    let argMax (axis: int) (x: NDArray) : NDArray = Functional.AD.Np.ArgMax(x, axis)

    /// <summary>The running sum along <paramref name="axis"/>.</summary>
    let cumsum (axis: int) (x: NDArray) : NDArray = Functional.AD.Np.Cumsum(x, axis)

    /// <summary>The running sum along <paramref name="axis"/> (<c>None</c>: over the flattened array).</summary>
    let cumsumWith (axis: int option) (x: NDArray) : NDArray = Functional.AD.Np.Cumsum(x, Option.toNullable axis)

    /// <summary>The running product over the flattened array.</summary>
    let cumprod (x: NDArray) : NDArray = Functional.AD.Np.Cumprod(x, Nullable())

    /// <summary>The running product along <paramref name="axis"/>.</summary>
    let cumprodAxis (axis: int) (x: NDArray) : NDArray = Functional.AD.Np.Cumprod(x, Nullable axis)

    /// <summary>The sum over the axes (a tuple in JAX).</summary>
    let sumAxes (axes: seq<int>) (x: NDArray) : NDArray = Functional.AD.Np.Sum(x, Seq.toArray axes)

    /// <summary>The sum of the elements where <paramref name="where"/> holds, along <paramref name="axis"/> (<c>None</c>: all axes).</summary>
    let sumWhere (axis: int option) (keepDims: bool) (where: NDArray) (x: NDArray) : NDArray =
        Functional.AD.Np.Sum(x, Option.toNullable axis, keepDims, null, where)

    /// <summary>The mean over the axes.</summary>
    let meanAxes (axes: seq<int>) (x: NDArray) : NDArray = Functional.AD.Np.Mean(x, Seq.toArray axes)

    /// <summary>The mean of the elements where <paramref name="where"/> holds, along <paramref name="axis"/> (<c>None</c>: all axes).</summary>
    let meanWhere (axis: int option) (keepDims: bool) (where: NDArray) (x: NDArray) : NDArray =
        Functional.AD.Np.Mean(x, Option.toNullable axis, keepDims, where)

    /// <summary>The largest elements over the axes.</summary>
    let maxAxes (axes: seq<int>) (x: NDArray) : NDArray = Functional.AD.Np.Max(x, Seq.toArray axes)

    /// <summary>The smallest elements over the axes.</summary>
    let minAxes (axes: seq<int>) (x: NDArray) : NDArray = Functional.AD.Np.Min(x, Seq.toArray axes)

    /// <summary>The product over the axes.</summary>
    let prodAxes (axes: seq<int>) (x: NDArray) : NDArray = Functional.AD.Np.Prod(x, Seq.toArray axes)

    /// <summary>The index (i32) of the largest element along <paramref name="axis"/> (<c>None</c>: into the flattened array).</summary>
    let argMaxWith (axis: int option) (keepDims: bool) (x: NDArray) : NDArray = Functional.AD.Np.ArgMax(x, Option.toNullable axis, keepDims)

    /// <summary>The index (i32) of the smallest element along <paramref name="axis"/>.</summary>
    let argMin (axis: int) (x: NDArray) : NDArray = Functional.AD.Np.ArgMin(x, Nullable axis)

    /// <summary>The index (i32) of the smallest element along <paramref name="axis"/> (<c>None</c>: into the flattened array).</summary>
    let argMinWith (axis: int option) (keepDims: bool) (x: NDArray) : NDArray = Functional.AD.Np.ArgMin(x, Option.toNullable axis, keepDims)

    /// <summary>Whether any element is nonzero (a 0-d bool).</summary>
    let any (x: NDArray) : NDArray = Functional.AD.Np.Any(x, Nullable())

    /// <summary>Whether any element along <paramref name="axis"/> (<c>None</c>: all axes) is nonzero.</summary>
    let anyWith (axis: int option) (keepDims: bool) (x: NDArray) : NDArray = Functional.AD.Np.Any(x, Option.toNullable axis, keepDims)

    /// <summary>Whether every element is nonzero (a 0-d bool).</summary>
    let all (x: NDArray) : NDArray = Functional.AD.Np.All(x, Nullable())

    /// <summary>Whether every element along <paramref name="axis"/> (<c>None</c>: all axes) is nonzero.</summary>
    let allWith (axis: int option) (keepDims: bool) (x: NDArray) : NDArray = Functional.AD.Np.All(x, Option.toNullable axis, keepDims)

    /// <summary>The number (i32) of nonzero elements.</summary>
    let countNonzero (x: NDArray) : NDArray = Functional.AD.Np.CountNonzero(x, Nullable())

    /// <summary>The number (i32) of nonzero elements along <paramref name="axis"/> (<c>None</c>: all axes).</summary>
    let countNonzeroWith (axis: int option) (keepDims: bool) (x: NDArray) : NDArray = Functional.AD.Np.CountNonzero(x, Option.toNullable axis, keepDims)

    /// <summary>The variance of all elements.</summary>
    let var (x: NDArray) : NDArray = Functional.AD.Np.Var(x, Nullable())

    /// <summary>The variance along <paramref name="axis"/> (<c>None</c>: all axes) with divisor count - <paramref name="ddof"/>.</summary>
    let varWith (axis: int option) (ddof: int) (keepDims: bool) (x: NDArray) : NDArray = Functional.AD.Np.Var(x, Option.toNullable axis, ddof, keepDims)

    /// <summary>The standard deviation of all elements.</summary>
    let std (x: NDArray) : NDArray = Functional.AD.Np.Std(x, Nullable())

    /// <summary>The standard deviation along <paramref name="axis"/> (<c>None</c>: all axes) with divisor count - <paramref name="ddof"/>.</summary>
    let stdWith (axis: int option) (ddof: int) (keepDims: bool) (x: NDArray) : NDArray = Functional.AD.Np.Std(x, Option.toNullable axis, ddof, keepDims)

    /// <summary>The mean of all elements weighted by <paramref name="weights"/> (the shape of <paramref name="a"/>).</summary>
    let average (weights: NDArray) (a: NDArray) : NDArray = Functional.AD.Np.Average(a, Nullable(), weights)

    /// <summary>The weighted mean along <paramref name="axis"/> (<c>None</c>: all axes); <c>None</c> weights: the mean.</summary>
    let averageWith (axis: int option) (weights: NDArray option) (keepDims: bool) (a: NDArray) : NDArray =
        Functional.AD.Np.Average(a, Option.toNullable axis, Option.toObj weights, keepDims)

    /// <summary>The median of all elements.</summary>
    let median (a: NDArray) : NDArray = Functional.AD.Np.Median(a, Nullable())

    /// <summary>The median along <paramref name="axis"/> (<c>None</c>: all axes).</summary>
    let medianWith (axis: int option) (keepDims: bool) (a: NDArray) : NDArray = Functional.AD.Np.Median(a, Option.toNullable axis, keepDims)

    /// <summary>The <paramref name="q"/>-th quantiles of all elements (linear interpolation).</summary>
    let quantile (q: NDArray) (a: NDArray) : NDArray = Functional.AD.Np.Quantile(a, q, Nullable())

    /// <summary>The <paramref name="q"/>-th quantiles along <paramref name="axis"/> (<c>None</c>: all axes) by JAX's <paramref name="method"/>.</summary>
    let quantileWith (q: NDArray) (axis: int option) (method: string) (keepDims: bool) (a: NDArray) : NDArray =
        Functional.AD.Np.Quantile(a, q, Option.toNullable axis, method, keepDims)

    /// <summary>The <paramref name="q"/>-th percentiles of all elements (linear interpolation).</summary>
    let percentile (q: NDArray) (a: NDArray) : NDArray = Functional.AD.Np.Percentile(a, q, Nullable())

    /// <summary>The <paramref name="q"/>-th percentiles along <paramref name="axis"/> (<c>None</c>: all axes) by JAX's <paramref name="method"/>.</summary>
    let percentileWith (q: NDArray) (axis: int option) (method: string) (keepDims: bool) (a: NDArray) : NDArray =
        Functional.AD.Np.Percentile(a, q, Option.toNullable axis, method, keepDims)

    /// <summary>The sum of the elements that are not NaN.</summary>
    let nanSum (x: NDArray) : NDArray = Functional.AD.Np.NanSum(x, Nullable())

    /// <summary>The sum along <paramref name="axis"/> (<c>None</c>: all axes) of the elements that are not NaN.</summary>
    let nanSumWith (axis: int option) (keepDims: bool) (x: NDArray) : NDArray = Functional.AD.Np.NanSum(x, Option.toNullable axis, keepDims)

    /// <summary>The mean of the elements that are not NaN.</summary>
    let nanMean (x: NDArray) : NDArray = Functional.AD.Np.NanMean(x, Nullable())

    /// <summary>The mean along <paramref name="axis"/> (<c>None</c>: all axes) of the elements that are not NaN.</summary>
    let nanMeanWith (axis: int option) (keepDims: bool) (x: NDArray) : NDArray = Functional.AD.Np.NanMean(x, Option.toNullable axis, keepDims)

    /// <summary>The largest element ignoring NaNs (NaN if all are).</summary>
    let nanMax (x: NDArray) : NDArray = Functional.AD.Np.NanMax(x, Nullable())

    /// <summary>The largest elements along <paramref name="axis"/> (<c>None</c>: all axes) ignoring NaNs.</summary>
    let nanMaxWith (axis: int option) (keepDims: bool) (x: NDArray) : NDArray = Functional.AD.Np.NanMax(x, Option.toNullable axis, keepDims)

    /// <summary>The smallest element ignoring NaNs (NaN if all are).</summary>
    let nanMin (x: NDArray) : NDArray = Functional.AD.Np.NanMin(x, Nullable())

    /// <summary>The smallest elements along <paramref name="axis"/> (<c>None</c>: all axes) ignoring NaNs.</summary>
    let nanMinWith (axis: int option) (keepDims: bool) (x: NDArray) : NDArray = Functional.AD.Np.NanMin(x, Option.toNullable axis, keepDims)

    /// <summary><c>jax.numpy.linalg</c> for F#.</summary>
    [<RequireQualifiedAccess>]
    module Linalg =

        /// <summary>The 2-norm of all elements (<c>jnp.linalg.norm x</c>).</summary>
        let norm (x: NDArray) : NDArray = Functional.AD.Np.Linalg.Norm(x, Nullable(), Nullable())

        /// <summary>The norm of order <paramref name="ord"/> (<c>None</c>: 2 or Frobenius) over the axes (<c>None</c>: by rank).</summary>
        let normWith (ord: float option) (axis: int list option) (keepDims: bool) (x: NDArray) : NDArray =
            match axis with
            | Some axes -> Functional.AD.Np.Linalg.Norm(x, Option.toNullable ord, List.toArray axes, keepDims)
            | None -> Functional.AD.Np.Linalg.Norm(x, Option.toNullable ord, Nullable(), keepDims)

        /// <summary>The named matrix norm ("fro") over the two axes (<c>None</c>: a 2-d array's).</summary>
        let normNamed (ord: string) (axis: int list option) (keepDims: bool) (x: NDArray) : NDArray =
            Functional.AD.Np.Linalg.Norm(x, ord, (match axis with Some a -> List.toArray a | None -> null), keepDims)

        /// <summary>Eigenvalues (ascending) and eigenvectors (columns) of symmetric matrices (<c>jnp.linalg.eigh</c>, input symmetrized).</summary>
        let eigh (a: NDArray) : NDArray * NDArray =
            let struct (w, v) = Functional.AD.Np.Linalg.Eigh(a)
            w, v

        /// <summary>Eigenvalues (ascending) of symmetric matrices (<c>jnp.linalg.eigvalsh</c>).</summary>
        let eigvalsh (a: NDArray) : NDArray = Functional.AD.Np.Linalg.Eigvalsh(a)

        /// <summary>Singular values, descending (<c>jnp.linalg.svdvals</c>).</summary>
        let svdvals (x: NDArray) : NDArray = Functional.AD.Np.Linalg.Svdvals(x)

    // ---------------------------------------------------------------- linear algebra

    /// <summary><c>numpy.dot</c> for 1-d and 2-d arrays.</summary>
    let dot (a: NDArray) (b: NDArray) : NDArray = Functional.AD.Np.Dot(a, b)

    /// <summary><c>numpy.matmul</c>, batched.</summary>
    let matmul (a: NDArray) (b: NDArray) : NDArray = Functional.AD.Np.Matmul(a, b)

    /// <summary>The outer product of two vectors.</summary>
    let outer (a: NDArray) (b: NDArray) : NDArray = Functional.AD.Np.Outer(a, b)

    // ---------------------------------------------------------------- shape

    /// <summary>The same elements in the shape (one -1 allowed).</summary>
    let reshape (shape: seq<int>) (x: NDArray) : NDArray = Functional.AD.Np.Reshape(x, Seq.toArray shape)

    /// <summary>The axes reversed.</summary>
    let transpose (x: NDArray) : NDArray = Functional.AD.Np.Transpose(x, null)

    /// <summary>The axes permuted: axis i of the result is axis <c>axes[i]</c> of <paramref name="x"/>.</summary>
    let transposeAxes (axes: seq<int>) (x: NDArray) : NDArray = Functional.AD.Np.Transpose(x, Seq.toArray axes)

    /// <summary>A new size-1 axis at <paramref name="axis"/>.</summary>
    let expandDims (axis: int) (x: NDArray) : NDArray = Functional.AD.Np.ExpandDims(x, axis)

    /// <summary>Every size-1 axis removed.</summary>
    let squeeze (x: NDArray) : NDArray = Functional.AD.Np.Squeeze(x, Nullable())

    /// <summary>The size-1 axis <paramref name="axis"/> removed.</summary>
    let squeezeAxis (axis: int) (x: NDArray) : NDArray = Functional.AD.Np.Squeeze(x, Nullable axis)

    /// <summary><paramref name="x"/> broadcast to the shape (numpy rules).</summary>
    let broadcastTo (shape: seq<int>) (x: NDArray) : NDArray = Functional.AD.Np.BroadcastTo(x, Seq.toArray shape)

    /// <summary>The arrays joined along axis 0.</summary>
    let concatenate (arrays: seq<NDArray>) : NDArray = Functional.AD.Np.Concatenate(Seq.toArray arrays, 0)

    /// <summary>The arrays joined along <paramref name="axis"/>.</summary>
    let concatenateAxis (axis: int) (arrays: seq<NDArray>) : NDArray = Functional.AD.Np.Concatenate(Seq.toArray arrays, axis)

    /// <summary>The arrays stacked along a new axis 0.</summary>
    let stack (arrays: seq<NDArray>) : NDArray = Functional.AD.Np.Stack(Seq.toArray arrays, 0)

    /// <summary>The arrays stacked along a new axis <paramref name="axis"/>.</summary>
    let stackAxis (axis: int) (arrays: seq<NDArray>) : NDArray = Functional.AD.Np.Stack(Seq.toArray arrays, axis)

    /// <summary>The elements of <paramref name="x"/> at <paramref name="indices"/> along axis 0 (<c>jnp.take</c>, out-of-range indices give the fill value).</summary>
    let take (indices: NDArray) (x: NDArray) : NDArray = Functional.AD.Np.Take(x, indices, 0, IndexingMode.Fill, Nullable())

    /// <summary>The elements of <paramref name="x"/> at <paramref name="indices"/> along <paramref name="axis"/>.</summary>
    let takeAxis (axis: int) (indices: NDArray) (x: NDArray) : NDArray = Functional.AD.Np.Take(x, indices, axis, IndexingMode.Fill, Nullable())

    /// <summary>The elements at <paramref name="indices"/> along <paramref name="axis"/>, with JAX's <c>mode</c> and <c>fill_value</c> (<c>None</c>: the dtype's default).</summary>
    let takeWith (indices: NDArray) (axis: int) (mode: IndexingMode) (fillValue: float option) (x: NDArray) : NDArray =
        Functional.AD.Np.Take(x, indices, axis, mode, Option.toNullable fillValue)

    /// <summary>
    /// The elements of <paramref name="arr"/> at <paramref name="indices"/> along <paramref name="axis"/>, matched position by
    /// position on the other axes (<c>jnp.take_along_axis</c>; out-of-range indices give NaN for floats).
    /// </summary>
    let takeAlongAxis (indices: NDArray) (axis: int) (arr: NDArray) : NDArray =
        Functional.AD.Np.TakeAlongAxis(arr, indices, Nullable axis, Nullable(), Nullable())

    /// <summary>
    /// A new array: <paramref name="arr"/> with <paramref name="values"/> written at <paramref name="indices"/> along
    /// <paramref name="axis"/> (<c>jnp.put_along_axis(..., inplace=False)</c>; out-of-range indices are dropped).
    /// </summary>
    let putAlongAxis (indices: NDArray) (values: NDArray) (axis: int) (arr: NDArray) : NDArray =
        Functional.AD.Np.PutAlongAxis(arr, indices, values, Nullable axis, false, Nullable())

    // ---------------------------------------------------------------- layout (flip, roll, tile, split, pad, diagonals, ranges, products)

    /// <summary>Every axis reversed (<c>jnp.flip</c>).</summary>
    let flip (m: NDArray) : NDArray = Functional.AD.Np.Flip(m, Nullable())

    /// <summary>The axes reversed in element order (<c>jnp.flip</c> with axes).</summary>
    let flipAxes (axis: seq<int>) (m: NDArray) : NDArray = Functional.AD.Np.Flip(m, Seq.toArray axis)

    /// <summary>The flattened array rolled by <paramref name="shift"/> (<c>jnp.roll</c>).</summary>
    let roll (shift: int) (a: NDArray) : NDArray = Functional.AD.Np.Roll(a, shift, Nullable())

    /// <summary>Rolled by <paramref name="shift"/> along <paramref name="axis"/>.</summary>
    let rollAxis (shift: int) (axis: int) (a: NDArray) : NDArray = Functional.AD.Np.Roll(a, shift, Nullable axis)

    /// <summary>Rolled by <c>shift[i]</c> along <c>axis[i]</c>.</summary>
    let rollAxes (shift: seq<int>) (axis: seq<int>) (a: NDArray) : NDArray = Functional.AD.Np.Roll(a, Seq.toArray shift, Seq.toArray axis)

    /// <summary>Rotated by 90 degrees once in the plane of axes 0 and 1 (<c>jnp.rot90</c>).</summary>
    let rot90 (m: NDArray) : NDArray = Functional.AD.Np.Rot90(m, 1, null)

    /// <summary>Rotated <paramref name="k"/> times in the plane of the two <paramref name="axes"/>.</summary>
    let rot90With (k: int) (axes: seq<int>) (m: NDArray) : NDArray = Functional.AD.Np.Rot90(m, k, Seq.toArray axes)

    /// <summary>Two axes interchanged (<c>jnp.swapaxes</c>).</summary>
    let swapAxes (axis1: int) (axis2: int) (a: NDArray) : NDArray = Functional.AD.Np.SwapAxes(a, axis1, axis2)

    /// <summary>Axis <paramref name="source"/> moved to <paramref name="destination"/> (<c>jnp.moveaxis</c>).</summary>
    let moveAxis (source: int) (destination: int) (a: NDArray) : NDArray = Functional.AD.Np.MoveAxis(a, source, destination)

    /// <summary>Axes <paramref name="source"/> moved to <paramref name="destination"/>.</summary>
    let moveAxes (source: seq<int>) (destination: seq<int>) (a: NDArray) : NDArray =
        Functional.AD.Np.MoveAxis(a, Seq.toArray source, Seq.toArray destination)

    /// <summary>The elements as a 1-d array (<c>jnp.ravel</c>).</summary>
    let ravel (a: NDArray) : NDArray = Functional.AD.Np.Ravel a

    /// <summary>Repeated <c>reps[i]</c> times along axis i (<c>jnp.tile</c>).</summary>
    let tile (reps: seq<int>) (a: NDArray) : NDArray = Functional.AD.Np.Tile(a, Seq.toArray reps)

    /// <summary>Each element of the flattened array repeated <paramref name="repeats"/> times (<c>jnp.repeat</c>).</summary>
    let repeat (repeats: int) (a: NDArray) : NDArray = Functional.AD.Np.Repeat(a, repeats, Nullable(), Nullable())

    /// <summary>Each element repeated <paramref name="repeats"/> times along <paramref name="axis"/>.</summary>
    let repeatAxis (repeats: int) (axis: int) (a: NDArray) : NDArray = Functional.AD.Np.Repeat(a, repeats, Nullable axis, Nullable())

    /// <summary>Element i repeated <c>repeats[i]</c> times along the axis (flattened when None), with an optional static total length.</summary>
    let repeatWith (repeats: seq<int>) (axis: int option) (totalRepeatLength: int option) (a: NDArray) : NDArray =
        Functional.AD.Np.Repeat(a, Seq.toArray repeats, Option.toNullable axis, Option.toNullable totalRepeatLength)

    /// <summary>The size-1 axes listed removed (<c>jnp.squeeze</c> with a tuple).</summary>
    let squeezeAxes (axis: seq<int>) (a: NDArray) : NDArray = Functional.AD.Np.Squeeze(a, Seq.toArray axis)

    /// <summary>Size-1 axes inserted at each listed position of the result (<c>jnp.expand_dims</c> with a tuple).</summary>
    let expandDimsAxes (axis: seq<int>) (a: NDArray) : NDArray = Functional.AD.Np.ExpandDims(a, Seq.toArray axis)

    /// <summary>At least 1-d (<c>jnp.atleast_1d</c>).</summary>
    let atLeast1d (a: NDArray) : NDArray = Functional.AD.Np.AtLeast1d a

    /// <summary>At least 2-d (<c>jnp.atleast_2d</c>).</summary>
    let atLeast2d (a: NDArray) : NDArray = Functional.AD.Np.AtLeast2d a

    /// <summary>At least 3-d (<c>jnp.atleast_3d</c>).</summary>
    let atLeast3d (a: NDArray) : NDArray = Functional.AD.Np.AtLeast3d a

    /// <summary>The arrays broadcast to their common shape (<c>jnp.broadcast_arrays</c>).</summary>
    let broadcastArrays (args: seq<NDArray>) : NDArray[] = Functional.AD.Np.BroadcastArrays(Seq.toArray args)

    /// <summary>Split into <paramref name="sections"/> equal pieces along axis 0 (<c>jnp.split</c>).</summary>
    let split (sections: int) (ary: NDArray) : NDArray[] = Functional.AD.Np.Split(ary, sections, 0)

    /// <summary>Split before each index along <paramref name="axis"/>.</summary>
    let splitAt (indices: seq<int>) (axis: int) (ary: NDArray) : NDArray[] = Functional.AD.Np.Split(ary, Seq.toArray indices, axis)

    /// <summary>Split into <paramref name="sections"/> nearly equal pieces along <paramref name="axis"/> (<c>jnp.array_split</c>).</summary>
    let arraySplit (sections: int) (axis: int) (ary: NDArray) : NDArray[] = Functional.AD.Np.ArraySplit(ary, sections, axis)

    /// <summary>Joined along axis 1 (axis 0 for 1-d arrays) (<c>jnp.hstack</c>).</summary>
    let hStack (tup: seq<NDArray>) : NDArray = Functional.AD.Np.HStack(Seq.toArray tup)

    /// <summary>Joined along axis 0 as rows (<c>jnp.vstack</c>).</summary>
    let vStack (tup: seq<NDArray>) : NDArray = Functional.AD.Np.VStack(Seq.toArray tup)

    /// <summary>Joined along axis 2 (<c>jnp.dstack</c>).</summary>
    let dStack (tup: seq<NDArray>) : NDArray = Functional.AD.Np.DStack(Seq.toArray tup)

    /// <summary>Joined as columns (<c>jnp.column_stack</c>).</summary>
    let columnStack (tup: seq<NDArray>) : NDArray = Functional.AD.Np.ColumnStack(Seq.toArray tup)

    /// <summary>Every axis padded by <paramref name="padWidth"/> zeros on both sides (<c>jnp.pad</c>).</summary>
    let pad (padWidth: int) (array: NDArray) : NDArray = Functional.AD.Np.Pad(array, padWidth, "constant", null)

    /// <summary>Axis i padded by <c>padWidth[i]</c> (before, after) in <paramref name="mode"/> ("constant", "edge", "reflect", "symmetric", "wrap").</summary>
    let padWith (padWidth: seq<int * int>) (mode: string) (array: NDArray) : NDArray =
        Functional.AD.Np.Pad(array, padWidth |> Seq.map (fun (b, a) -> struct (b, a)) |> Seq.toArray, mode, null)

    /// <summary>The main diagonal of axes 0 and 1 (<c>jnp.diagonal</c>).</summary>
    let diagonal (a: NDArray) : NDArray = Functional.AD.Np.Diagonal(a, 0, 0, 1)

    /// <summary>Diagonal <paramref name="offset"/> in the plane of the two axes.</summary>
    let diagonalWith (offset: int) (axis1: int) (axis2: int) (a: NDArray) : NDArray = Functional.AD.Np.Diagonal(a, offset, axis1, axis2)

    /// <summary>The sum of the main diagonal (<c>jnp.trace</c>).</summary>
    let trace (a: NDArray) : NDArray = Functional.AD.Np.Trace(a, 0, 0, 1)

    /// <summary>The sum of diagonal <paramref name="offset"/> in the plane of the two axes.</summary>
    let traceWith (offset: int) (axis1: int) (axis2: int) (a: NDArray) : NDArray = Functional.AD.Np.Trace(a, offset, axis1, axis2)

    /// <summary>A diagonal matrix from a vector, or a matrix's diagonal (<c>jnp.diag</c>).</summary>
    let diag (v: NDArray) : NDArray = Functional.AD.Np.Diag(v, 0)

    /// <summary><see cref="diag"/> on diagonal <paramref name="k"/>.</summary>
    let diagK (k: int) (v: NDArray) : NDArray = Functional.AD.Np.Diag(v, k)

    /// <summary>The lower triangle (<c>jnp.tril</c>).</summary>
    let tril (m: NDArray) : NDArray = Functional.AD.Np.Tril(m, 0)

    /// <summary>The lower triangle up to diagonal <paramref name="k"/>.</summary>
    let trilK (k: int) (m: NDArray) : NDArray = Functional.AD.Np.Tril(m, k)

    /// <summary>The upper triangle (<c>jnp.triu</c>).</summary>
    let triu (m: NDArray) : NDArray = Functional.AD.Np.Triu(m, 0)

    /// <summary>The upper triangle from diagonal <paramref name="k"/>.</summary>
    let triuK (k: int) (m: NDArray) : NDArray = Functional.AD.Np.Triu(m, k)

    /// <summary>The n×m matrix with ones on diagonal k (<c>jnp.eye</c> with every parameter).</summary>
    let eyeNMK (n: int) (m: int) (k: int) (dtype: DType) : NDArray = Functional.AD.Np.Eye(n, Nullable m, k, dtype)

    /// <summary>The n×n identity, f64 (<c>jnp.identity</c>).</summary>
    let identity (n: int) : NDArray = Functional.AD.Np.Identity(n, DType.Float64)

    /// <summary>start, start + step, ... below stop, i32 (<c>jnp.arange</c>).</summary>
    let arangeStep (start: int) (stop: int) (step: int) : NDArray = Functional.AD.Np.Arange(start, stop, step, DType.Int32)

    /// <summary>start, start + step, ... below stop, f64.</summary>
    let arangeFloat (start: float) (stop: float) (step: float) : NDArray = Functional.AD.Np.Arange(start, stop, step, DType.Float64)

    /// <summary><paramref name="num"/> evenly spaced values, <paramref name="endpoint"/> saying whether stop is one of them.</summary>
    let linspaceEndpoint (start: float) (stop: float) (num: int) (endpoint: bool) : NDArray =
        Functional.AD.Np.Linspace(start, stop, num, endpoint, DType.Float64)

    /// <summary>10 raised to <paramref name="num"/> evenly spaced exponents from start to stop (<c>jnp.logspace</c>).</summary>
    let logspace (start: float) (stop: float) (num: int) : NDArray = Functional.AD.Np.Logspace(start, stop, num, true, 10.0, DType.Float64)

    /// <summary><c>jnp.logspace</c> with every parameter.</summary>
    let logspaceWith (start: float) (stop: float) (num: int) (endpoint: bool) (``base``: float) (dtype: DType) : NDArray =
        Functional.AD.Np.Logspace(start, stop, num, endpoint, ``base``, dtype)

    /// <summary>Coordinate grids, "xy" indexing (<c>jnp.meshgrid</c>).</summary>
    let meshgrid (xi: seq<NDArray>) : NDArray[] = Functional.AD.Np.Meshgrid(Seq.toArray xi, false, "xy")

    /// <summary>Coordinate grids with <paramref name="sparse"/> and <paramref name="indexing"/> ("xy" or "ij").</summary>
    let meshgridWith (sparse: bool) (indexing: string) (xi: seq<NDArray>) : NDArray[] = Functional.AD.Np.Meshgrid(Seq.toArray xi, sparse, indexing)

    /// <summary>The last <paramref name="axes"/> axes of a summed against the first of b (<c>jnp.tensordot</c>).</summary>
    let tensorDot (axes: int) (a: NDArray) (b: NDArray) : NDArray = Functional.AD.Np.TensorDot(a, b, axes)

    /// <summary>Axes <paramref name="axesA"/> of a summed against <paramref name="axesB"/> of b.</summary>
    let tensorDotAxes (axesA: seq<int>) (axesB: seq<int>) (a: NDArray) (b: NDArray) : NDArray =
        Functional.AD.Np.TensorDot(a, b, struct (Seq.toArray axesA, Seq.toArray axesB))

    /// <summary>The last axes of a and b summed against each other (<c>jnp.inner</c>).</summary>
    let inner (a: NDArray) (b: NDArray) : NDArray = Functional.AD.Np.Inner(a, b)

    /// <summary>The Kronecker product (<c>jnp.kron</c>).</summary>
    let kron (a: NDArray) (b: NDArray) : NDArray = Functional.AD.Np.Kron(a, b)

    /// <summary>The cross product along the last axes (<c>jnp.cross</c>).</summary>
    let cross (a: NDArray) (b: NDArray) : NDArray = Functional.AD.Np.Cross(a, b, -1, -1, -1, Nullable())

    /// <summary>Einstein summation (<c>jnp.einsum</c>): <c>Np.einsum "ij,jk->ik" [ a; b ]</c>.</summary>
    let einsum (subscripts: string) (operands: seq<NDArray>) : NDArray = Functional.AD.Np.Einsum(subscripts, Seq.toArray operands)

    // ------------------------------------------------------------------ saving and loading

    /// <summary>Saves an array to an <c>.npy</c> file (<c>jnp.save</c>); like numpy, appends <c>.npy</c> to a path without it.</summary>
    let save (path: string) (array: NDArray) : unit = Functional.AD.Np.Save(path, array)

    /// <summary>Loads the array of an <c>.npy</c> file (<c>jnp.load</c>): header versions 1.0 to 3.0, either byte order, C or Fortran order.</summary>
    let load (path: string) : NDArray = Functional.AD.Np.Load(path)

    /// <summary>The named arrays as an ordered dictionary for the archive writers.</summary>
    let private named (arrays: seq<string * NDArray>) =
        let d = System.Collections.Generic.Dictionary<string, NDArray>(StringComparer.Ordinal)
        for name, array in arrays do d.Add(name, array)
        d

    /// <summary>Saves named arrays to an uncompressed <c>.npz</c> archive (<c>jnp.savez</c>), in order; appends <c>.npz</c> to a path without it.</summary>
    let savez (path: string) (arrays: seq<string * NDArray>) : unit = Functional.AD.Np.Savez(path, named arrays)

    /// <summary>Saves named arrays to a deflate-compressed <c>.npz</c> archive (<c>numpy.savez_compressed</c>).</summary>
    let savezCompressed (path: string) (arrays: seq<string * NDArray>) : unit = Functional.AD.Np.SavezCompressed(path, named arrays)

    /// <summary>Loads every array of an <c>.npz</c> archive into a read-only map from names to arrays, in archive order.</summary>
    let loadNpz (path: string) : NpzFile = Functional.AD.Np.LoadNpz(path)
