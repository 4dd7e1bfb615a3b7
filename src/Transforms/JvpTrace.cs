using System.Runtime.CompilerServices;
namespace Functional.AD;

/// <summary>
/// Forward-mode trace: each of its tracers pairs a primal with a tangent (never a zero: a value whose
/// tangent is a symbolic zero is just its primal). To process a primitive it unpacks its own tracers,
/// treats every other value as a constant with zero tangent, and runs the primitive's JVP rule with
/// the <em>rule trace</em> current: the parent trace for plain <c>Jvp</c> (tangents computed now), or a
/// partial-evaluation jaxpr trace for <c>Linearize</c>/<c>Vjp</c> (tangent operations recorded into a
/// linear jaxpr while primal operations run in the parent). When the rule trace evaluates eagerly, the
/// buffers of the arrays a first-order rule makes besides its outputs are released as it returns.
/// </summary>
internal sealed class JvpTrace : Trace
{
    private readonly Trace _parent;
    private readonly Trace _ruleTrace;
    private readonly string _description;

    internal JvpTrace(Trace parent, Trace ruleTrace, string description)
    {
        _parent = parent;
        _ruleTrace = ruleTrace;
        _description = description;
    }

    internal override string Description => _description;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal override NDArray[] Process(Primitive primitive, NDArray[] args, PrimitiveParams parameters)
    {
        int n = args.Length;
        var primals = new NDArray[n];
        var tangents = new NDArray?[n];
        bool any = false;
        for (int i = 0; i < n; i++)
        {
            if (OwnTracer<JvpTracer>(args[i]) is { } t)
            {
                primals[i] = t.Primal;
                tangents[i] = t.Tangent;
                any = true;
            }
            else primals[i] = args[i];
        }
        if (!any) return _parent.Process(primitive, primals, parameters);
        NDArray[] outs;
        NDArray?[] outTangents;
        // Evaluated eagerly, a first-order rule's intermediate arrays die when it returns: their buffers go back
        // to the pool at once (its outputs, and views of them, stay).
        bool releases = _ruleTrace is EvalTrace && primitive.IsFirstOrder && TemporaryBuffers.Enabled;
        int mark = releases ? AllocationLog.Open() : 0;
        try
        {
            using (TraceContext.Enter(_ruleTrace))
                (outs, outTangents) = primitive.Jvp(primals, tangents, parameters);
        }
        catch
        {
            if (releases) AllocationLog.Abandon(mark);
            throw;
        }
        if (releases) AllocationLog.ReleaseAllBut(mark, outs, outTangents);
        var results = new NDArray[outs.Length];
        for (int i = 0; i < outs.Length; i++)
            results[i] = outTangents[i] is { } t ? new JvpTracer(this, outs[i], t) : outs[i];
        return results;
    }

    /// <summary>Splits a value returned from the traced function into primal and tangent (null: zero).</summary>
    internal (NDArray Primal, NDArray? Tangent) Unpack(NDArray x) =>
        OwnTracer<JvpTracer>(x) is { } t ? (t.Primal, t.Tangent) : (x, null);
}

/// <summary>A value inside a forward-mode trace: a primal and its (non-zero) tangent.</summary>
internal sealed class JvpTracer : Tracer
{
    private readonly JvpTrace _trace;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal JvpTracer(JvpTrace trace, NDArray primal, NDArray tangent) : base(primal.Type)
    {
        _trace = trace;
        Primal = primal;
        Tangent = tangent;
    }

    /// <summary>The value.</summary>
    internal NDArray Primal { get; }

    /// <summary>Its tangent: a value of the rule trace (concrete for <c>Jvp</c>, a jaxpr tracer for <c>Linearize</c>).</summary>
    internal NDArray Tangent { get; }

    internal override Trace Trace => _trace;

    internal override ConcreteArray Concretize(string operation, DType? castTo = null) => Primal.Concretize(operation, castTo);
}
