namespace Functional.AD.FSharp

open System
open Functional.AD

/// <summary>
/// <c>jax.nn</c> for F#: one lower-camelCase function per method of the core's <c>Functional.AD.Nn</c> (numerically
/// stable forward and backward), with the conventions of <see cref="Np"/>: the array last, the plain name with
/// JAX's defaults, <c>…Axis</c> with the one axis, <c>…With</c> with every parameter.
/// </summary>
[<RequireQualifiedAccess>]
module Nn =

    /// <summary><c>max(x, 0)</c>.</summary>
    let relu (x: NDArray) : NDArray = Functional.AD.Nn.Relu x

    /// <summary>The logistic function <c>1 / (1 + exp(-x))</c>.</summary>
    let sigmoid (x: NDArray) : NDArray = Functional.AD.Nn.Sigmoid x

    /// <summary><c>log(1 + exp(x))</c>, stable for large |x|.</summary>
    let softplus (x: NDArray) : NDArray = Functional.AD.Nn.Softplus x

    /// <summary>The GELU activation, exact (erf) form.</summary>
    let gelu (x: NDArray) : NDArray = Functional.AD.Nn.Gelu x

    /// <summary>The softmax along the last axis.</summary>
    let softmax (x: NDArray) : NDArray = Functional.AD.Nn.Softmax(x, -1)

    /// <summary>The softmax along <paramref name="axis"/>.</summary>
    let softmaxAxis (axis: int) (x: NDArray) : NDArray = Functional.AD.Nn.Softmax(x, axis)

    /// <summary>The log of the softmax along the last axis.</summary>
    let logSoftmax (x: NDArray) : NDArray = Functional.AD.Nn.LogSoftmax(x, -1)

    /// <summary>The log of the softmax along <paramref name="axis"/>.</summary>
    let logSoftmaxAxis (axis: int) (x: NDArray) : NDArray = Functional.AD.Nn.LogSoftmax(x, axis)

    /// <summary><c>log(sum(exp x))</c> over all elements, stable.</summary>
    let logSumExp (x: NDArray) : NDArray = Functional.AD.Nn.LogSumExp(x, Nullable(), false)

    /// <summary><c>log(sum(exp x))</c> along <paramref name="axis"/>.</summary>
    let logSumExpAxis (axis: int) (x: NDArray) : NDArray = Functional.AD.Nn.LogSumExp(x, Nullable axis, false)

    /// <summary><c>log(sum(exp x))</c> along <paramref name="axis"/> (<c>None</c>: all axes), keeping the reduced axes when <paramref name="keepDims"/>.</summary>
    let logSumExpWith (axis: int option) (keepDims: bool) (x: NDArray) : NDArray = Functional.AD.Nn.LogSumExp(x, Option.toNullable axis, keepDims)

    /// <summary>The one-hot encoding (f64) of integer <paramref name="labels"/> over <paramref name="numClasses"/> classes.</summary>
    let oneHot (numClasses: int) (labels: NDArray) : NDArray = Functional.AD.Nn.OneHot(labels, numClasses, DType.Float64)

    /// <summary>The one-hot encoding of the dtype.</summary>
    let oneHotWith (numClasses: int) (dtype: DType) (labels: NDArray) : NDArray = Functional.AD.Nn.OneHot(labels, numClasses, dtype)

    /// <summary>The one-hot encoding of the dtype with the class axis at <paramref name="axis"/> of the result.</summary>
    let oneHotAxis (numClasses: int) (dtype: DType) (axis: int) (labels: NDArray) : NDArray = Functional.AD.Nn.OneHot(labels, numClasses, dtype, axis)

    // ------------------------------------------------------------------ activations

    /// <summary><c>min(max(x, 0), 6)</c> (derivative 0 at both kinks).</summary>
    let relu6 (x: NDArray) : NDArray = Functional.AD.Nn.Relu6 x

    /// <summary>The leaky ReLU with JAX's slope 0.01.</summary>
    let leakyRelu (x: NDArray) : NDArray = Functional.AD.Nn.LeakyRelu(x)

    /// <summary>The leaky ReLU with slope <paramref name="negativeSlope"/> below 0.</summary>
    let leakyReluWith (negativeSlope: float) (x: NDArray) : NDArray = Functional.AD.Nn.LeakyRelu(x, negativeSlope)

    /// <summary>The ELU with alpha 1.</summary>
    let elu (x: NDArray) : NDArray = Functional.AD.Nn.Elu(x)

    /// <summary>The ELU with <paramref name="alpha"/>.</summary>
    let eluWith (alpha: float) (x: NDArray) : NDArray = Functional.AD.Nn.Elu(x, alpha)

    /// <summary>The CELU with alpha 1.</summary>
    let celu (x: NDArray) : NDArray = Functional.AD.Nn.Celu(x)

    /// <summary>The CELU with <paramref name="alpha"/>.</summary>
    let celuWith (alpha: float) (x: NDArray) : NDArray = Functional.AD.Nn.Celu(x, alpha)

    /// <summary>The SELU.</summary>
    let selu (x: NDArray) : NDArray = Functional.AD.Nn.Selu x

    /// <summary><c>x * sigmoid(x)</c>.</summary>
    let silu (x: NDArray) : NDArray = Functional.AD.Nn.Silu x

    /// <summary><c>x * sigmoid(x)</c> (the same as <c>silu</c>).</summary>
    let swish (x: NDArray) : NDArray = Functional.AD.Nn.Swish x

    /// <summary><c>x * tanh(softplus(x))</c>.</summary>
    let mish (x: NDArray) : NDArray = Functional.AD.Nn.Mish x

    /// <summary>The GELU, the tanh approximation when <paramref name="approximate"/>, else the exact form.</summary>
    let geluWith (approximate: bool) (x: NDArray) : NDArray = Functional.AD.Nn.Gelu(x, approximate)

    /// <summary>The gated linear unit along the last axis.</summary>
    let glu (x: NDArray) : NDArray = Functional.AD.Nn.Glu(x)

    /// <summary>The gated linear unit along <paramref name="axis"/>.</summary>
    let gluAxis (axis: int) (x: NDArray) : NDArray = Functional.AD.Nn.Glu(x, axis)

    /// <summary>x clamped to [-1, 1].</summary>
    let hardTanh (x: NDArray) : NDArray = Functional.AD.Nn.HardTanh x

    /// <summary><c>relu6(x + 3) / 6</c>.</summary>
    let hardSigmoid (x: NDArray) : NDArray = Functional.AD.Nn.HardSigmoid x

    /// <summary><c>x * hardSigmoid(x)</c>.</summary>
    let hardSilu (x: NDArray) : NDArray = Functional.AD.Nn.HardSilu x

    /// <summary><c>x * hardSigmoid(x)</c> (the same as <c>hardSilu</c>).</summary>
    let hardSwish (x: NDArray) : NDArray = Functional.AD.Nn.HardSwish x

    /// <summary><c>log(sigmoid(x)) = -softplus(-x)</c>.</summary>
    let logSigmoid (x: NDArray) : NDArray = Functional.AD.Nn.LogSigmoid x

    /// <summary><c>x / (|x| + 1)</c>.</summary>
    let softSign (x: NDArray) : NDArray = Functional.AD.Nn.SoftSign x

    /// <summary>The sparse plus function (0, (x+1)²/4, x).</summary>
    let sparsePlus (x: NDArray) : NDArray = Functional.AD.Nn.SparsePlus x

    /// <summary><c>(x + sqrt(x² + 4)) / 2</c>.</summary>
    let squareplus (x: NDArray) : NDArray = Functional.AD.Nn.Squareplus(x)

    /// <summary><c>(x + sqrt(x² + b)) / 2</c>.</summary>
    let squareplusWith (b: float) (x: NDArray) : NDArray = Functional.AD.Nn.Squareplus(x, b)

    // ------------------------------------------------------------------ several axes and masks

    let private axesOf (axes: int list option) : int[] = match axes with Some a -> List.toArray a | None -> null

    /// <summary>The softmax over <paramref name="axes"/> jointly (<c>None</c>: all), where <paramref name="where"/> holds (<c>None</c>: everywhere).</summary>
    let softmaxWith (axes: int list option) (where: NDArray option) (x: NDArray) : NDArray =
        Functional.AD.Nn.Softmax(x, axesOf axes, Option.toObj where)

    /// <summary>The log-softmax over <paramref name="axes"/> jointly (<c>None</c>: all), where <paramref name="where"/> holds.</summary>
    let logSoftmaxWith (axes: int list option) (where: NDArray option) (x: NDArray) : NDArray =
        Functional.AD.Nn.LogSoftmax(x, axesOf axes, Option.toObj where)

    /// <summary><c>log(sum(b * exp a))</c> over <paramref name="axes"/> (<c>None</c>: all), with weights, kept dims and a mask.</summary>
    let logSumExpFull (axes: int list option) (b: NDArray option) (keepDims: bool) (where: NDArray option) (a: NDArray) : NDArray =
        Functional.AD.Nn.LogSumExp(a, axesOf axes, Option.toObj b, keepDims, Option.toObj where)

    /// <summary><c>log|sum(b * exp a)|</c> and the sign of the sum, over <paramref name="axes"/> (<c>None</c>: all).</summary>
    let logSumExpWithSign (axes: int list option) (b: NDArray option) (keepDims: bool) (where: NDArray option) (a: NDArray) : NDArray * NDArray =
        let struct (result, sign) = Functional.AD.Nn.LogSumExpWithSign(a, axesOf axes, Option.toObj b, keepDims, Option.toObj where)
        result, sign

    /// <summary>(x - mean) / sqrt(variance + 1e-5) along the last axis.</summary>
    let standardize (x: NDArray) : NDArray = Functional.AD.Nn.Standardize(x)

    /// <summary>The standardization over <paramref name="axes"/> (<c>None</c>: all) with optional mean, variance, epsilon and mask.</summary>
    let standardizeWith (axes: int list option) (mean: NDArray option) (variance: NDArray option) (epsilon: float) (where: NDArray option) (x: NDArray) : NDArray =
        Functional.AD.Nn.Standardize(x, axesOf axes, Option.toObj mean, Option.toObj variance, epsilon, Option.toObj where)

    /// <summary><c>jax.nn.initializers</c>: keyless zeros, ones and constant, and the keyed random initializers (key, shape, dtype).</summary>
    [<RequireQualifiedAccess>]
    module Initializers =

        /// <summary>Zeros of the shape and dtype.</summary>
        let zeros (shape: int list) (dtype: DType) : NDArray = Functional.AD.Nn.Initializers.Zeros(List.toArray shape, dtype)

        /// <summary>Ones of the shape and dtype.</summary>
        let ones (shape: int list) (dtype: DType) : NDArray = Functional.AD.Nn.Initializers.Ones(List.toArray shape, dtype)

        /// <summary>An initializer filling with <paramref name="value"/>.</summary>
        let constant (value: NDArray) : int list -> DType -> NDArray =
            let f = Functional.AD.Nn.Initializers.Constant value
            fun shape dtype -> f.Invoke(List.toArray shape, dtype)

        let private run (init: Initializer) : PRNGKey -> int list -> DType -> NDArray =
            fun key shape dtype -> init.Invoke(key, List.toArray shape, dtype)

        let private axes (a: int list option) = a |> Option.map List.toArray |> Option.toObj

        /// <summary>Normal samples of standard deviation <paramref name="stddev"/> (<c>jax.nn.initializers.normal</c>).</summary>
        let normal (stddev: float) = run (Functional.AD.Nn.Initializers.Normal stddev)

        /// <summary>Uniform samples in [0, scale) (<c>jax.nn.initializers.uniform</c>).</summary>
        let uniform (scale: float) = run (Functional.AD.Nn.Initializers.Uniform scale)

        /// <summary>Truncated normal samples (<c>jax.nn.initializers.truncated_normal</c>).</summary>
        let truncatedNormal (stddev: float) (lower: float) (upper: float) = run (Functional.AD.Nn.Initializers.TruncatedNormal(stddev, lower, upper))

        /// <summary><c>jax.nn.initializers.variance_scaling</c> with in/out/batch axes (<c>None</c>: JAX's -2, -1, none).</summary>
        let varianceScaling (scale: float) (mode: string) (distribution: string) (inAxis: int list option) (outAxis: int list option) (batchAxis: int list option) =
            run (Functional.AD.Nn.Initializers.VarianceScaling(scale, mode, distribution, axes inAxis, axes outAxis, axes batchAxis))

        /// <summary>Glorot (Xavier) normal.</summary>
        let glorotNormal () = run (Functional.AD.Nn.Initializers.GlorotNormal())

        /// <summary>Glorot (Xavier) uniform.</summary>
        let glorotUniform () = run (Functional.AD.Nn.Initializers.GlorotUniform())

        /// <summary>Xavier normal (Glorot normal).</summary>
        let xavierNormal () = run (Functional.AD.Nn.Initializers.XavierNormal())

        /// <summary>Xavier uniform (Glorot uniform).</summary>
        let xavierUniform () = run (Functional.AD.Nn.Initializers.XavierUniform())

        /// <summary>He (Kaiming) normal.</summary>
        let heNormal () = run (Functional.AD.Nn.Initializers.HeNormal())

        /// <summary>He (Kaiming) uniform.</summary>
        let heUniform () = run (Functional.AD.Nn.Initializers.HeUniform())

        /// <summary>Kaiming normal (He normal).</summary>
        let kaimingNormal () = run (Functional.AD.Nn.Initializers.KaimingNormal())

        /// <summary>Kaiming uniform (He uniform).</summary>
        let kaimingUniform () = run (Functional.AD.Nn.Initializers.KaimingUniform())

        /// <summary>LeCun normal.</summary>
        let lecunNormal () = run (Functional.AD.Nn.Initializers.LecunNormal())

        /// <summary>LeCun uniform.</summary>
        let lecunUniform () = run (Functional.AD.Nn.Initializers.LecunUniform())

        /// <summary>Orthonormal columns (or rows) along <paramref name="columnAxis"/>, times <paramref name="scale"/>.</summary>
        let orthogonal (scale: float) (columnAxis: int) = run (Functional.AD.Nn.Initializers.Orthogonal(scale, columnAxis))
