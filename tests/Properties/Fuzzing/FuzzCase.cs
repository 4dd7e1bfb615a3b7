using System;
using System.Linq;

namespace Functional.AD.Properties.Fuzzing;

/// <summary>A quantity computed eagerly in a program's precision and in the other one, with its measured rounding per leaf.</summary>
/// <param name="Own">The leaves in the program's precision.</param>
/// <param name="Other">The leaves in the other precision.</param>
/// <param name="ErrorScales">Per leaf, the rounding expected in the program's precision (<see cref="FuzzTolerance.ErrorScale"/>).</param>
/// <param name="Magnitudes">Per leaf, the largest magnitude in f64.</param>
/// <param name="Terms">The most terms one sum of the program adds (<see cref="ResolvedProgram.MaxTerms"/>).</param>
/// <param name="Steps">The program's instructions.</param>
public sealed record Measured(NDArray[] Own, NDArray[] Other, double[] ErrorScales, double[] Magnitudes, long Terms, int Steps)
{
    /// <summary>The tolerance for leaf <paramref name="leaf"/> in <paramref name="dtype"/>.</summary>
    public double Tolerance(int leaf, DType dtype) => FuzzTolerance.Tolerance(dtype, ErrorScales[leaf], Magnitudes[leaf], Terms, Steps);
}

/// <summary>The eager computation of a reference threw: the program (or the eager path it exercises) is broken.</summary>
public sealed class ReferenceFailure(string what, Exception inner) : Exception($"{what} threw {inner.GetType().Name}: {inner.Message}", inner)
{
    /// <summary>Which reference.</summary>
    public string What { get; } = what;
}

/// <summary>
/// One resolved program with its inputs and the eager references the checks compare against, each computed once on
/// demand: the result, gradient, JVP and Hessian-vector product at the input, and result and gradient per Vmap example.
/// </summary>
public sealed class FuzzCase
{
    private readonly Lazy<Inspection> _base;
    private readonly Lazy<Inspection>[] _examples;
    private readonly Lazy<Measured> _gradient, _jvp, _hvp, _reverseOverForward;
    private readonly Lazy<Measured>[] _exampleGradients;
    private readonly Lazy<double[]> _lossWeights;

    /// <summary>Builds the case of a resolved program: inputs, tangent and batch examples from its seeds.</summary>
    public FuzzCase(ResolvedProgram program)
    {
        Program = program;
        var p = program.Program;
        X = p.Inputs.Select(i => Waves.Wave(i.Shape, i.Seed, i.Scale, DType)).ToArray();
        V = p.Inputs.Select((i, k) => Waves.Wave(i.Shape, p.Options.DirectionSeed + (31 * k), 1.0, DType)).ToArray();
        Examples = new NDArray[p.Options.BatchSize][];
        for (int b = 0; b < Examples.Length; b++)
            Examples[b] = b == 0 ? X : p.Inputs.Select((i, k) => IsMapped(k) ? Waves.Wave(i.Shape, ExampleSeed(b, k), i.Scale, DType) : X[k]).ToArray();
        Body = ProgramInterpreter.Body(program);
        Loss = ProgramInterpreter.Loss(program, Body);
        _base = new(() => Reference("the eager result", () => Inspection.Of(program, X)));
        _examples = Examples.Select((e, b) => b == 0 ? _base : new Lazy<Inspection>(() => Reference($"the eager result of example {b}", () => Inspection.Of(program, e)))).ToArray();
        _gradient = new(() => Measure("the eager gradient", X, (x, _) => Jax.Grad<NDArray[]>(Loss)(x)));
        _jvp = new(() => Measure("the eager JVP", X, (x, v) =>
        {
            var (primal, tangent) = Jax.Jvp<NDArray[], NDArray>(Body, x, v);
            return new[] { primal, tangent };
        }));
        _lossWeights = new(() => Waves.Wave(program.OutputShape, program.LossSeed, 1.0, DType.Float64).ToArray<double>());
        _hvp = new(() => Measure("the eager forward-over-reverse HVP", X, (x, v) => Jax.Jvp<NDArray[], NDArray[]>(Jax.Grad<NDArray[]>(Loss), x, v).Tangent));
        _reverseOverForward = new(() => Measure("the eager reverse-over-forward HVP", X,
            (x, v) => Jax.Grad<NDArray[]>(xs => Jax.Jvp<NDArray[], NDArray>(Loss, xs, v).Tangent)(x)));
        _exampleGradients = Examples.Select((e, b) => b == 0 ? _gradient : new Lazy<Measured>(() => Measure($"the eager gradient of example {b}", e, (x, _) => Jax.Grad<NDArray[]>(Loss)(x)))).ToArray();
    }

    /// <summary>The program.</summary>
    public ResolvedProgram Program { get; }

    /// <summary>Its precision.</summary>
    public DType DType => Program.DType;

    /// <summary>The inputs.</summary>
    public NDArray[] X { get; }

