using System;
using System.Runtime.CompilerServices;
using System.Collections.Generic;

namespace Functional.AD;

/// <summary>
/// Typed parameters of a primitive: a record with value equality (never a string dictionary).
/// <see cref="Entries"/> lists them for printing in jaxprs (sorted by name, as JAX prints them).
/// </summary>
public abstract record PrimitiveParams
{
    /// <summary>The parameters as (name, value) pairs for printing; empty for a primitive without parameters.</summary>
    public virtual IEnumerable<(string Name, object? Value)> Entries() => System.Array.Empty<(string, object?)>();

    /// <summary>True to print <see cref="Entries"/> in their own order instead of sorted by name.</summary>
    internal virtual bool KeepEntryOrder => false;

    /// <summary>A carried jaxpr whose inputs and outputs are printed with the names of the equation's operands and results (as JAX prints jit).</summary>
    internal virtual Jaxpr? SharesVariableNamesWith => null;
}

/// <summary>The parameters of a primitive that has none.</summary>
public sealed record NoParams : PrimitiveParams
{
    /// <summary>The single instance.</summary>
    public static NoParams Instance { get; } = new();
}

/// <summary>
/// An argument of a transpose rule: either a known value (a residual or constant) or a linear input
/// whose cotangent the rule must compute (an "undefined primal", of which only the type is known).
/// </summary>
internal readonly struct TransposeArg
{
    /// <summary>The known value, or null for a linear input.</summary>
    public readonly NDArray? Value;

    /// <summary>The type of the argument.</summary>
    public readonly ArrayType Type;

    private TransposeArg(NDArray? value, ArrayType type)
    {
        Value = value;
        Type = type;
    }

    /// <summary>True for an input the rule must produce a cotangent for.</summary>
    public bool IsLinear => Value is null;

    /// <summary>A linear input of the given type.</summary>
    public static TransposeArg Linear(ArrayType type) => new(null, type);

    /// <summary>A known (non-linear) input.</summary>
    public static TransposeArg Known(NDArray value) => new(value, value.Type);

    /// <summary>The known value; throws when the argument is linear.</summary>
    public NDArray KnownValue => Value ?? throw new InvalidOperationException("transpose: expected a known value, found a linear input");
}

/// <summary>
/// A primitive operation. Everything in <c>Np</c>, <c>Nn</c> and <c>Lax</c> is a composition of
/// primitives. A primitive declares its shape rule (which validates), its kernel, its JVP rule,
/// its transpose rule if it is linear, and its batching rule; traces apply those rules.
/// </summary>
public abstract class Primitive
{
    /// <summary>Creates a primitive with the name jaxprs print (JAX's lax name).</summary>
    protected Primitive(string name) => Name = name;

    /// <summary>The name printed in jaxprs, e.g. <c>sin</c>, <c>dot_general</c>.</summary>
    public string Name { get; }

    /// <summary>The name.</summary>
    public override string ToString() => Name;

    /// <summary>Hands the primitive to the current trace.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal NDArray[] Bind(NDArray[] args, PrimitiveParams parameters) =>
        TraceContext.Current.Process(this, args, parameters);

    /// <summary>The shape rule: output types for the given input types; validates and throws <see cref="ArgumentException"/> naming the operation and the typed shapes.</summary>
    internal abstract ArrayType[] ShapeRule(ArrayType[] inputs, PrimitiveParams parameters);

    /// <summary>The kernel: outputs of <paramref name="outTypes"/> from concrete arguments the shape rule accepted (compiled code calls it directly).</summary>
    internal abstract NDArray[] Kernel(NDArray[] args, PrimitiveParams parameters, ArrayType[] outTypes);

    /// <summary>Runs the primitive on concrete arguments: the shape rule (which validates them), then the kernel.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal NDArray[] Evaluate(NDArray[] args, PrimitiveParams parameters)
    {
        var types = new ArrayType[args.Length];
        for (int i = 0; i < args.Length; i++) types[i] = args[i].Type;
        return Kernel(args, parameters, ShapeRule(types, parameters));
    }

    /// <summary>
    /// The JVP rule: outputs and their tangents, written with other primitives. A null tangent (in
    /// or out) is a symbolic zero and is never materialised.
    /// </summary>
    internal abstract (NDArray[] Primals, NDArray?[] Tangents) Jvp(NDArray[] primals, NDArray?[] tangents, PrimitiveParams parameters);

