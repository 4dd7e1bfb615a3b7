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
