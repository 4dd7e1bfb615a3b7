using System;
using System.Collections.Generic;
using System.Threading;

namespace Functional.AD;

/// <summary>
/// Parameters of <c>custom_lin</c>: the custom-VJP function it linearizes and the layout of its operands: the
/// function's constants and operands, the residuals of the user's forward pass (of types
/// <paramref name="ResidualTypes"/>), then one tangent per operand. Its forward-mode value, the JVP of the
/// function along the tangents, is the linear transpose of the user's backward pass at the residuals; that jaxpr
/// is staged only when forward mode needs it (reverse mode never does), so a backward pass that cannot be
/// transposed fails only in forward mode.
/// </summary>
/// <param name="Vjp">The custom-VJP call it belongs to.</param>
/// <param name="ResidualTypes">The residuals' types.</param>
internal sealed record CustomLinParams(CustomVjpParams Vjp, ArrayType[] ResidualTypes) : MemoizingParams
{
    private JaxprExecutable? _executable;

    /// <summary>How many operands (and tangents).</summary>
    internal int NumOperands => Vjp.Call.Jaxpr.InVarList.Length - Vjp.NumConsts;

    /// <summary>How many residuals.</summary>
    internal int NumResiduals => ResidualTypes.Length;

    /// <summary>(constants, operands, residuals, tangents) to the output tangents: the backward pass transposed (staged on first use).</summary>
    internal ClosedJaxpr ForwardTangent => Memo("forward", StageForwardTangent);

    /// <summary>The compiled <see cref="ForwardTangent"/> (compiled on first use, thread-safe).</summary>
    internal JaxprExecutable Executable =>
        _executable ?? Interlocked.CompareExchange(ref _executable, JaxprCompiler.Compile(ForwardTangent), null) ?? _executable!;

    /// <summary>The operand types: the function's inputs, the residuals, then the operands' tangents.</summary>
    internal ArrayType[] InputTypes()
    {
        var inTypes = JaxprTransforms.InputTypes(Vjp.Call.Jaxpr);
        int nc = Vjp.NumConsts;
        var types = new ArrayType[inTypes.Length + ResidualTypes.Length + inTypes.Length - nc];
        inTypes.CopyTo(types, 0);
        ResidualTypes.CopyTo(types, inTypes.Length);
        for (int i = nc; i < inTypes.Length; i++) types[inTypes.Length + ResidualTypes.Length + i - nc] = inTypes[i].Strong;
        return types;
    }

    /// <summary>The result types: one tangent per output of the function.</summary>
    internal ArrayType[] OutputTypes()
    {
        var outTypes = JaxprTransforms.OutputTypes(Vjp.Call.Jaxpr);
        var result = new ArrayType[outTypes.Length];
        for (int i = 0; i < result.Length; i++) result[i] = outTypes[i].Strong;
        return result;
    }

    public override IEnumerable<(string Name, object? Value)> Entries()
    {
        yield return ("bwd", $"bwd({Vjp.Name})");
        yield return ("num_res", NumResiduals);
    }

    public bool Equals(CustomLinParams? other) =>
        other is not null && ReferenceEquals(Vjp, other.Vjp) && ReferenceEquals(ResidualTypes, other.ResidualTypes);

    public override int GetHashCode() => HashCode.Combine(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(Vjp), ResidualTypes.Length);

    /// <summary>
    /// Stages the forward-mode value: the backward pass is linear in its cotangent, so the JVP of the function along
    /// the tangents is the backward pass transposed at the residuals and applied to the tangents. Fails as JAX does
    /// (naming custom_vjp and suggesting CustomJvp) when the backward pass cannot be traced or is not linear.
    /// </summary>
    private ClosedJaxpr StageForwardTangent()
    {
        var inputTypes = InputTypes();
        var ctTypes = OutputTypes();
        int nIn = Vjp.Call.Jaxpr.InVarList.Length, nRes = NumResiduals;
        try
        {
            return JaxprTrace.StageFunction($"custom_lin ({Vjp.Name}, forward mode)", inputTypes, ins =>
            {
                var res = ins[nIn..(nIn + nRes)];
                var tangents = ins[(nIn + nRes)..];
                var backward = Differentiation.TraceLinear(cts => Vjp.Backward(res, cts), ctTypes, $"Jax.CustomVjp({Vjp.Name}) backward pass");
                var nullable = new NDArray?[tangents.Length];
                tangents.CopyTo(nullable, 0);
                return backward.Transpose(nullable);
            });
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidOperationException(
                $"Jax.CustomVjp({Vjp.Name}): can't apply forward-mode autodiff (jvp) to a custom_vjp function whose backward pass " +
                $"cannot be transposed. Forward mode (Jvp, Jacfwd, Hessian) uses the transpose of the backward pass, which must be " +
                $"traceable and linear in its cotangent ({Types(ctTypes)}) given the residuals ({Types(ResidualTypes)}); here: " +
                $"{e.Message.TrimEnd('.')}. Define the function with Jax.CustomJvp to give it a forward-mode rule.", e);
        }
    }

