using System;
using System.Runtime.CompilerServices;
using System.Collections.Generic;
using System.Collections.Immutable;

namespace Functional.AD;

/// <summary>
/// A trace that records equations into a jaxpr. In staging mode (for <c>MakeJaxpr</c> and <c>Jit</c>)
/// every primitive is recorded. In partial-evaluation mode (the tangent side of <c>Linearize</c>,
/// <c>Vjp</c> and <c>LinearTranspose</c>) only primitives that touch one of this trace's tracers are
/// recorded; the others are "known" and are handed to the parent trace to run now, so the jaxpr keeps
/// only the unknown (linear) part and the known values it needs become its constants (residuals).
/// Values that are not this trace's tracers become literals (0-d concrete arrays) or constant variables.
/// </summary>
internal sealed class JaxprTrace : Trace
{
    private readonly Trace? _parent;
    private readonly string _description;
    private readonly List<Equation> _equations = new();
    private readonly List<Var> _inVars = new();
    private readonly List<Var> _constVars = new();
    private readonly List<NDArray> _constValues = new();
    private readonly Dictionary<NDArray, Var> _constIndex = new(ReferenceEqualityComparer.Instance);
    private int _varCount;

    /// <summary>Guards the jaxpr being built: a traced function may bind from several threads (see <see cref="TraceContext"/>).</summary>
    private readonly object _gate = new();

    /// <summary>A staging trace (records everything) or, with <paramref name="forwardKnownTo"/>, a partial-evaluation trace.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal JaxprTrace(string description, Trace? forwardKnownTo = null)
    {
        _description = description;
        _parent = forwardKnownTo;
    }

    internal override string Description => _description;

    /// <summary>
    /// The one way a function becomes a jaxpr: runs <paramref name="fn"/> on fresh inputs of
    /// <paramref name="inputTypes"/> in a new trace (a staging trace, or with <paramref name="forwardKnownTo"/> a
    /// partial-evaluation trace over that parent) entered as a user function, ends the trace whatever happens, and
    /// returns the closed jaxpr of the outputs <paramref name="fn"/> returns.
    /// </summary>
    internal static ClosedJaxpr StageFunction(string description, IReadOnlyList<ArrayType> inputTypes,
        Func<NDArray[], IReadOnlyList<NDArray>> fn, Trace? forwardKnownTo = null)
    {
        var trace = new JaxprTrace(description, forwardKnownTo);
        var inputs = new NDArray[inputTypes.Count];
        for (int i = 0; i < inputs.Length; i++) inputs[i] = trace.NewInput(inputTypes[i]);
        IReadOnlyList<NDArray> outs;
        try
        {
            using (TraceContext.EnterUserFunction(trace)) outs = fn(inputs);
        }
        finally
        {
            trace.End();
        }
        return trace.Build(outs);
    }

    /// <summary>A new input variable of the jaxpr and the tracer that stands for it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal NDArray NewInput(ArrayType type)
    {
        lock (_gate)
        {
            var v = NewVar(type);
            _inVars.Add(v);
            return new JaxprTracer(this, v);
        }
    }

    private Var NewVar(ArrayType type) => new(type, _varCount++);

    /// <summary>The trace known values are computed in (partial-evaluation mode), or null for a staging trace.</summary>
    internal Trace? KnownTrace => _parent;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal override NDArray[] Process(Primitive primitive, NDArray[] args, PrimitiveParams parameters)
    {
        if (_parent is not null)
        {
            bool anyOwn = false;
            for (int i = 0; i < args.Length; i++)
                if (Owns(args[i])) { anyOwn = true; break; }
            if (!anyOwn) return _parent.Process(primitive, args, parameters);
            if (primitive is IPartialEvaluationRule rule)
            {
                var known = new bool[args.Length];
                for (int i = 0; i < args.Length; i++) known[i] = !Owns(args[i]);
                return rule.PartialEvaluate(this, args, known, parameters);
            }
        }
        return Stage(primitive, args, parameters);
    }

