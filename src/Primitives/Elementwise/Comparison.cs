using System.Runtime.CompilerServices;
namespace Functional.AD;

/// <summary>
/// The comparison primitives <c>eq ne lt le gt ge</c>: elementwise, bool result, zero derivative.
/// Operands have one dtype (any, bool included for eq/ne) with equal shapes or one 0-d.
/// </summary>
internal sealed class ComparisonPrimitive : SingleResultPrimitive<NoParams>, IFusibleElementwise
{
    internal static readonly ComparisonPrimitive Eq = Of<EqualTo>("eq");
    internal static readonly ComparisonPrimitive Ne = Of<NotEqualTo>("ne");
    internal static readonly ComparisonPrimitive Lt = Of<LessThan>("lt");
    internal static readonly ComparisonPrimitive Le = Of<LessThanOrEqual>("le");
    internal static readonly ComparisonPrimitive Gt = Of<GreaterThan>("gt");
    internal static readonly ComparisonPrimitive Ge = Of<GreaterThanOrEqual>("ge");

    private readonly ElementwiseKernels.ComparisonKernels<double> _f64;
    private readonly ElementwiseKernels.ComparisonKernels<float> _f32;
    private readonly ElementwiseKernels.ComparisonKernels<int> _i32;
    private readonly ElementwiseKernels.ComparisonKernels<bool> _b8;
    private readonly ElementwiseKernels.ComparisonKernels<long> _i64;

    private ComparisonPrimitive(string name, ElementwiseKernels.ComparisonKernels<double> f64, ElementwiseKernels.ComparisonKernels<float> f32,
        ElementwiseKernels.ComparisonKernels<int> i32, ElementwiseKernels.ComparisonKernels<bool> b8, ElementwiseKernels.ComparisonKernels<long> i64) : base(name)
    {
        (_f64, _f32, _i32, _b8, _i64) = (f64, f32, i32, b8, i64);
    }

    private static ComparisonPrimitive Of<TOp>(string name) where TOp : struct, IComparison => new(name,
        ComparisonKernels<TOp>.For<double>(), ComparisonKernels<TOp>.For<float>(), ComparisonKernels<TOp>.For<int>(), ComparisonKernels<TOp>.Bool,
        ComparisonKernels<TOp>.For<long>());

    /// <inheritdoc/>
    public ElementwiseOperator? Operator(ArrayType[] inputs, PrimitiveParams parameters, ArrayType output) => inputs[0].DType switch
    {
        DType.Float64 => new ComparisonOperator<double>(_f64),
        DType.Float32 => new ComparisonOperator<float>(_f32),
        DType.Int32 => new ComparisonOperator<int>(_i32),
        _ => new ComparisonOperator<bool>(_b8),
    };

    /// <summary>Binds the comparison.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal NDArray Apply(NDArray x, NDArray y) => Bind(new[] { x, y }, NoParams.Instance)[0];

    protected override ArrayType ShapeRule(ArrayType[] inputs, NoParams parameters) =>
        BinaryElementwise.BinaryType(Name, inputs, allowInt: true, allowBool: true, allowInt64: true) with { DType = DType.Bool, Weak = false };

    protected override NDArray Kernel(NDArray[] args, NoParams parameters, ArrayType outType) =>
        ElementwiseKernels.Compare(args[0], args[1], outType, _f64, _f32, _i32, _b8, _i64);

    protected override (NDArray Output, int OutDim) Batch(NDArray[] args, int[] dims, NoParams parameters, int axisSize)
    {
        var (aligned, outDim) = Batching.AlignElementwise(args, dims, axisSize);
        return (Apply(aligned[0], aligned[1]), outDim);
    }

    protected override (NDArray Primal, NDArray? Tangent) Jvp(NDArray[] primals, NDArray?[] tangents, NoParams parameters) =>
        (Apply(primals[0], primals[1]), null);
}

internal static partial class Ops
{
    /// <summary>x == y elementwise.</summary>
    internal static NDArray Eq(NDArray x, NDArray y) => ComparisonPrimitive.Eq.Apply(x, y);

    /// <summary>x != y elementwise.</summary>
    internal static NDArray Ne(NDArray x, NDArray y) => ComparisonPrimitive.Ne.Apply(x, y);

    /// <summary>x &lt; y elementwise.</summary>
    internal static NDArray Lt(NDArray x, NDArray y) => ComparisonPrimitive.Lt.Apply(x, y);

    /// <summary>x &lt;= y elementwise.</summary>
    internal static NDArray Le(NDArray x, NDArray y) => ComparisonPrimitive.Le.Apply(x, y);

    /// <summary>x &gt; y elementwise.</summary>
    internal static NDArray Gt(NDArray x, NDArray y) => ComparisonPrimitive.Gt.Apply(x, y);

    /// <summary>x &gt;= y elementwise.</summary>
    internal static NDArray Ge(NDArray x, NDArray y) => ComparisonPrimitive.Ge.Apply(x, y);
}