    private static string Types(ArrayType[] types) => types.Length == 0 ? "none" : string.Join(", ", types);
}

/// <summary>
/// <c>custom_lin</c>: the tangent of a custom-VJP function, linear in its tangent operands. Transposed (reverse
/// mode), it calls the user's backward pass on the residuals. Evaluated (forward mode: Jvp, Jacfwd, Hessian), its
/// value is the linear transpose of that backward pass applied to the tangents, so forward and reverse mode agree
/// on the user's rule (documented on <see cref="Jax.CustomVjp{TIn, TOut, TRes}"/>).
/// </summary>
internal sealed class CustomLinPrimitive : Primitive<CustomLinParams>, ILinearPrimitive<CustomLinParams>
{
    internal static readonly CustomLinPrimitive Instance = new();

    private CustomLinPrimitive() : base("custom_lin") { }

    protected override ArrayType[] ShapeRule(ArrayType[] inputs, CustomLinParams p)
    {
        var expected = p.InputTypes();
        if (inputs.Length != expected.Length)
            throw ShapeErrors.Error(Name, $"expected {expected.Length} operands, got {inputs.Length}", inputs);
        for (int i = 0; i < inputs.Length; i++)
            if (!inputs[i].SameShapeAndDType(expected[i]))
                throw ShapeErrors.Error(Name, $"operand {i} must be {expected[i]}", inputs);
        return p.OutputTypes();
    }

    protected override NDArray[] Kernel(NDArray[] args, CustomLinParams p, ArrayType[] outTypes) => p.Executable.Run(args);

    protected override (NDArray[] Primals, NDArray?[] Tangents) Jvp(NDArray[] primals, NDArray?[] tangents, CustomLinParams p) =>
        Differentiation.Jvp(xs => JaxprInterpreter.Eval(p.ForwardTangent.Jaxpr, p.ForwardTangent.ConstList, xs), primals, tangents, "custom_lin");

    public NDArray?[] Transpose(NDArray?[] cotangents, TransposeArg[] args, CustomLinParams p)
    {
        int nc = p.Vjp.NumConsts, nOps = p.NumOperands, nRes = p.NumResiduals;
        int tangentStart = nc + nOps + nRes;
        for (int i = 0; i < tangentStart; i++)
            if (args[i].IsLinear)
                throw new InvalidOperationException($"Jax.CustomVjp({p.Vjp.Name}): transpose of custom_lin: operand {i} ({args[i].Type}) is not a tangent but depends linearly on one");
        var outTypes = p.OutputTypes();
        var res = new NDArray[nRes];
        for (int i = 0; i < nRes; i++) res[i] = args[nc + nOps + i].KnownValue;
        var cts = new NDArray[cotangents.Length];
        for (int i = 0; i < cts.Length; i++) cts[i] = cotangents[i] ?? Ops.Zeros(outTypes[i]);
        var inCts = p.Vjp.Backward(res, cts);
        var result = new NDArray?[args.Length];
        for (int i = 0; i < nOps; i++) result[tangentStart + i] = inCts[i];
        return result;
    }

    protected override (NDArray[] Outputs, int[] OutDims) Batch(NDArray[] args, int[] dims, CustomLinParams p, int axisSize)
    {
        var (moved, batched) = CustomCalls.MoveToFront(args, dims);
        var batchedJaxpr = CustomCalls.BatchedCall(p, p.ForwardTangent, batched, axisSize);
        var results = JaxprInterpreter.Eval(batchedJaxpr.Jaxpr, batchedJaxpr.ConstList, moved);
        return (results, new int[results.Length]);
    }
}
