using System;
using System.Runtime.CompilerServices;

namespace Functional.AD;

/// <summary>
/// The <c>select_n</c> primitive: <c>select_n(which, case0, case1, ...)</c> picks, elementwise,
/// <c>cases[which]</c>. <c>which</c> is bool (two cases: false picks case0) or i32, of the cases'
/// shape or 0-d. Linear in the cases.
/// </summary>
internal sealed class SelectNPrimitive : SingleResultPrimitive<NoParams>, ILinearSingleResultPrimitive<NoParams>, IFusibleElementwise
{
    internal static readonly SelectNPrimitive Instance = new();

    /// <summary>Fused as a per-element choice among the cases.</summary>
    public ElementwiseOperator? Operator(ArrayType[] inputs, PrimitiveParams parameters, ArrayType output) => output.DType switch
    {
        DType.Float64 => SelectOperator<double>.Instance,
        DType.Float32 => SelectOperator<float>.Instance,
        DType.Int32 => SelectOperator<int>.Instance,
        _ => SelectOperator<bool>.Instance,
    };

    private SelectNPrimitive() : base("select_n") { }

    protected override ArrayType ShapeRule(ArrayType[] inputs, NoParams parameters)
    {
        if (inputs.Length < 2) throw ShapeErrors.Error(Name, "needs a predicate and at least one case", inputs);
        var which = inputs[0];
        if (which.DType != DType.Bool && which.DType != DType.Int32)
            throw ShapeErrors.Error(Name, "the predicate must be bool or i32", inputs);
        if (which.DType == DType.Bool && inputs.Length > 3)
            throw ShapeErrors.Error(Name, "a bool predicate selects between at most two cases", inputs);
        var c0 = inputs[1];
        bool weak = true;
        for (int i = 1; i < inputs.Length; i++)
        {
            if (!inputs[i].SameShapeAndDType(c0))
                throw ShapeErrors.Error(Name, "all cases must have the same shape and dtype", inputs);
            weak &= inputs[i].Weak;
        }
        if (which.Rank != 0 && which.Shape != c0.Shape)
            throw ShapeErrors.Error(Name, "the predicate must be 0-d or have the cases' shape", inputs);
        return c0 with { Weak = weak };
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override NDArray Kernel(NDArray[] args, NoParams parameters, ArrayType outType)
    {
        var which = (ConcreteArray)args[0];
        int n = outType.Size;
        var cases = new ConcreteArray[args.Length - 1];
        for (int i = 0; i < cases.Length; i++) cases[i] = (ConcreteArray)args[i + 1];
        var output = ConcreteArray.Allocate(outType);
        switch (outType.DType)
        {
            case DType.Float64: Select<double>(which, cases, n, output.Writable<double>()); break;
            case DType.Float32: Select<float>(which, cases, n, output.Writable<float>()); break;
            case DType.Int32: Select<int>(which, cases, n, output.Writable<int>()); break;
            case DType.Int64: Select<long>(which, cases, n, output.Writable<long>()); break;
            default: Select<bool>(which, cases, n, output.Writable<bool>()); break;
        }
        return output;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Select<T>(ConcreteArray which, ConcreteArray[] cases, int n, Span<T> result) where T : unmanaged
    {
        if (which.Rank == 0 && cases[0].Rank != 0)
        {
            int k = which.DType == DType.Bool ? (which.Span<bool>()[0] ? 1 : 0) : which.Span<int>()[0];
            cases[Math.Clamp(k, 0, cases.Length - 1)].Span<T>().CopyTo(result);
            return;
        }
        if (which.DType == DType.Bool)
        {
            var w = which.Span<bool>();
            var f = cases[0].Span<T>();
            var t = cases.Length > 1 ? cases[1].Span<T>() : f;
            for (int i = 0; i < n; i++) result[i] = w[i] ? t[i] : f[i];
        }
        else
        {
            var w = which.Span<int>();
            for (int i = 0; i < n; i++) result[i] = cases[Math.Clamp(w[i], 0, cases.Length - 1)].Span<T>()[i];
        }
    }

    /// <summary>
    /// Batching: the cases must keep one shape, so unbatched cases are broadcast along the batch; the
    /// predicate is broadcast too unless it is an unbatched 0-d value (which selects for every example alike).
    /// </summary>
    protected override (NDArray Output, int OutDim) Batch(NDArray[] args, int[] dims, NoParams parameters, int axisSize)
    {
        var aligned = new NDArray[args.Length];
        Shape example = Batching.ExampleShape(args[1], dims[1]);
        for (int i = 1; i < args.Length; i++) aligned[i] = Batching.ToFront(args[i], dims[i], axisSize);
        var which = args[0];
        if (dims[0] == Batching.NotMapped)
            aligned[0] = which.Rank == 0 ? which : Batching.BroadcastBatch(which, axisSize);
        else
        {
            which = Batching.MoveAxis(which, dims[0], 0);
            aligned[0] = which.Rank == 1 && example.Rank > 0
                ? Ops.BroadcastInDim(which, Batching.Prepend(axisSize, example), new IntTuple(0))
                : which;
        }
        return (Bind(aligned, parameters)[0], 0);
    }

    protected override (NDArray Primal, NDArray? Tangent) Jvp(NDArray[] primals, NDArray?[] tangents, NoParams parameters)
    {
        var y = Bind(primals, parameters)[0];
        bool any = false;
        for (int i = 1; i < tangents.Length; i++) any |= tangents[i] is not null;
        if (!any) return (y, null);
        var args = new NDArray[primals.Length];
        args[0] = primals[0];
        for (int i = 1; i < primals.Length; i++) args[i] = tangents[i] ?? Ops.Zeros(y.Type.Strong);
        return (y, Bind(args, parameters)[0]);
    }

    public NDArray?[] Transpose(NDArray ct, TransposeArg[] args, NoParams parameters)
    {
        if (args[0].IsLinear) throw new InvalidOperationException("select_n: the predicate cannot be linear");
        var which = args[0].KnownValue;
        var result = new NDArray?[args.Length];
        NDArray? zeros = null;
        for (int i = 1; i < args.Length; i++)
        {
            if (!args[i].IsLinear) continue;
            zeros ??= Ops.ZerosLike(ct);
            var cases = new NDArray[args.Length];
            cases[0] = which;
            for (int j = 1; j < args.Length; j++) cases[j] = j == i ? ct : zeros;
            result[i] = Bind(cases, parameters)[0];
        }
        return result;
    }
}

internal static partial class Ops
{
    /// <summary><c>select_n(which, cases...)</c>.</summary>
    internal static NDArray SelectN(NDArray which, params NDArray[] cases)
    {
        var args = new NDArray[cases.Length + 1];
        args[0] = which;
        cases.CopyTo(args, 1);
        return SelectNPrimitive.Instance.Bind(args, NoParams.Instance)[0];
    }

    /// <summary>Elementwise <c>pred ? onTrue : onFalse</c> (<c>select_n(pred, onFalse, onTrue)</c>).</summary>
    internal static NDArray Select(NDArray pred, NDArray onTrue, NDArray onFalse) => SelectN(pred, onFalse, onTrue);
}
