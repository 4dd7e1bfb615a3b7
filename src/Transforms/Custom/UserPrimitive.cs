using System;
using System.Collections.Generic;
using System.Threading;

namespace Functional.AD;

/// <summary>
/// The definition of a primitive written in user code: its name, shape rule and kernel, and the rules that teach
/// the transforms about it. Only <see cref="Name"/>, <see cref="ShapeRule"/> and <see cref="Kernel"/> are
/// required; a transform that needs a missing rule says so when it meets the primitive (Vmap excepted: without
/// a batching rule it falls back to a loop over the examples, with a one-time warning).
/// </summary>
/// <typeparam name="TParams">The primitive's parameters (static values such as axes or sizes; compared with <see cref="object.Equals(object)"/>, so records work well).</typeparam>
public sealed class PrimitiveDefinition<TParams>
{
    /// <summary>The name, as it prints in jaxprs (e.g. <c>log1pexp</c>).</summary>
    public required string Name { get; init; }

    /// <summary>
    /// The output types for the input types and parameters. It should validate the inputs and throw an
    /// <see cref="ArgumentException"/> that names the primitive and the typed shapes when they are wrong.
    /// </summary>
    public required Func<ArrayType[], TParams, ArrayType[]> ShapeRule { get; init; }

    /// <summary>Computes the outputs from concrete inputs (use <see cref="NDArray.ToArray{T}"/>, <c>Np.FromFlat</c> or <see cref="Np"/> functions).</summary>
    public required Func<NDArray[], TParams, NDArray[]> Kernel { get; init; }

    /// <summary>
    /// The JVP rule: (primals, tangents, parameters) to (primal outputs, tangent outputs), written with
    /// <see cref="Np"/> functions (or other primitives); every tangent is given (zeros where there is none). The
    /// tangent outputs must be linear in the tangents for reverse mode to transpose them.
    /// </summary>
    public Func<NDArray[], NDArray[], TParams, (NDArray[] Primals, NDArray[] Tangents)>? Jvp { get; init; }

    /// <summary>
    /// The transpose rule, for a primitive linear in some inputs: (output cotangents, inputs, parameters) to one
    /// cotangent per input, where an input is null when it is a linear one (the rule returns its cotangent)
    /// and its value otherwise (the rule returns null for it).
    /// </summary>
    public Func<NDArray[], NDArray?[], TParams, NDArray?[]>? Transpose { get; init; }

    /// <summary>
    /// The batching rule: (inputs, batch axis of each input or null when unbatched, parameters, batch size) to
    /// (outputs, batch axis of each output or null). Without it, Vmap loops over the examples.
    /// </summary>
    public Func<NDArray[], int?[], TParams, int, (NDArray[] Outputs, int?[] OutAxes)>? Batch { get; init; }

    /// <summary>The parameters as printed in jaxprs, as (name, value) pairs; none when not given.</summary>
    public Func<TParams, IEnumerable<(string Name, object? Value)>>? PrintParams { get; init; }
}

/// <summary>
/// A primitive defined in user code from a <see cref="PrimitiveDefinition{TParams}"/>. Bind it from the
/// function users call (<see cref="Bind"/>); it then prints in jaxprs, works under Jit, and is differentiated,
/// transposed and batched by the definition's rules.
/// </summary>
/// <typeparam name="TParams">The primitive's parameters.</typeparam>
public sealed class UserPrimitive<TParams> : Primitive
{
    private readonly PrimitiveDefinition<TParams> _definition;
    private int _warned;

    /// <summary>Creates the primitive.</summary>
    /// <param name="definition">Its name, rules and kernel.</param>
    public UserPrimitive(PrimitiveDefinition<TParams> definition) : base(Validated(definition).Name)
    {
        _definition = definition;
        HasTransposeRule = definition.Transpose is not null;
    }

    private static PrimitiveDefinition<TParams> Validated(PrimitiveDefinition<TParams> definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (string.IsNullOrWhiteSpace(definition.Name)) throw new ArgumentException("PrimitiveDefinition: the name must not be empty");
        return definition;
    }

    /// <summary>The definition.</summary>
    public PrimitiveDefinition<TParams> Definition => _definition;

    /// <summary>Applies the primitive to <paramref name="args"/> in whatever transform is running.</summary>
    /// <param name="args">The inputs.</param>
    /// <param name="parameters">The parameters.</param>
    /// <returns>The outputs.</returns>
    public NDArray[] Bind(NDArray[] args, TParams parameters)
    {
        ArgumentNullException.ThrowIfNull(args);
        for (int i = 0; i < args.Length; i++)
            if (args[i] is null) throw new ArgumentException($"{Name}: input {i} is null");
        return Bind(args, new UserParams(parameters, _definition.PrintParams));
    }

    /// <summary>The parameters as stored in equations.</summary>
    private sealed record UserParams(TParams Value, Func<TParams, IEnumerable<(string Name, object? Value)>>? Printer) : PrimitiveParams
    {
        public override IEnumerable<(string Name, object? Value)> Entries() =>
            Printer is null ? Array.Empty<(string, object?)>() : Printer(Value);

        public bool Equals(UserParams? other) => other is not null && EqualityComparer<TParams>.Default.Equals(Value, other.Value);

        public override int GetHashCode() => Value is null ? 0 : EqualityComparer<TParams>.Default.GetHashCode(Value);
    }

    private static TParams Of(PrimitiveParams p) => ((UserParams)p).Value;