    /// <summary>
    /// The transpose rule for a primitive linear in some inputs: given output cotangents (null = zero),
    /// the cotangents of the linear inputs (null = zero; entries for known inputs are ignored).
    /// Only a primitive that <see cref="HasTransposeRule"/> has one.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal virtual NDArray?[] Transpose(NDArray?[] cotangents, TransposeArg[] args, PrimitiveParams parameters) =>
        throw new NotSupportedException($"{Name} is not linear in its inputs, so it has no transpose rule");

    /// <summary>
    /// The batching rule (for <c>Vmap</c>): applies the primitive to arguments that carry an extra batch
    /// axis at <paramref name="dims"/>[i] (<c>Batching.NotMapped</c> for an unbatched argument) and
    /// returns the outputs with the position of their batch axis (or <c>Batching.NotMapped</c>).
    /// Runs with the parent trace current; it must not loop over the batch.
    /// </summary>
    internal abstract (NDArray[] Outputs, int[] OutDims) Batch(NDArray[] args, int[] dims, PrimitiveParams parameters, int axisSize);

    /// <summary>
    /// The batching rule as the batch trace <paramref name="batchTrace"/> applies it: the same as
    /// <see cref="Batch"/>, except for a primitive whose rules run user code later that may close over that trace's
    /// tracers (custom derivatives), which needs the trace's identity to see them.
    /// </summary>
    internal virtual (NDArray[] Outputs, int[] OutDims) BatchWithin(Trace batchTrace, NDArray[] args, int[] dims, PrimitiveParams parameters, int axisSize) =>
        Batch(args, dims, parameters, axisSize);

    /// <summary>
    /// The error for a backward pass that must transpose this primitive, which has no transpose rule (it is applied to a
    /// value that depends on the linear inputs and a cotangent reaches its output). For a built-in primitive that means
    /// the function is not linear.
    /// </summary>
    /// <param name="operation">The transform running the backward pass.</param>
    internal virtual Exception MissingTransposeRule(string operation) => new InvalidOperationException(
        $"{operation}: the function is not linear in its input: '{Name}' is applied to a value that depends on it");

    /// <summary>
    /// True when the primitive has a transpose rule, i.e. it is linear in some of its inputs (the backward pass requires
    /// it of every equation that passes a cotangent on to a linear value). Set once, when the primitive is made, from whether it declares
    /// the rule: a built-in primitive by implementing <see cref="ILinearPrimitive{TParams}"/> or
    /// <see cref="ILinearSingleResultPrimitive{TParams}"/>, a user's primitive by giving <c>PrimitiveDefinition.Transpose</c>.
    /// </summary>
    internal bool HasTransposeRule { get; private protected init; }

    /// <summary>
    /// True for a first-order primitive built into the library: its rules only bind other primitives and keep no
    /// reference to their arguments, so under eager evaluation their results are fresh arrays or views of their
    /// arguments. The eager backward pass releases the buffers of cotangents consumed by such rules; a cotangent
    /// handed to any other rule (a higher-order primitive, a user's primitive or custom derivative) may be kept.
    /// </summary>
    internal virtual bool IsFirstOrder => false;

    /// <summary>
    /// True for a primitive run for what it does rather than for its results (<c>debug_callback</c>): compilers and
    /// transforms keep it even when nothing reads its outputs, never merge two of its equations and never evaluate it
    /// ahead of time. A higher-order primitive whose jaxprs hold such an equation is treated the same way
    /// (see <c>Effects</c>).
    /// </summary>
    internal virtual bool HasSideEffects => false;

    /// <summary>
    /// For a primitive that runs a jaxpr (<c>jit</c>): called when its result holds a NaN or infinity the
    /// <see cref="NumericChecks"/> look for, it re-runs the jaxpr one primitive at a time on <paramref name="args"/> and
    /// returns the report naming the first equation that produces one (null when none does, or for other primitives).
    /// </summary>
    internal virtual Exception? LocateNonFinite(NDArray[] args, PrimitiveParams parameters) => null;

    /// <summary>
    /// True when the transpose rule reads its output cotangent once, as an operand of the first elementwise kernel it
    /// runs, and returns nothing else that shares its buffer: a cotangent that is dead after the rule may then be
    /// overwritten by that kernel's result (see <see cref="BufferDonation"/>).
    /// </summary>
    internal virtual bool TransposeReadsCotangentOnce => false;