    /// <summary>Records one equation applying <paramref name="primitive"/> (whatever its arguments) and returns tracers for its outputs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal NDArray[] Stage(Primitive primitive, NDArray[] args, PrimitiveParams parameters)
    {
        lock (_gate) return StageLocked(primitive, args, parameters);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private NDArray[] StageLocked(Primitive primitive, NDArray[] args, PrimitiveParams parameters)
    {
        var atoms = ImmutableArray.CreateBuilder<Atom>(args.Length);
        var types = new ArrayType[args.Length];
        for (int i = 0; i < args.Length; i++)
        {
            atoms.Add(ToAtom(args[i]));
            types[i] = args[i].Type;
        }
        var outTypes = primitive.ShapeRule(types, parameters);
        var outVars = ImmutableArray.CreateBuilder<Var>(outTypes.Length);
        var results = new NDArray[outTypes.Length];
        for (int i = 0; i < outTypes.Length; i++)
        {
            var v = NewVar(outTypes[i]);
            outVars.Add(v);
            results[i] = new JaxprTracer(this, v);
        }
        _equations.Add(new Equation(primitive, atoms.MoveToImmutable(), outVars.MoveToImmutable(), parameters));
        return results;
    }

    /// <summary>The atom standing for <paramref name="x"/> in this jaxpr: its variable, a literal, or a constant variable.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Atom ToAtom(NDArray x)
    {
        if (x is Tracer t)
        {
            if (ReferenceEquals(t.Trace.Tag, Tag)) return ((JaxprTracer)t).Var;
            t.ThrowIfEscaped();
        }
        else if (x is ConcreteArray c && c.Rank == 0)
        {
            return new Literal(c);
        }
        // A staging trace shares one constant variable per closed-over value; a partial-evaluation trace (on
        // the eager path of Grad) skips the lookup and gives each residual use its own variable.
        if (_parent is null && _constIndex.TryGetValue(x, out var shared)) return shared;
        var cv = NewVar(x.Type);
        if (_parent is null) _constIndex.Add(x, cv);
        _constVars.Add(cv);
        _constValues.Add(x);
        return cv;
    }

    /// <summary>The closed jaxpr with the inputs made so far and the given outputs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal ClosedJaxpr Build(IReadOnlyList<NDArray> outputs)
    {
        lock (_gate) return BuildLocked(outputs);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private ClosedJaxpr BuildLocked(IReadOnlyList<NDArray> outputs)
    {
        var outAtoms = ImmutableArray.CreateBuilder<Atom>(outputs.Count);
        foreach (var o in outputs) outAtoms.Add(ToAtom(o));
        var jaxpr = new Jaxpr(_constVars.ToImmutableArray(), _inVars.ToImmutableArray(), _equations.ToImmutableArray(),
            outAtoms.MoveToImmutable(), _varCount);
        return new ClosedJaxpr(jaxpr, _constValues.ToImmutableArray());
    }
}

/// <summary>
/// A higher-order primitive's own partial-evaluation rule. In a partial-evaluation trace, a primitive whose
/// arguments are partly known would otherwise be staged whole (making even its known outputs unknown); a
/// primitive with this rule instead computes what it can now (in <see cref="JaxprTrace.KnownTrace"/>) and
/// stages only the rest (with <see cref="JaxprTrace.Stage"/>).
/// </summary>
internal interface IPartialEvaluationRule
{
    /// <summary>The outputs: known ones as values of the known trace, the others as tracers of <paramref name="trace"/>.</summary>
    NDArray[] PartialEvaluate(JaxprTrace trace, NDArray[] args, bool[] known, PrimitiveParams parameters);
}

/// <summary>A value being recorded into a jaxpr: stands for one of its variables.</summary>
internal sealed class JaxprTracer : Tracer
{
    private readonly JaxprTrace _trace;

    internal JaxprTracer(JaxprTrace trace, Var v) : base(v.Type)
    {
        _trace = trace;
        Var = v;
    }

    /// <summary>The jaxpr variable this tracer stands for.</summary>
    internal Var Var { get; }

    internal override Trace Trace => _trace;

    internal override ConcreteArray Concretize(string operation, DType? castTo = null) => throw new ConcretizationException(
        $"{operation} needs a concrete value, but this {Type} value is traced by {_trace.Description}: only its shape " +
        "and dtype are known while the function is traced. Use Lax.Cond or Lax.WhileLoop for control flow that depends " +
        "on a traced value, or close over a concrete constant instead of passing the value as an argument." +
        ConcretizationException.CastHint(castTo));
}
