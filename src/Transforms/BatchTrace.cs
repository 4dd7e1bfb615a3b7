namespace Functional.AD;

/// <summary>
/// The batching trace of <c>Vmap</c>: each of its tracers is a value with one extra axis, the batch
/// axis, at a known position. To process a primitive it unpacks its own tracers, treats every other
/// value as unbatched, and applies the primitive's batching rule with the parent trace current.
/// </summary>
internal sealed class BatchTrace : Trace
{
    private readonly Trace _parent;

    /// <summary>
    /// A batch trace over <paramref name="axisSize"/> examples, named <paramref name="axisName"/> for collectives (or
    /// unnamed), with the identity <paramref name="tag"/> (a new one when null): given the tag of a running trace, it
    /// unpacks that trace's tracers as its own, as JAX's batch subtraces do for custom rules.
    /// </summary>
    internal BatchTrace(Trace parent, int axisSize, string? axisName = null, object? tag = null) : base(tag)
    {
        _parent = parent;
        AxisSize = axisSize;
        AxisName = axisName;
    }

    /// <summary>The size of the batch axis.</summary>
    internal int AxisSize { get; }

    /// <summary>The name of the batch axis for collectives, or null.</summary>
    internal string? AxisName { get; }

    internal override string Description => "Vmap";

    internal override NDArray[] Process(Primitive primitive, NDArray[] args, PrimitiveParams parameters)
    {
        int n = args.Length;
        var values = new NDArray[n];
        var dims = new int[n];
        bool any = false;
        for (int i = 0; i < n; i++)
        {
            if (OwnTracer<BatchTracer>(args[i]) is { } t)
            {
                values[i] = t.Value;
                dims[i] = t.BatchDim;
                any = true;
            }
            else
            {
                values[i] = args[i];
                dims[i] = Batching.NotMapped;
            }
        }
        // A collective over this axis reduces over it even when its operands are not batched (psum of a constant is
        // size times it, axis_index has no operand); a call or control flow with unbatched operands is still batched
        // under a named axis, since its body may hold such collectives.
        var collective = AxisName is not null && primitive is ICollectivePrimitive c && c.AxisName(parameters) == AxisName ? c : null;
        if (!any && collective is null && (AxisName is null || !MayHoldCollectives(primitive, parameters)))
            return _parent.Process(primitive, values, parameters);
        NDArray[] outs;
        int[] outDims;
        using (TraceContext.Enter(_parent))
        using (AxisEnv.Batching(AxisName))
        {
            try
            {
                (outs, outDims) = collective is not null
                    ? collective.BatchNamed(values, dims, parameters, AxisSize)
                    : primitive.BatchWithin(this, values, dims, parameters, AxisSize);
            }
            catch (ShapeSizeException e)
            {
                // A batched shape made by a batching rule itself (not by a primitive it binds, which names itself).
                throw ShapeSize.Error("Vmap", $"{primitive.Name} batched over {AxisSize} examples: {e.Message}", System.Array.ConvertAll(values, v => v.Type));
            }
        }
        var results = new NDArray[outs.Length];
        for (int i = 0; i < outs.Length; i++)
            results[i] = outDims[i] == Batching.NotMapped ? outs[i] : new BatchTracer(this, outs[i], outDims[i]);
        return results;
    }

    /// <summary>True for a primitive that carries jaxprs (jit, checkpoint, cond, scan, while), which may bind collectives.</summary>
    private static bool MayHoldCollectives(Primitive primitive, PrimitiveParams parameters) =>
        parameters is CallParams || primitive is CondPrimitive or ScanPrimitive or WhilePrimitive;

    /// <summary>A value returned from a batched computation: (value, batch axis), or (value, not mapped) when it is unbatched.</summary>
    internal (NDArray Value, int Dim) UnpackOrUnbatched(NDArray x) =>
        OwnTracer<BatchTracer>(x) is { } t ? (t.Value, t.BatchDim) : (x, Batching.NotMapped);

    /// <summary>A value returned from the mapped function with its batch axis moved to <paramref name="outAxis"/> (broadcast when unbatched).</summary>
    internal NDArray Unpack(NDArray x, int outAxis)
    {
        NDArray value;
        int dim;
        if (OwnTracer<BatchTracer>(x) is { } t) (value, dim) = (t.Value, t.BatchDim);
        else (value, dim) = (Batching.BroadcastBatch(x, AxisSize), 0);
        return Batching.MoveAxis(value, dim, outAxis);
    }
}

/// <summary>A value inside <c>Vmap</c>: the stacked values of all examples, with the batch axis at <see cref="BatchDim"/>.</summary>
internal sealed class BatchTracer : Tracer
{
    private readonly BatchTrace _trace;

    internal BatchTracer(BatchTrace trace, NDArray value, int batchDim) : base(new ArrayType(Batching.ExampleShape(value, batchDim), value.DType, value.IsWeaklyTyped))
    {
        _trace = trace;
        Value = value;
        BatchDim = batchDim;
    }

    /// <summary>The batched value (a value of the parent trace).</summary>
    internal NDArray Value { get; }

    /// <summary>Position of the batch axis in <see cref="Value"/>.</summary>
    internal int BatchDim { get; }

    internal override Trace Trace => _trace;

    internal override ConcreteArray Concretize(string operation, DType? castTo = null) => throw new ConcretizationException(
        $"{operation} needs a concrete value, but this {Type} value is mapped by Vmap: it differs from one example to " +
        "the next, so there is no single value to read. Use Lax.Cond (a batched predicate selects per example) or " +
        "Np.Where for data-dependent choices, or pass the value with inAxes null if it is the same for every example." +
        ConcretizationException.CastHint(castTo));
}
