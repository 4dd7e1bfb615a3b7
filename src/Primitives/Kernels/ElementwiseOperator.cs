namespace Functional.AD;

/// <summary>
/// What a fusible primitive computes, element by element, in a form the Jit fuser runs tile by tile: the same span
/// kernels its eager kernel uses, so an eager call and a fused tile give the same bits. A primitive opts in by
/// implementing <see cref="IFusibleElementwise"/>; the fuser then needs nothing else from it, and a new unary or
/// binary elementwise primitive (a <see cref="UnaryElementwise"/> or <see cref="BinaryElementwise"/>) is fused
/// without any edit outside its own file. The kinds below are the shapes of elementwise work the fuser knows.
/// </summary>
internal abstract class ElementwiseOperator
{
}

/// <summary>One operand in, one result of the same dtype out: <c>y[i] = f(x[i])</c>.</summary>
internal sealed class UnaryOperator<T>(SpanMap<T> kernel) : ElementwiseOperator where T : unmanaged
{
    /// <summary>The span kernel.</summary>
    internal SpanMap<T> Kernel { get; } = kernel;
}

/// <summary>Two operands of one dtype, either of which may be a single value for all elements: <c>z[i] = f(x[i], y[i])</c>.</summary>
internal sealed class BinaryOperator<T>(ElementwiseKernels.BinaryKernels<T> kernels) : ElementwiseOperator where T : unmanaged
{
    /// <summary>The span kernels (both operands spans, or one of them a scalar).</summary>
    internal ElementwiseKernels.BinaryKernels<T> Kernels { get; } = kernels;
}

/// <summary>A comparison of two operands of one dtype into bools; either operand may be a single value.</summary>
internal sealed class ComparisonOperator<T>(ElementwiseKernels.ComparisonKernels<T> kernels) : ElementwiseOperator where T : unmanaged
{
    /// <summary>The span kernels.</summary>
    internal ElementwiseKernels.ComparisonKernels<T> Kernels { get; } = kernels;
}

/// <summary><c>select_n</c>: a bool or i32 selector picks, per element, one of the cases (all of dtype <typeparamref name="T"/>).</summary>
internal sealed class SelectOperator<T> : ElementwiseOperator where T : unmanaged
{
    /// <summary>The one instance per dtype.</summary>
    internal static readonly SelectOperator<T> Instance = new();
}

/// <summary>A dtype conversion with numpy's astype semantics (<see cref="ElementConversion"/>).</summary>
internal sealed class ConvertOperator : ElementwiseOperator
{
    /// <summary>The one instance.</summary>
    internal static readonly ConvertOperator Instance = new();
}

/// <summary>The same elements in the same row-major order under another shape (reshape, squeeze, stop_gradient, a broadcast of one element or of equal size): free inside a fused group.</summary>
internal sealed class AliasOperator : ElementwiseOperator
{
    /// <summary>The one instance.</summary>
    internal static readonly AliasOperator Instance = new();
}

/// <summary>
/// An operand of fewer elements repeated over the output: element i is operand element <c>i mod size</c> (a
/// broadcast of an operand that fills the output's trailing axes, such as a bias over the rows of a batch).
/// </summary>
internal sealed class RepeatOperator : ElementwiseOperator
{
    /// <summary>The one instance.</summary>
    internal static readonly RepeatOperator Instance = new();
}

/// <summary>A primitive the Jit fuser can run inside a fused group, through the operator it describes itself by.</summary>
internal interface IFusibleElementwise
{
    /// <summary>
    /// The operator computing this primitive element by element for operands of <paramref name="inputs"/>, with
    /// <paramref name="parameters"/>, into <paramref name="output"/> (all of one element count, or operands of one
    /// element); null when it cannot be fused in that case.
    /// </summary>
    ElementwiseOperator? Operator(ArrayType[] inputs, PrimitiveParams parameters, ArrayType output);
}
