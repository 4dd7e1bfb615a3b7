using System.Runtime.CompilerServices;
namespace Functional.AD;

/// <summary>
/// Base of unary elementwise primitives: same shape, dtype and weak type out as in. Subclasses give
/// the kernel and the JVP rule <c>dy = f'(x) * dx</c> (with <c>y = f(x)</c> available).
/// </summary>
internal abstract class UnaryElementwise : SingleResultPrimitive<NoParams>, IFusibleElementwise
{
    /// <summary>The span kernels: f64 and f32, and i32 for primitives defined on integers.</summary>
    internal readonly SpanMap<double> F64;
    internal readonly SpanMap<float> F32;
    internal readonly SpanMap<int>? I32;
    internal readonly SpanMap<long>? I64;

    protected UnaryElementwise(string name, SpanMap<double> f64, SpanMap<float> f32, SpanMap<int>? i32 = null, SpanMap<long>? i64 = null) : base(name)
    {
        F64 = f64;
        F32 = f32;
        I32 = i32;
        I64 = i64;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override NDArray Kernel(NDArray[] args, NoParams parameters, ArrayType outType) =>
        I32 is null ? ElementwiseKernels.Map(args[0], outType, F64, F32) : ElementwiseKernels.MapNumeric(args[0], outType, F64, F32, I32, I64);

    /// <summary>Binds the primitive.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal NDArray Apply(NDArray x) => Bind(new[] { x }, NoParams.Instance)[0];

    /// <summary>The fused form: the span kernel of the output's dtype, the one the eager kernel runs.</summary>
    public ElementwiseOperator? Operator(ArrayType[] inputs, PrimitiveParams parameters, ArrayType output) => output.DType switch
    {
        DType.Float64 => new UnaryOperator<double>(F64),
        DType.Float32 => new UnaryOperator<float>(F32),
        DType.Int32 when I32 is not null => new UnaryOperator<int>(I32),
        _ => null,
    };

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override ArrayType ShapeRule(ArrayType[] inputs, NoParams parameters)
    {
        if (inputs.Length != 1) throw ShapeErrors.Error(Name, $"takes 1 operand, got {inputs.Length}", inputs);
        var t = inputs[0];
        bool allowInt = I32 is not null;
        var c = t.DType.ComputeType();
        if (!(c.IsFloat() || (allowInt && c == DType.Int32) || (I64 is not null && c == DType.Int64)))
            throw ShapeErrors.Error(Name, allowInt ? "requires a numeric operand" : "requires a floating-point operand", t);
        return t;
    }

    /// <summary>True when applying the operation twice gives back the operand (neg): the compiler drops such pairs.</summary>
    internal virtual bool IsInvolution => false;

    /// <summary>The JVP rule of a unary elementwise primitive: the tangent of the output given the input, the output and the input tangent.</summary>
    protected abstract NDArray Jvp(NDArray x, NDArray y, NDArray t);

    protected override (NDArray Output, int OutDim) Batch(NDArray[] args, int[] dims, NoParams parameters, int axisSize) =>
        (Apply(args[0]), dims[0]);

    protected override (NDArray Primal, NDArray? Tangent) Jvp(NDArray[] primals, NDArray?[] tangents, NoParams parameters)
    {
        var x = primals[0];
        var y = Apply(x);
        var t = tangents[0];
        return (y, t is null ? null : Jvp(x, y, t));
    }
}

/// <summary>
/// A unary elementwise primitive that is piecewise constant (floor, ceil, round): its tangent is zero everywhere,
/// as in JAX, so forward mode returns no tangent and reverse mode never reaches it.
/// </summary>
internal abstract class PiecewiseConstantUnary : UnaryElementwise
{
    protected PiecewiseConstantUnary(string name, SpanMap<double> f64, SpanMap<float> f32) : base(name, f64, f32) { }

    protected sealed override (NDArray Primal, NDArray? Tangent) Jvp(NDArray[] primals, NDArray?[] tangents, NoParams parameters) =>
        (Apply(primals[0]), null);

    protected sealed override NDArray Jvp(NDArray x, NDArray y, NDArray t) =>
        throw new System.InvalidOperationException($"{Name}: unreachable, the tangent is zero");
}

/// <summary>
/// Base of binary elementwise primitives: operands of one dtype with equal shapes, or one of them 0-d
/// (broadcast against the other). The output is weakly typed only when both operands are.
/// </summary>
internal abstract class BinaryElementwise : SingleResultPrimitive<NoParams>, IFusibleElementwise
{
    /// <summary>The span kernels per dtype (null where the op is not defined).</summary>
    internal readonly ElementwiseKernels.BinaryKernels<double> F64;
    internal readonly ElementwiseKernels.BinaryKernels<float> F32;
    internal readonly ElementwiseKernels.BinaryKernels<int>? I32;
    internal readonly ElementwiseKernels.BinaryKernels<bool>? Bool;
    internal readonly ElementwiseKernels.BinaryKernels<long>? I64;

