namespace Functional.AD.FSharp

open System
open Functional.AD

/// <summary>
/// <c>jax.lax</c> for F#: structured control flow taking curried F# functions and F# tuples (staged as the core's
/// <c>cond</c>, <c>while</c> and <c>scan</c> primitives, so they work under every transform), and thin wrappers of the
/// core's <c>Functional.AD.Lax</c> primitives. Every parameter is explicit, in JAX's order, with the array last for piping.
/// </summary>
[<RequireQualifiedAccess>]
module Lax =

    /// <summary><c>onTrue operand</c> or <c>onFalse operand</c> by a 0-d bool or integer predicate, which may be traced (<c>jax.lax.cond</c>).</summary>
    let cond (predicate: NDArray) (onTrue: 'A -> 'B) (onFalse: 'A -> 'B) (operand: 'A) : 'B =
        Trees.ensureRegistered ()
        Functional.AD.Lax.Cond<'A, 'B>(predicate, Func<'A, 'B> onTrue, Func<'A, 'B> onFalse, operand)

    /// <summary>Repeats <paramref name="body"/> while <paramref name="condition"/> (a 0-d bool) holds (<c>jax.lax.while_loop</c>); forward-mode differentiable only.</summary>
    let whileLoop (condition: 'T -> NDArray) (body: 'T -> 'T) (init: 'T) : 'T =
        Trees.ensureRegistered ()
        Functional.AD.Lax.WhileLoop<'T>(Func<'T, NDArray> condition, Func<'T, 'T> body, init)

    /// <summary><c>body i carry</c> for <c>i</c> (an int32 0-d array) from <paramref name="lower"/> to <paramref name="upper"/> - 1 (<c>jax.lax.fori_loop</c>); differentiable in both modes.</summary>
    let foriLoop (lower: int) (upper: int) (body: NDArray -> 'T -> 'T) (init: 'T) : 'T =
        Trees.ensureRegistered ()
        Functional.AD.Lax.ForiLoop<'T>(lower, upper, Func<NDArray, 'T, 'T>(fun i carry -> body i carry), init)

    /// <summary>
    /// Scans <c>f carry x</c>, returning <c>(carry, y)</c>, over the leading axis of <paramref name="xs"/>
    /// (<c>jax.lax.scan</c>): the final carry and the ys stacked along a new leading axis, as an F# tuple.
    /// </summary>
    let scan (f: 'C -> 'X -> 'C * 'Y) (init: 'C) (xs: 'X) : 'C * 'Y =
        Trees.ensureRegistered ()
        let step =
            Func<'C, 'X, struct ('C * 'Y)>(fun carry x ->
                let next, y = f carry x
                struct (next, y))
        let struct (carry, ys) = Functional.AD.Lax.Scan<'C, 'X, 'Y>(step, init, xs)
        carry, ys

    /// <summary>The identity with a zero derivative (<c>jax.lax.stop_gradient</c>).</summary>
    let stopGradient (x: NDArray) : NDArray = Functional.AD.Lax.StopGradient x

    /// <summary>The error function, elementwise (<c>jax.lax.erf</c>).</summary>
    let erf (x: NDArray) : NDArray = Functional.AD.Lax.Erf x

    /// <summary>Elementwise floor (<c>jax.lax.floor</c>); the derivative is zero.</summary>
    let floor (x: NDArray) : NDArray = Functional.AD.Lax.Floor x

    /// <summary>Elementwise ceiling (<c>jax.lax.ceil</c>); the derivative is zero.</summary>
    let ceil (x: NDArray) : NDArray = Functional.AD.Lax.Ceil x

    /// <summary>Rounds to the nearest integer by <paramref name="roundingMethod"/> (<c>jax.lax.round</c>; JAX's default is <c>RoundingMethod.AwayFromZero</c>).</summary>
    let round (roundingMethod: RoundingMethod) (x: NDArray) : NDArray = Functional.AD.Lax.Round(x, roundingMethod)

    /// <summary>Elementwise hyperbolic sine (<c>jax.lax.sinh</c>).</summary>
    let sinh (x: NDArray) : NDArray = Functional.AD.Lax.Sinh x

    /// <summary>Elementwise hyperbolic cosine (<c>jax.lax.cosh</c>).</summary>
    let cosh (x: NDArray) : NDArray = Functional.AD.Lax.Cosh x

    /// <summary>Elementwise arcsine (<c>jax.lax.asin</c>).</summary>
    let asin (x: NDArray) : NDArray = Functional.AD.Lax.Asin x

    /// <summary>Elementwise arccosine (<c>jax.lax.acos</c>).</summary>
    let acos (x: NDArray) : NDArray = Functional.AD.Lax.Acos x

    /// <summary>Elementwise inverse hyperbolic sine (<c>jax.lax.asinh</c>).</summary>
    let asinh (x: NDArray) : NDArray = Functional.AD.Lax.Asinh x

    /// <summary>Elementwise inverse hyperbolic cosine (<c>jax.lax.acosh</c>).</summary>
    let acosh (x: NDArray) : NDArray = Functional.AD.Lax.Acosh x

    /// <summary>Elementwise inverse hyperbolic tangent (<c>jax.lax.atanh</c>).</summary>
    let atanh (x: NDArray) : NDArray = Functional.AD.Lax.Atanh x

    /// <summary>Elementwise real cube root (<c>jax.lax.cbrt</c>).</summary>
    let cbrt (x: NDArray) : NDArray = Functional.AD.Lax.Cbrt x

    /// <summary>Elementwise <c>2^x</c> (<c>jax.lax.exp2</c>).</summary>
    let exp2 (x: NDArray) : NDArray = Functional.AD.Lax.Exp2 x

    /// <summary>The complementary error function (<c>jax.lax.erfc</c>).</summary>
    let erfc (x: NDArray) : NDArray = Functional.AD.Lax.Erfc x

    /// <summary>The inverse error function (<c>jax.lax.erf_inv</c>).</summary>
    let erfInv (x: NDArray) : NDArray = Functional.AD.Lax.ErfInv x

    /// <summary>log |Γ(x)| (<c>jax.lax.lgamma</c>).</summary>
    let lgamma (x: NDArray) : NDArray = Functional.AD.Lax.Lgamma x

    /// <summary>The digamma function (<c>jax.lax.digamma</c>).</summary>
    let digamma (x: NDArray) : NDArray = Functional.AD.Lax.Digamma x

    /// <summary>The polygamma function of order <paramref name="m"/> ≥ 1 (<c>jax.lax.polygamma</c>).</summary>
    let polygamma (m: int) (x: NDArray) : NDArray = Functional.AD.Lax.Polygamma(m, x)

    /// <summary>The angle of (y, x) for operands (x, y) (<c>jax.lax.atan2</c>).</summary>
    let atan2 (x: NDArray) (y: NDArray) : NDArray = Functional.AD.Lax.Atan2(x, y)

    /// <summary>The remainder with the sign of x (<c>jax.lax.rem</c>).</summary>
    let rem (x: NDArray) (y: NDArray) : NDArray = Functional.AD.Lax.Rem(x, y)

    /// <summary>Bitwise and (<c>jax.lax.bitwise_and</c>).</summary>
    let bitwiseAnd (x: NDArray) (y: NDArray) : NDArray = Functional.AD.Lax.BitwiseAnd(x, y)

    /// <summary>Bitwise or (<c>jax.lax.bitwise_or</c>).</summary>
    let bitwiseOr (x: NDArray) (y: NDArray) : NDArray = Functional.AD.Lax.BitwiseOr(x, y)

    /// <summary>Bitwise xor (<c>jax.lax.bitwise_xor</c>).</summary>
    let bitwiseXor (x: NDArray) (y: NDArray) : NDArray = Functional.AD.Lax.BitwiseXor(x, y)

    /// <summary>The bits of x read as a dtype of the same width (<c>jax.lax.bitcast_convert_type</c>).</summary>
    let bitcastConvertType (newDtype: DType) (x: NDArray) : NDArray = Functional.AD.Lax.BitcastConvertType(x, newDtype)

    /// <summary>x shifted left by y bits, 0 past the bit width (<c>jax.lax.shift_left</c>).</summary>
    let shiftLeft (x: NDArray) (y: NDArray) : NDArray = Functional.AD.Lax.ShiftLeft(x, y)

    /// <summary>x shifted right by y bits filling with zeros (<c>jax.lax.shift_right_logical</c>).</summary>
    let shiftRightLogical (x: NDArray) (y: NDArray) : NDArray = Functional.AD.Lax.ShiftRightLogical(x, y)

    /// <summary>x shifted right by y bits filling with the sign bit (<c>jax.lax.shift_right_arithmetic</c>).</summary>
    let shiftRightArithmetic (x: NDArray) (y: NDArray) : NDArray = Functional.AD.Lax.ShiftRightArithmetic(x, y)

    /// <summary>Sorted along the last axis (<c>jax.lax.sort</c>), stable, NaN last.</summary>
    let sort (operand: NDArray) : NDArray = Functional.AD.Lax.Sort operand

    /// <summary>Several operands sorted together along <paramref name="dimension"/> by the first <paramref name="numKeys"/> (<c>jax.lax.sort</c>).</summary>
    let sortMany (dimension: int) (numKeys: int) (operands: NDArray list) : NDArray list =
        Functional.AD.Lax.Sort(List.toArray operands, dimension, true, numKeys) |> List.ofArray

    /// <summary>The <paramref name="k"/> largest entries of the last axis and their indices (<c>jax.lax.top_k</c>), as an F# tuple.</summary>
    let topK (k: int) (operand: NDArray) : NDArray * NDArray =
        let struct (values, indices) = Functional.AD.Lax.TopK(operand, k)
        values, indices

    /// <summary>Elementwise e^x (<c>jax.lax.exp</c>).</summary>
    let exp (x: NDArray) : NDArray = Functional.AD.Lax.Exp x

    /// <summary>Elementwise the natural logarithm (<c>jax.lax.log</c>).</summary>
    let log (x: NDArray) : NDArray = Functional.AD.Lax.Log x

    /// <summary>Elementwise log(1 + x), accurate near 0 (<c>jax.lax.log1p</c>).</summary>
    let log1p (x: NDArray) : NDArray = Functional.AD.Lax.Log1p x

    /// <summary>Elementwise e^x - 1, accurate near 0 (<c>jax.lax.expm1</c>).</summary>
    let expm1 (x: NDArray) : NDArray = Functional.AD.Lax.Expm1 x

    /// <summary>Elementwise sine (<c>jax.lax.sin</c>).</summary>
    let sin (x: NDArray) : NDArray = Functional.AD.Lax.Sin x

    /// <summary>Elementwise cosine (<c>jax.lax.cos</c>).</summary>
    let cos (x: NDArray) : NDArray = Functional.AD.Lax.Cos x

    /// <summary>Elementwise tangent (<c>jax.lax.tan</c>).</summary>
    let tan (x: NDArray) : NDArray = Functional.AD.Lax.Tan x

    /// <summary>Elementwise hyperbolic tangent (<c>jax.lax.tanh</c>).</summary>
    let tanh (x: NDArray) : NDArray = Functional.AD.Lax.Tanh x

    /// <summary>Elementwise arctangent (<c>jax.lax.atan</c>).</summary>
    let atan (x: NDArray) : NDArray = Functional.AD.Lax.Atan x

    /// <summary>Elementwise square root (<c>jax.lax.sqrt</c>).</summary>
    let sqrt (x: NDArray) : NDArray = Functional.AD.Lax.Sqrt x

    /// <summary>Elementwise 1 / sqrt(x) (<c>jax.lax.rsqrt</c>).</summary>
    let rsqrt (x: NDArray) : NDArray = Functional.AD.Lax.Rsqrt x

    /// <summary>Elementwise the logistic sigmoid 1 / (1 + e^-x) (<c>jax.lax.logistic</c>).</summary>
    let logistic (x: NDArray) : NDArray = Functional.AD.Lax.Logistic x

    /// <summary>Elementwise absolute value (<c>jax.lax.abs</c>).</summary>
    let abs (x: NDArray) : NDArray = Functional.AD.Lax.Abs x

    /// <summary>Elementwise -x (<c>jax.lax.neg</c>).</summary>
    let neg (x: NDArray) : NDArray = Functional.AD.Lax.Neg x

    /// <summary>Elementwise -1, 0 or 1 by the sign (NaN stays NaN) (<c>jax.lax.sign</c>).</summary>
    let sign (x: NDArray) : NDArray = Functional.AD.Lax.Sign x

    /// <summary>Elementwise x · x (<c>jax.lax.square</c>).</summary>
    let square (x: NDArray) : NDArray = Functional.AD.Lax.Square x

    /// <summary>x^y for a fixed integer y (<c>jax.lax.integer_pow</c>).</summary>
    let integerPow (y: int) (x: NDArray) : NDArray = Functional.AD.Lax.IntegerPow(x, y)

    /// <summary>True where x is finite (<c>jax.lax.is_finite</c>).</summary>
    let isFinite (x: NDArray) : NDArray = Functional.AD.Lax.IsFinite x

    /// <summary>Elementwise x + y (<c>jax.lax.add</c>).</summary>
    let add (x: NDArray) (y: NDArray) : NDArray = Functional.AD.Lax.Add(x, y)

    /// <summary>Elementwise x - y (<c>jax.lax.sub</c>).</summary>
    let sub (x: NDArray) (y: NDArray) : NDArray = Functional.AD.Lax.Sub(x, y)

    /// <summary>Elementwise x · y (<c>jax.lax.mul</c>).</summary>
    let mul (x: NDArray) (y: NDArray) : NDArray = Functional.AD.Lax.Mul(x, y)

    /// <summary>Elementwise x / y (integers truncate toward zero; integer division by zero gives 0) (<c>jax.lax.div</c>).</summary>
    let div (x: NDArray) (y: NDArray) : NDArray = Functional.AD.Lax.Div(x, y)

    /// <summary>Elementwise x^y (<c>jax.lax.pow</c>).</summary>
    let pow (x: NDArray) (y: NDArray) : NDArray = Functional.AD.Lax.Pow(x, y)

    /// <summary>Elementwise the elementwise maximum (NaN propagates) (<c>jax.lax.max</c>).</summary>
    let max (x: NDArray) (y: NDArray) : NDArray = Functional.AD.Lax.Max(x, y)

    /// <summary>Elementwise the elementwise minimum (NaN propagates) (<c>jax.lax.min</c>).</summary>
    let min (x: NDArray) (y: NDArray) : NDArray = Functional.AD.Lax.Min(x, y)

    /// <summary>Elementwise x == y (bool) (<c>jax.lax.eq</c>).</summary>
    let eq (x: NDArray) (y: NDArray) : NDArray = Functional.AD.Lax.Eq(x, y)

    /// <summary>Elementwise x != y (bool) (<c>jax.lax.ne</c>).</summary>
    let ne (x: NDArray) (y: NDArray) : NDArray = Functional.AD.Lax.Ne(x, y)

    /// <summary>Elementwise x &lt; y (bool) (<c>jax.lax.lt</c>).</summary>
    let lt (x: NDArray) (y: NDArray) : NDArray = Functional.AD.Lax.Lt(x, y)

    /// <summary>Elementwise x &lt;= y (bool) (<c>jax.lax.le</c>).</summary>
    let le (x: NDArray) (y: NDArray) : NDArray = Functional.AD.Lax.Le(x, y)

    /// <summary>Elementwise x &gt; y (bool) (<c>jax.lax.gt</c>).</summary>
    let gt (x: NDArray) (y: NDArray) : NDArray = Functional.AD.Lax.Gt(x, y)

    /// <summary>Elementwise x &gt;= y (bool) (<c>jax.lax.ge</c>).</summary>
    let ge (x: NDArray) (y: NDArray) : NDArray = Functional.AD.Lax.Ge(x, y)

    /// <summary>onTrue where pred holds, else onFalse (<c>jax.lax.select</c>).</summary>
    let select (pred: NDArray) (onTrue: NDArray) (onFalse: NDArray) : NDArray = Functional.AD.Lax.Select(pred, onTrue, onFalse)

    /// <summary>x limited to [min, max] (<c>jax.lax.clamp</c>).</summary>
    let clamp (min: NDArray) (x: NDArray) (max: NDArray) : NDArray = Functional.AD.Lax.Clamp(min, x, max)

    /// <summary>Bitwise not (<c>jax.lax.bitwise_not</c>).</summary>
    let bitwiseNot (x: NDArray) : NDArray = Functional.AD.Lax.BitwiseNot x

    /// <summary>The box from <paramref name="startIndices"/> (inclusive) to <paramref name="limitIndices"/> (exclusive) on every axis (<c>jax.lax.slice</c>).</summary>
    let slice (startIndices: seq<int>) (limitIndices: seq<int>) (x: NDArray) : NDArray =
        Functional.AD.Lax.Slice(x, Seq.toArray startIndices, Seq.toArray limitIndices, null)

    /// <summary>The box from <paramref name="startIndices"/> to <paramref name="limitIndices"/> taking every <paramref name="strides"/>-th element (<c>jax.lax.slice</c> with strides).</summary>
    let sliceWithStrides (startIndices: seq<int>) (limitIndices: seq<int>) (strides: seq<int>) (x: NDArray) : NDArray =
        Functional.AD.Lax.Slice(x, Seq.toArray startIndices, Seq.toArray limitIndices, Seq.toArray strides)

    /// <summary>
    /// Elements <paramref name="startIndex"/> to <paramref name="limitIndex"/> (exclusive; <c>None</c>: the axis's ends;
    /// negative counts from the end) with step <paramref name="stride"/> along <paramref name="axis"/> (<c>jax.lax.slice_in_dim</c>).
    /// </summary>
    let sliceInDim (startIndex: int option) (limitIndex: int option) (stride: int) (axis: int) (x: NDArray) : NDArray =
        let toNullable = Option.toNullable
        Functional.AD.Lax.SliceInDim(x, toNullable startIndex, toNullable limitIndex, stride, axis)

    /// <summary>Element <paramref name="index"/> along <paramref name="axis"/>, keeping that axis with size 1 when <paramref name="keepDims"/> (<c>jax.lax.index_in_dim</c>).</summary>
    let indexInDim (index: int) (axis: int) (keepDims: bool) (x: NDArray) : NDArray =
        Functional.AD.Lax.IndexInDim(x, index, axis, keepDims)

    /// <summary>
    /// The box of shape <paramref name="sliceSizes"/> starting at <paramref name="startIndices"/> (i32 scalars, possibly
    /// traced; negative ones wrap once, then starts are clamped so the box fits), as <c>jax.lax.dynamic_slice</c>.
    /// </summary>
    let dynamicSlice (startIndices: seq<NDArray>) (sliceSizes: seq<int>) (x: NDArray) : NDArray =
        Functional.AD.Lax.DynamicSlice(x, Seq.toArray startIndices, Seq.toArray sliceSizes)

    /// <summary>A new array: <paramref name="x"/> with <paramref name="update"/> written at <paramref name="startIndices"/> (<c>jax.lax.dynamic_update_slice</c>).</summary>
    let dynamicUpdateSlice (update: NDArray) (startIndices: seq<NDArray>) (x: NDArray) : NDArray =
        Functional.AD.Lax.DynamicUpdateSlice(x, update, Seq.toArray startIndices)

    /// <summary><paramref name="sliceSize"/> elements from <paramref name="startIndex"/> along <paramref name="axis"/> (<c>jax.lax.dynamic_slice_in_dim</c>).</summary>
    let dynamicSliceInDim (startIndex: NDArray) (sliceSize: int) (axis: int) (x: NDArray) : NDArray =
        Functional.AD.Lax.DynamicSliceInDim(x, startIndex, sliceSize, axis)

    /// <summary>Element <paramref name="index"/> along <paramref name="axis"/>, kept with size 1 when <paramref name="keepDims"/> (<c>jax.lax.dynamic_index_in_dim</c>).</summary>
    let dynamicIndexInDim (index: NDArray) (axis: int) (keepDims: bool) (x: NDArray) : NDArray =
        Functional.AD.Lax.DynamicIndexInDim(x, index, axis, keepDims)

    /// <summary><paramref name="x"/> with <paramref name="update"/> written from <paramref name="startIndex"/> along <paramref name="axis"/> (<c>jax.lax.dynamic_update_slice_in_dim</c>).</summary>
    let dynamicUpdateSliceInDim (update: NDArray) (startIndex: NDArray) (axis: int) (x: NDArray) : NDArray =
        Functional.AD.Lax.DynamicUpdateSliceInDim(x, update, startIndex, axis)

    /// <summary><paramref name="x"/> with index <paramref name="index"/> along <paramref name="axis"/> replaced by <paramref name="update"/> (<c>jax.lax.dynamic_update_index_in_dim</c>).</summary>
    let dynamicUpdateIndexInDim (update: NDArray) (index: NDArray) (axis: int) (x: NDArray) : NDArray =
        Functional.AD.Lax.DynamicUpdateIndexInDim(x, update, index, axis)

    /// <summary>Removes the size-1 axes <paramref name="dimensions"/> (<c>jax.lax.squeeze</c>).</summary>
    let squeeze (dimensions: seq<int>) (x: NDArray) : NDArray =
        Functional.AD.Lax.Squeeze(x, Seq.toArray dimensions)

    // ---------------------------------------------------------------- collectives over named Vmap axes

    /// <summary>The sum of <paramref name="x"/> over the examples of the Vmap axis named <paramref name="axisName"/> (<c>jax.lax.psum</c>).</summary>
    let psum (axisName: string) (x: NDArray) : NDArray = Functional.AD.Lax.Psum(x, axisName)

    /// <summary>The mean of <paramref name="x"/> over the examples of the Vmap axis named <paramref name="axisName"/> (<c>jax.lax.pmean</c>).</summary>
    let pmean (axisName: string) (x: NDArray) : NDArray = Functional.AD.Lax.Pmean(x, axisName)

    /// <summary>The elementwise maximum of <paramref name="x"/> over the examples of the Vmap axis named <paramref name="axisName"/> (<c>jax.lax.pmax</c>).</summary>
    let pmax (axisName: string) (x: NDArray) : NDArray = Functional.AD.Lax.Pmax(x, axisName)

    /// <summary>The elementwise minimum of <paramref name="x"/> over the examples of the Vmap axis named <paramref name="axisName"/> (<c>jax.lax.pmin</c>).</summary>
    let pmin (axisName: string) (x: NDArray) : NDArray = Functional.AD.Lax.Pmin(x, axisName)

    /// <summary>
    /// The values of <paramref name="x"/> of every example of the Vmap axis named <paramref name="axisName"/>, stacked
    /// along a new axis <paramref name="axis"/> or, <paramref name="tiled"/>, concatenated along it (<c>jax.lax.all_gather</c>).
    /// </summary>
    let allGather (axisName: string) (axis: int) (tiled: bool) (x: NDArray) : NDArray = Functional.AD.Lax.AllGather(x, axisName, axis, tiled)

    /// <summary>The position (int32, 0-d) of the current example along the Vmap axis named <paramref name="axisName"/> (<c>jax.lax.axis_index</c>).</summary>
    let axisIndex (axisName: string) : NDArray = Functional.AD.Lax.AxisIndex axisName

    /// <summary>The running sum along <paramref name="axis"/>, from the end when <paramref name="reverse"/> (<c>jax.lax.cumsum</c>).</summary>
    let cumsum (axis: int) (reverse: bool) (operand: NDArray) : NDArray = Functional.AD.Lax.Cumsum(operand, axis, reverse)

    /// <summary>The running product along <paramref name="axis"/>, from the end when <paramref name="reverse"/> (<c>jax.lax.cumprod</c>).</summary>
    let cumprod (axis: int) (reverse: bool) (operand: NDArray) : NDArray = Functional.AD.Lax.Cumprod(operand, axis, reverse)

    /// <summary>The running maximum along <paramref name="axis"/>, from the end when <paramref name="reverse"/> (<c>jax.lax.cummax</c>).</summary>
    let cummax (axis: int) (reverse: bool) (operand: NDArray) : NDArray = Functional.AD.Lax.Cummax(operand, axis, reverse)

    /// <summary>The running minimum along <paramref name="axis"/>, from the end when <paramref name="reverse"/> (<c>jax.lax.cummin</c>).</summary>
    let cummin (axis: int) (reverse: bool) (operand: NDArray) : NDArray = Functional.AD.Lax.Cummin(operand, axis, reverse)

    /// <summary>The running log-sum-exp along <paramref name="axis"/>, from the end when <paramref name="reverse"/> (<c>jax.lax.cumlogsumexp</c>).</summary>
    let cumLogSumExp (axis: int) (reverse: bool) (operand: NDArray) : NDArray = Functional.AD.Lax.CumLogSumExp(operand, axis, reverse)

    /// <summary>Linear-algebra primitives (<c>jax.lax.linalg</c>).</summary>
    module Linalg =

        /// <summary>Eigenvectors (columns) and eigenvalues (ascending) of symmetric matrices, input symmetrized (<c>jax.lax.linalg.eigh</c>).</summary>
        let eigh (x: NDArray) : NDArray * NDArray =
            let struct (v, w) = Functional.AD.Lax.Linalg.Eigh(x)
            v, w