    /// <summary>
    /// The error for a result shape too large for an array, made by a built-in shape rule where the operation is not
    /// known: an <see cref="ArgumentException"/> naming this primitive and the typed shapes of its operands.
    /// </summary>
    private protected ArgumentException ShapeSizeError(ShapeSizeException e, ArrayType[] inputs) => ShapeSize.Error(Name, e.Message, inputs);

    /// <summary>
    /// Returns the <paramref name="outputs"/> of a built-in kernel, keeping its <paramref name="args"/> alive until it is
    /// done: the kernel reads their buffers through spans, which do not keep the arrays (and so their pooled buffers) alive.
    /// </summary>
    private protected static NDArray[] KeepAlive(NDArray[] args, NDArray[] outputs)
    {
        GC.KeepAlive(args);
        return outputs;
    }
}

/// <summary>
/// A built-in primitive with parameters of type <typeparamref name="TParams"/> that is linear in some of its inputs:
/// implementing this interface, which carries its transpose rule, is what makes it linear.
/// </summary>
internal interface ILinearPrimitive<TParams> where TParams : PrimitiveParams
{
    /// <summary>The transpose rule (see <see cref="Primitive.Transpose"/>).</summary>
    NDArray?[] Transpose(NDArray?[] cotangents, TransposeArg[] args, TParams parameters);
}

/// <summary>A primitive with parameters of type <typeparamref name="TParams"/>: the untyped rules cast once and call the typed ones.</summary>
internal abstract class Primitive<TParams> : Primitive where TParams : PrimitiveParams
{
    protected Primitive(string name) : base(name) => HasTransposeRule = this is ILinearPrimitive<TParams>;

    /// <summary>The shape rule (see <see cref="Primitive.ShapeRule"/>).</summary>
    protected abstract ArrayType[] ShapeRule(ArrayType[] inputs, TParams parameters);

    /// <summary>The kernel: concrete outputs of the given types from concrete inputs.</summary>
    protected abstract NDArray[] Kernel(NDArray[] args, TParams parameters, ArrayType[] outTypes);

    /// <summary>The JVP rule (see <see cref="Primitive.Jvp"/>).</summary>
    protected abstract (NDArray[] Primals, NDArray?[] Tangents) Jvp(NDArray[] primals, NDArray?[] tangents, TParams parameters);