    protected BinaryElementwise(string name, ElementwiseKernels.BinaryKernels<double> f64, ElementwiseKernels.BinaryKernels<float> f32,
        ElementwiseKernels.BinaryKernels<int>? i32, ElementwiseKernels.BinaryKernels<bool>? b8 = null, ElementwiseKernels.BinaryKernels<long>? i64 = null) : base(name)
    {
        F64 = f64;
        F32 = f32;
        I32 = i32;
        Bool = b8;
        I64 = i64;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override NDArray Kernel(NDArray[] args, NoParams parameters, ArrayType outType) =>
        ElementwiseKernels.Zip(args[0], args[1], outType, F64, F32, I32, Name, Bool, I64);

    /// <summary>Binds the primitive.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal NDArray Apply(NDArray x, NDArray y) => Bind(new[] { x, y }, NoParams.Instance)[0];

    /// <summary>The fused form: the span kernels of the operands' dtype, the ones the eager kernel runs.</summary>
    public ElementwiseOperator? Operator(ArrayType[] inputs, PrimitiveParams parameters, ArrayType output) => output.DType switch
    {
        DType.Float64 when inputs[0].DType == DType.Float64 => new BinaryOperator<double>(F64),
        DType.Float32 when inputs[0].DType == DType.Float32 => new BinaryOperator<float>(F32),
        DType.Int32 when I32 is not null && inputs[0].DType == DType.Int32 => new BinaryOperator<int>(I32),
        DType.Bool when Bool is not null && inputs[0].DType == DType.Bool => new BinaryOperator<bool>(Bool),
        _ => null,
    };

    /// <summary>A value e with x op e = x for every x (0 for add and sub, 1 for mul and div), or null: the compiler drops such operations.</summary>
    internal virtual double? RightIdentity => null;

    /// <summary>A value e with e op x = x for every x (0 for add, 1 for mul), or null.</summary>
    internal virtual double? LeftIdentity => null;

    /// <summary>The dtype of the result for operands of <paramref name="operand"/>.</summary>
    protected virtual DType ResultDType(DType operand) => operand;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override ArrayType ShapeRule(ArrayType[] inputs, NoParams parameters) =>
        BinaryType(Name, inputs, I32 is not null, Bool is not null, I64 is not null) with { DType = ResultDType(inputs[0].DType) };

    /// <summary>The shared shape/dtype rule of binary elementwise ops.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static ArrayType BinaryType(string name, ArrayType[] inputs, bool allowInt, bool allowBool, bool allowInt64 = false)
    {
        if (inputs.Length != 2) throw ShapeErrors.Error(name, $"takes 2 operands, got {inputs.Length}", inputs);
        var (a, b) = (inputs[0], inputs[1]);
        if (a.DType != b.DType)
            throw ShapeErrors.Error(name, "operands must have the same dtype", a, b);
        var d = a.DType;
        var c = d.ComputeType();
        if (!(c.IsFloat() || (allowInt && c == DType.Int32) || (allowInt64 && c == DType.Int64) || (allowBool && c == DType.Bool)))
            throw ShapeErrors.Error(name, $"is not defined for {d.ShortName()} operands", a, b);
        Shape shape;
        if (a.Shape == b.Shape) shape = a.Shape;
        else if (b.Rank == 0) shape = a.Shape;
        else if (a.Rank == 0) shape = b.Shape;
        else throw ShapeErrors.Error(name, "operands must have equal shapes or one must be 0-d", a, b);
        return new ArrayType(shape, d, a.Weak && b.Weak);
    }

    protected override (NDArray Output, int OutDim) Batch(NDArray[] args, int[] dims, NoParams parameters, int axisSize)
    {
        var (aligned, outDim) = Batching.AlignElementwise(args, dims, axisSize);
        return (Apply(aligned[0], aligned[1]), outDim);
    }

    /// <summary>A tangent of an operand, broadcast to the output shape.</summary>
    protected static NDArray Broadcast(NDArray t, NDArray output) => Ops.BroadcastTo(t, output.Shape);
}
