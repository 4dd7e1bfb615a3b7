using System;
using System.Collections.Generic;

namespace Functional.AD;

/// <summary>
/// Parameters of <c>debug_callback</c>: the action to run on the concrete operands and what it is (printed in jaxprs).
/// Equal when they carry the same action.
/// </summary>
/// <param name="Callback">Called with the concrete values of the operands, in order.</param>
/// <param name="Description">What the callback does, for printed jaxprs (for example the format of a debug print).</param>
internal sealed record DebugCallbackParams(Action<NDArray[]> Callback, string Description) : PrimitiveParams
{
    public override IEnumerable<(string Name, object? Value)> Entries()
    {
        yield return ("callback", Description);
    }
}

/// <summary>
/// The <c>debug_callback</c> primitive (JAX's): no outputs, one side effect, calling a user's action with the concrete
/// values of its operands when the program runs. Its rules follow JAX: under differentiation it runs on the primal
/// values and passes no tangent on (it has no outputs, so the backward pass never reaches it); under Vmap it runs once
/// per example, in order, on that example's slices; under Jit it is staged, kept by dead-code elimination, never
/// merged or folded, and runs each time the compiled program does.
/// </summary>
internal sealed class DebugCallbackPrimitive : Primitive<DebugCallbackParams>
{
    internal static readonly DebugCallbackPrimitive Instance = new();

    private DebugCallbackPrimitive() : base("debug_callback") { }

    internal override bool HasSideEffects => true;

    protected override ArrayType[] ShapeRule(ArrayType[] inputs, DebugCallbackParams p) => Array.Empty<ArrayType>();

    /// <summary>
    /// Runs the action on copies of the operands: a compiled program recycles the buffers of its intermediates after their
    /// last use, and the action may keep what it is given.
    /// </summary>
    protected override NDArray[] Kernel(NDArray[] args, DebugCallbackParams p, ArrayType[] outTypes)
    {
        var values = new NDArray[args.Length];
        for (int i = 0; i < args.Length; i++)
        {
            var c = (ConcreteArray)args[i];
            values[i] = c.Owner is null ? c : c.Copy(c.Type);
        }
        p.Callback(values);
        return Array.Empty<NDArray>();
    }

    protected override (NDArray[] Primals, NDArray?[] Tangents) Jvp(NDArray[] primals, NDArray?[] tangents, DebugCallbackParams p)
    {
        Bind(primals, p);
        return (Array.Empty<NDArray>(), Array.Empty<NDArray?>());
    }

    /// <summary>One call per example, in order, each on that example's slice of the mapped operands.</summary>
    protected override (NDArray[] Outputs, int[] OutDims) Batch(NDArray[] args, int[] dims, DebugCallbackParams p, int axisSize)
    {
        for (int b = 0; b < axisSize; b++)
        {
            var example = new NDArray[args.Length];
            for (int i = 0; i < args.Length; i++)
                example[i] = dims[i] == Batching.NotMapped ? args[i] : Lax.IndexInDim(args[i], b, dims[i], keepDims: false);
            Bind(example, p);
        }
        return (Array.Empty<NDArray>(), Array.Empty<int>());
    }
}