    /// <summary>The tangent direction (one array per input).</summary>
    public NDArray[] V { get; }

    /// <summary>The Vmap examples: the first is <see cref="X"/>; unmapped inputs are those of X in every example.</summary>
    public NDArray[][] Examples { get; }

    /// <summary>The plain program.</summary>
    public Func<NDArray[], NDArray> Body { get; }

    /// <summary>Its scalar loss.</summary>
    public Func<NDArray[], NDArray> Loss { get; }

    /// <summary>The eager result at <see cref="X"/>, with its rounding and kink hazards.</summary>
    public Inspection Base => _base.Value;

    /// <summary>The eager result of example <paramref name="b"/>.</summary>
    public Inspection Example(int b) => _examples[b].Value;

    /// <summary>The eager gradient at <see cref="X"/>, one leaf per input.</summary>
    public Measured Gradient => _gradient.Value;

    /// <summary>The eager gradient at example <paramref name="b"/>.</summary>
    public Measured ExampleGradient(int b) => _exampleGradients[b].Value;

    /// <summary>The eager JVP of the program (its array result) along <see cref="V"/>: leaves primal and tangent.</summary>
    public Measured Jvp => _jvp.Value;

    /// <summary>The eager Hessian-vector product along <see cref="V"/>, forward over reverse, one leaf per input.</summary>
    public Measured Hvp => _hvp.Value;

    /// <summary>
    /// The loss of a result (or its tangent) computed in f64 from the result: Σ result·W with the loss weights W, and
    /// Σ |result·W|, the magnitude its rounding is relative to.
    /// </summary>
    public (double Value, double AbsSum) Weighted(NDArray result)
    {
        var r = result.AsType(DType.Float64).ToArray<double>();
        var w = _lossWeights.Value;
        double value = 0, abs = 0;
        for (int i = 0; i < r.Length; i++)
        {
            value += r[i] * w[i];
            abs += Math.Abs(r[i] * w[i]);
        }
        return (value, abs);
    }

    /// <summary>
    /// The eager Hessian-vector product along <see cref="V"/>, reverse over forward, one leaf per input: another
    /// algorithm with its own rounding, measured in both precisions too.
    /// </summary>
    public Measured ReverseOverForward => _reverseOverForward.Value;

    /// <summary>Whether input <paramref name="k"/> is mapped by Vmap.</summary>
    public bool IsMapped(int k) => (Program.Program.Options.MappedInputs & (1 << k)) != 0;

    private int ExampleSeed(int b, int k) => Program.Program.Options.DirectionSeed + (1000 * b) + (7 * k) + 1;

    /// <summary>
    /// Vmap of <paramref name="f"/> over the examples, stacked along <paramref name="axis"/> (0 or -1) for the mapped
    /// inputs, the unmapped ones passed as a second, unmapped argument; outputs stacked along the same axis.
    /// </summary>
    public Func<NDArray[], TOut> Vmapped<TOut>(Func<NDArray[], TOut> f, int axis)
    {
        var unmapped = Enumerable.Range(0, X.Length).Where(k => !IsMapped(k)).Select(k => X[k]).ToArray();
        if (unmapped.Length == 0) return Jax.Vmap<NDArray[], TOut>(f, axis, axis);
        var both = Jax.Vmap<NDArray[], NDArray[], TOut>((m, u) => f(Merge(m, u)), (axis, null), axis);
        return m => both(m, unmapped);
    }

    /// <summary>The mapped inputs of the examples, stacked along <paramref name="axis"/>.</summary>
    public NDArray[] Stacked(int axis) =>
        Enumerable.Range(0, X.Length).Where(IsMapped).Select(k => Np.Stack(Examples.Select(e => e[k]).ToArray(), axis)).ToArray();

    private NDArray[] Merge(NDArray[] mapped, NDArray[] unmapped)
    {
        var all = new NDArray[X.Length];
        int m = 0, u = 0;
        for (int k = 0; k < all.Length; k++) all[k] = IsMapped(k) ? mapped[m++] : unmapped[u++];
        return all;
    }

    private static T Reference<T>(string what, Func<T> compute)
    {
        try
        {
            return compute();
        }
        catch (Exception e) when (e is not ReferenceFailure)
        {
            throw new ReferenceFailure(what, e);
        }
    }

    private Measured Measure(string what, NDArray[] x, Func<NDArray[], NDArray[], NDArray[]> quantity) => Reference(what, () =>
    {
        var other = FuzzTolerance.Other(DType);
        var own = quantity(x, V);
        var alt = quantity(Inspection.Convert(x, other), Inspection.Convert(V, other));
        var q64 = DType == DType.Float64 ? own : alt;
        return new Measured(own, alt,
            own.Select((o, i) => FuzzTolerance.ErrorScale(DType, FuzzTolerance.MaxDiff(o, alt[i]))).ToArray(),
            q64.Select(FuzzTolerance.MaxAbs).ToArray(), Program.MaxTerms, Program.Instructions.Length);
    });
}