    internal override ArrayType[] ShapeRule(ArrayType[] inputs, PrimitiveParams parameters) =>
        _definition.ShapeRule(inputs, Of(parameters)) ?? throw new InvalidOperationException($"{Name}: the shape rule returned null");

    internal override NDArray[] Kernel(NDArray[] args, PrimitiveParams parameters, ArrayType[] outTypes)
    {
        NDArray[] outs;
        using (TraceContext.Enter(EvalTrace.Instance)) outs = _definition.Kernel(args, Of(parameters));
        if (outs is null || outs.Length != outTypes.Length)
            throw new InvalidOperationException($"{Name}: the kernel returned {outs?.Length ?? 0} outputs, but the shape rule gives {outTypes.Length}");
        for (int i = 0; i < outs.Length; i++)
            if (!outs[i].Type.SameShapeAndDType(outTypes[i]))
                throw new InvalidOperationException($"{Name}: the kernel's output {i} is {outs[i].Type}, but the shape rule gives {outTypes[i]}");
        return outs;
    }

    internal override (NDArray[] Primals, NDArray?[] Tangents) Jvp(NDArray[] primals, NDArray?[] tangents, PrimitiveParams parameters)
    {
        var rule = _definition.Jvp ?? throw new NotSupportedException(
            $"{Name}: this user-defined primitive has no JVP rule, so it cannot be differentiated; set PrimitiveDefinition.Jvp");
        var ts = new NDArray[primals.Length];
        for (int i = 0; i < ts.Length; i++) ts[i] = tangents[i] ?? Ops.Zeros(primals[i].Type.Strong);
        var (ps, touts) = rule(primals, ts, Of(parameters));
        return (ps, touts);
    }

    internal override NDArray?[] Transpose(NDArray?[] cotangents, TransposeArg[] args, PrimitiveParams parameters)
    {
        var rule = _definition.Transpose ?? throw MissingTransposeRule("transpose");
        var inputs = new NDArray?[args.Length];
        for (int i = 0; i < args.Length; i++) inputs[i] = args[i].IsLinear ? null : args[i].KnownValue;
        var outTypes = ShapeRule(Array.ConvertAll(args, a => a.Type), parameters);
        var cts = new NDArray[cotangents.Length];
        for (int i = 0; i < cts.Length; i++) cts[i] = cotangents[i] ?? Ops.Zeros(outTypes[i].Strong);
        var result = rule(cts, inputs, Of(parameters));
        if (result is null || result.Length != args.Length)
            throw new InvalidOperationException($"{Name}: the transpose rule must return one cotangent per input ({args.Length})");
        for (int i = 0; i < result.Length; i++)
            if (args[i].IsLinear && result[i] is { } ct && !ct.Type.SameShapeAndDType(args[i].Type))
                throw new InvalidOperationException($"{Name}: the transpose rule returned {ct.Type} as the cotangent of input {i}, which is {args[i].Type}");
        return result;
    }

    /// <summary>JAX's error for a primitive without a transpose rule, with the setting that gives it one: the primitive may well be linear.</summary>
    internal override Exception MissingTransposeRule(string operation) => new NotSupportedException(
        $"{operation}: transpose rule (for reverse-mode differentiation) for '{Name}' not implemented: this user-defined " +
        "primitive is applied to a tangent, so reverse mode must transpose it; set PrimitiveDefinition.Transpose, or use " +
        "forward mode (Jvp, Jacfwd)");

    internal override (NDArray[] Outputs, int[] OutDims) Batch(NDArray[] args, int[] dims, PrimitiveParams parameters, int axisSize)
    {
        var p = Of(parameters);
        if (_definition.Batch is { } rule)
        {
            var axes = new int?[dims.Length];
            for (int i = 0; i < dims.Length; i++) axes[i] = dims[i] == Batching.NotMapped ? null : dims[i];
            var (outs, outAxes) = rule(args, axes, p, axisSize);
            var outDims = new int[outs.Length];
            for (int i = 0; i < outs.Length; i++) outDims[i] = outAxes[i] ?? Batching.NotMapped;
            return (outs, outDims);
        }
        if (Interlocked.Exchange(ref _warned, 1) == 0)
            Jax.Report(Jax.WarningLog ?? Console.Error.WriteLine,
                $"Functional.AD: the user-defined primitive '{Name}' has no batching rule; Vmap runs it once per example (set PrimitiveDefinition.Batch to batch it).");
        // The fallback: one call per example, results stacked along axis 0.
        var perExample = new List<NDArray[]>(axisSize);
        for (int b = 0; b < axisSize; b++)
        {
            var slice = new NDArray[args.Length];
            for (int i = 0; i < args.Length; i++)
                slice[i] = dims[i] == Batching.NotMapped ? args[i] : Ops.Squeeze(Ops.SliceAxis(args[i], dims[i], b, b + 1), new IntTuple(dims[i]));
            perExample.Add(Bind(slice, parameters));
        }
        int n = perExample.Count > 0 ? perExample[0].Length : ShapeRule(Array.ConvertAll(args, a => a.Type), parameters).Length;
        var stacked = new NDArray[n];
        for (int k = 0; k < n; k++)
        {
            var column = new NDArray[axisSize];
            for (int b = 0; b < axisSize; b++) column[b] = perExample[b][k];
            stacked[k] = Np.Stack(column);
        }
        return (stacked, new int[n]);
    }
}
