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
    let cumlogsumexp (axis: int) (reverse: bool) (operand: NDArray) : NDArray = Functional.AD.Lax.Cumlogsumexp(operand, axis, reverse)