    /// <summary>The batching rule (see <see cref="Primitive.Batch"/>).</summary>
    protected abstract (NDArray[] Outputs, int[] OutDims) Batch(NDArray[] args, int[] dims, TParams parameters, int axisSize);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal sealed override ArrayType[] ShapeRule(ArrayType[] inputs, PrimitiveParams parameters)
    {
        try
        {
            return ShapeRule(inputs, (TParams)parameters);
        }
        catch (ShapeSizeException e)
        {
            throw ShapeSizeError(e, inputs);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal sealed override NDArray[] Kernel(NDArray[] args, PrimitiveParams parameters, ArrayType[] outTypes) =>
        KeepAlive(args, Kernel(args, (TParams)parameters, outTypes));

    internal sealed override (NDArray[] Primals, NDArray?[] Tangents) Jvp(NDArray[] primals, NDArray?[] tangents, PrimitiveParams parameters) =>
        Jvp(primals, tangents, (TParams)parameters);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal sealed override NDArray?[] Transpose(NDArray?[] cotangents, TransposeArg[] args, PrimitiveParams parameters) =>
        this is ILinearPrimitive<TParams> linear
            ? linear.Transpose(cotangents, args, (TParams)parameters)
            : base.Transpose(cotangents, args, parameters);

    internal sealed override (NDArray[] Outputs, int[] OutDims) Batch(NDArray[] args, int[] dims, PrimitiveParams parameters, int axisSize) =>
        Batch(args, dims, (TParams)parameters, axisSize);
}

/// <summary>
/// A built-in single-result primitive with parameters of type <typeparamref name="TParams"/> that is linear in some of
/// its inputs: implementing this interface, which carries its transpose rule, is what makes it linear.
/// </summary>
internal interface ILinearSingleResultPrimitive<TParams> where TParams : PrimitiveParams
{
    /// <summary>The transpose rule for one output cotangent (never null when called; see <see cref="Primitive.Transpose"/>).</summary>
    NDArray?[] Transpose(NDArray cotangent, TransposeArg[] args, TParams parameters);
}

/// <summary>A primitive with a single result: the rules deal in one output and one tangent.</summary>
internal abstract class SingleResultPrimitive<TParams> : Primitive where TParams : PrimitiveParams
{
    protected SingleResultPrimitive(string name) : base(name) => HasTransposeRule = this is ILinearSingleResultPrimitive<TParams>;

    /// <summary>The shape rule for one output: its type; validates inputs.</summary>
    protected abstract ArrayType ShapeRule(ArrayType[] inputs, TParams parameters);

    /// <summary>The kernel for one output.</summary>
    protected abstract NDArray Kernel(NDArray[] args, TParams parameters, ArrayType outType);

    /// <summary>The JVP rule for one output: (output, tangent or null for zero).</summary>
    protected abstract (NDArray Primal, NDArray? Tangent) Jvp(NDArray[] primals, NDArray?[] tangents, TParams parameters);

    /// <summary>The batching rule for one output: the result and the position of its batch axis.</summary>
    protected abstract (NDArray Output, int OutDim) Batch(NDArray[] args, int[] dims, TParams parameters, int axisSize);

    /// <summary>Binds with one result.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal NDArray Apply(NDArray[] args, TParams parameters) => Bind(args, parameters)[0];

    internal sealed override bool IsFirstOrder => true;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal sealed override ArrayType[] ShapeRule(ArrayType[] inputs, PrimitiveParams parameters)
    {
        try
        {
            return new[] { ShapeRule(inputs, (TParams)parameters) };
        }
        catch (ShapeSizeException e)
        {
            throw ShapeSizeError(e, inputs);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal sealed override NDArray[] Kernel(NDArray[] args, PrimitiveParams parameters, ArrayType[] outTypes)
    {
        if (!HandlesAllDTypes && UsesStorageOnlyDType(args, outTypes[0])) return KernelInComputeTypes(args, (TParams)parameters, outTypes[0]);
        return KeepAlive(args, new[] { Kernel(args, (TParams)parameters, outTypes[0]) });
    }

    /// <summary>
    /// True when the kernel itself handles every dtype, storage-only ones included (f16, bf16, u8, u32). Otherwise
    /// the kernel runs in the compute dtypes (<see cref="DTypes.ComputeType"/>: f32 for f16 and bf16, i32 for u8, i64
    /// for u32) on converted operands, and its result is rounded or wrapped back to the declared dtype.
    /// </summary>
    internal virtual bool HandlesAllDTypes => false;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool UsesStorageOnlyDType(NDArray[] args, ArrayType outType)
    {
        if (outType.DType.IsStorageOnly()) return true;
        foreach (var a in args) if (a.DType.IsStorageOnly()) return true;
        return false;
    }

    private NDArray[] KernelInComputeTypes(NDArray[] args, TParams parameters, ArrayType outType)
    {
        var wide = new NDArray[args.Length];
        for (int i = 0; i < args.Length; i++)
        {
            var c = (ConcreteArray)args[i];
            wide[i] = c.ConvertTo(c.DType.ComputeType(), c.Type.Weak);
        }
        var result = (ConcreteArray)Kernel(wide, parameters, outType with { DType = outType.DType.ComputeType() });
        GC.KeepAlive(wide);
        return KeepAlive(args, new NDArray[] { result.ConvertTo(outType.DType, outType.Weak) });
    }

    internal sealed override (NDArray[] Primals, NDArray?[] Tangents) Jvp(NDArray[] primals, NDArray?[] tangents, PrimitiveParams parameters)
    {
        var (y, t) = Jvp(primals, tangents, (TParams)parameters);
        return (new[] { y }, new[] { t });
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal sealed override NDArray?[] Transpose(NDArray?[] cotangents, TransposeArg[] args, PrimitiveParams parameters)
    {
        var ct = cotangents[0];
        if (ct is null) return new NDArray?[args.Length];
        return this is ILinearSingleResultPrimitive<TParams> linear
            ? linear.Transpose(ct, args, (TParams)parameters)
            : base.Transpose(cotangents, args, parameters);
    }

    internal sealed override (NDArray[] Outputs, int[] OutDims) Batch(NDArray[] args, int[] dims, PrimitiveParams parameters, int axisSize)
    {
        var (y, d) = Batch(args, dims, (TParams)parameters, axisSize);
        return (new[] { y }, new[] { d });
    }
}
