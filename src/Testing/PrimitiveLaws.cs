using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace Functional.AD.Testing;

/// <summary>Settings of <see cref="PrimitiveLaws"/>.</summary>
public sealed record LawOptions
{
    /// <summary>How many generated cases each law is checked on (FSCHECK_MAXTEST overrides it).</summary>
    public int MaxTest { get; init; } = 50;

    /// <summary>The step of the central finite differences (for f64 inputs).</summary>
    public double Eps { get; init; } = 1e-6;

    /// <summary>Relative tolerance: the two sides may differ by <c>Atol + Rtol·max|expected|</c>.</summary>
    public double Rtol { get; init; } = 1e-5;

    /// <summary>Absolute tolerance (see <see cref="Rtol"/>).</summary>
    public double Atol { get; init; } = 1e-7;

    /// <summary>How many examples the Vmap law stacks.</summary>
    public int BatchSize { get; init; } = 3;

    /// <summary>A seed to replay, as printed by a failure ("seed,gamma"); FSCHECK_REPLAY overrides it.</summary>
    public string? Replay { get; init; }

    /// <summary>
    /// How a failing input is shrunk to a simpler one that still fails: candidates, simplest first. The default,
    /// <see cref="PrimitiveLaws.ShrinkValues"/>, keeps shapes and dtypes and simplifies values (rounded to one
    /// decimal, to integers, single elements to zero); return nothing to turn shrinking off, or shrink in a way
    /// that respects your primitive's domain.
    /// </summary>
    public Func<NDArray[], IEnumerable<NDArray[]>>? Shrink { get; init; }
}

/// <summary>A law of <see cref="PrimitiveLaws"/> does not hold: the message names the law, the input and the two sides.</summary>
public sealed class LawViolationException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The law, the input and the two sides that differ.</param>
    public LawViolationException(string message) : base(message) { }
}

/// <summary>
/// Property-based checks for user-defined primitives and custom derivatives, the ones the library runs on its own
/// primitives. Each law is an FsCheck property over inputs from a generator the user gives; a failure throws
/// with the failing input, the two sides that differ, and the seed that replays it (set
/// <see cref="LawOptions.Replay"/> or FSCHECK_REPLAY). The laws, for a function f of arrays (typically one
/// that binds a <see cref="UserPrimitive{TParams}"/>, or a <c>Jax.CustomJvp</c> / <c>Jax.CustomVjp</c> function):
/// <list type="bullet">
/// <item>the JVP equals central finite differences of f (checks a JVP rule, or a custom JVP rule, against the primal);</item>
/// <item>the VJP equals finite differences of f, <c>&lt;u, (f(x+εv) − f(x−εv))/2ε&gt; = &lt;f'ᵀu, v&gt;</c> (checks a custom VJP's backward pass);</item>
/// <item>the transpose identity <c>&lt;u, J v&gt; = &lt;Jᵀu, v&gt;</c> (ties a JVP rule to its transpose rule);</item>
/// <item>Vmap equals the loop that stacks f over the examples (checks a batching rule);</item>
/// <item>Jit equals eager evaluation;</item>
/// <item>for a primitive, the shape rule equals the kernel's output types.</item>
/// </list>
/// Finite differences want f64 inputs; use generators of moderate values away from kinks. A failing input is
/// shrunk (see <see cref="LawOptions.Shrink"/>) before it is reported.
/// </summary>
public static class PrimitiveLaws
{
    /// <summary>Checks every law on <paramref name="f"/>.</summary>
    /// <param name="f">The function under test (arrays in, arrays out).</param>
    /// <param name="inputs">Generator of its inputs.</param>
    /// <param name="options">Tolerances and case counts.</param>
    public static void Check(Func<NDArray[], NDArray[]> f, Gen<NDArray[]> inputs, LawOptions? options = null)
    {
        JvpMatchesFiniteDifferences(f, inputs, options);
        VjpMatchesFiniteDifferences(f, inputs, options);
        TransposeIdentity(f, inputs, options);
        VmapMatchesLoop(f, inputs, options);
        JitMatchesEager(f, inputs, options);
    }

    /// <summary>Checks every law on a user-defined primitive applied with <paramref name="parameters"/>, the shape rule included.</summary>
    /// <typeparam name="TParams">The primitive's parameters.</typeparam>
    /// <param name="primitive">The primitive.</param>
    /// <param name="inputs">Generator of its inputs.</param>
    /// <param name="parameters">The parameters it is applied with.</param>
    /// <param name="options">Tolerances and case counts.</param>
    public static void Check<TParams>(UserPrimitive<TParams> primitive, Gen<NDArray[]> inputs, TParams parameters, LawOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(primitive);
        ShapeRuleMatchesKernel(primitive, inputs, parameters, options);
        Check(xs => primitive.Bind(xs, parameters), inputs, options);
    }

    /// <summary>The shape rule gives the types the kernel produces (and the staged equation has them).</summary>
    public static void ShapeRuleMatchesKernel<TParams>(UserPrimitive<TParams> primitive, Gen<NDArray[]> inputs, TParams parameters, LawOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(primitive);
        Run("shape rule = kernel", inputs, options, (xs, _) =>
        {
            var eager = primitive.Bind(xs, parameters);
            var staged = Jax.MakeJaxpr<NDArray[], NDArray[]>(a => primitive.Bind(a, parameters))(xs).Jaxpr.OutVars;
            if (eager.Length != staged.Count)
                throw Violation("shape rule = kernel", xs, $"{staged.Count} outputs by the shape rule", $"{eager.Length} outputs by the kernel");
            for (int i = 0; i < eager.Length; i++)
                if (eager[i].Shape != staged[i].Shape || eager[i].DType != staged[i].DType)
                    throw Violation("shape rule = kernel", xs, $"output {i}: {staged[i]} by the shape rule", $"{eager[i].ArrayType} by the kernel");
        });
    }

    /// <summary>The JVP of <paramref name="f"/> along a random tangent equals central finite differences.</summary>
    public static void JvpMatchesFiniteDifferences(Func<NDArray[], NDArray[]> f, Gen<NDArray[]> inputs, LawOptions? options = null)
    {
        var o = options ?? new LawOptions();
        Run("JVP = finite differences", inputs, o, (xs, rng) =>
        {
            var v = RandomLike(xs, rng);
            var (_, tangent) = Jax.Jvp<NDArray[], NDArray[]>(f, xs, v);
            var fd = FiniteDifference(f, xs, v, o.Eps);
            for (int k = 0; k < fd.Length; k++)
                if (Differ(fd[k], tangent[k], o) is { } where)
                    throw Violation("JVP = finite differences", xs, $"JVP output {k} = {tangent[k]}", $"finite differences = {fd[k]}", $"tangent {Show(v)}; {where}");
        });
    }

    /// <summary>The VJP of <paramref name="f"/> agrees with finite differences: <c>&lt;u, FD(v)&gt; = &lt;VJP(u), v&gt;</c>.</summary>
    public static void VjpMatchesFiniteDifferences(Func<NDArray[], NDArray[]> f, Gen<NDArray[]> inputs, LawOptions? options = null)
    {
        var o = options ?? new LawOptions();
        Run("VJP = finite differences", inputs, o, (xs, rng) =>
        {
            var v = RandomLike(xs, rng);
            var (y, pullback) = Jax.Vjp<NDArray[], NDArray[]>(f, xs);
            var u = RandomLike(y, rng);
            double lhs = Dot(u, FiniteDifference(f, xs, v, o.Eps));
            double rhs = Dot(pullback(u), v);
            if (!Close(lhs, rhs, o))
                throw Violation("VJP = finite differences", xs, $"<VJP(u), v> = {rhs:R}", $"<u, finite differences of f along v> = {lhs:R}", $"u = {Show(u)}, v = {Show(v)}");
        });
    }

    /// <summary>The linearization and its transpose agree: <c>&lt;u, J v&gt; = &lt;Jᵀu, v&gt;</c>.</summary>
    public static void TransposeIdentity(Func<NDArray[], NDArray[]> f, Gen<NDArray[]> inputs, LawOptions? options = null)
    {
        var o = options ?? new LawOptions();
        Run("transpose identity", inputs, o, (xs, rng) =>
        {
            var v = RandomLike(xs, rng);
            var (y, pullback) = Jax.Vjp<NDArray[], NDArray[]>(f, xs);
            var u = RandomLike(y, rng);
            var (_, jv) = Jax.Jvp<NDArray[], NDArray[]>(f, xs, v);
            var jtu = pullback(u);
            for (int i = 0; i < xs.Length; i++)
                if (jtu[i].Shape != xs[i].Shape)
                    throw Violation("transpose identity", xs, $"cotangent of input {i} is {jtu[i].ArrayType}", $"input {i} is {xs[i].ArrayType}");
            double lhs = Dot(u, jv), rhs = Dot(jtu, v);
            if (!Close(lhs, rhs, o))
                throw Violation("transpose identity", xs, $"<Jᵀu, v> = {rhs:R}", $"<u, J v> = {lhs:R}", $"u = {Show(u)}, v = {Show(v)}");
        });
    }

    /// <summary><c>Vmap(f)</c> on a stack of examples equals stacking <c>f</c> of each example.</summary>
    public static void VmapMatchesLoop(Func<NDArray[], NDArray[]> f, Gen<NDArray[]> inputs, LawOptions? options = null)
    {
        var o = options ?? new LawOptions();
        Run("Vmap = loop", inputs, o, (xs, rng) =>
        {
            var examples = new NDArray[o.BatchSize][];
            examples[0] = xs;
            for (int b = 1; b < examples.Length; b++)
                examples[b] = xs.Select(x => x.DType == DType.Float64 || x.DType == DType.Float32 ? x + RandomLike(new[] { x }, rng)[0] * 0.1 : x).ToArray();
            var stacked = new NDArray[xs.Length];
            for (int i = 0; i < xs.Length; i++) stacked[i] = Np.Stack(examples.Select(e => e[i]).ToArray());
            var batched = Jax.Vmap<NDArray[]>(f, Enumerable.Repeat((int?)0, xs.Length).ToArray())(stacked);
            var looped = examples.Select(f).ToArray();
            for (int k = 0; k < batched.Length; k++)
            {
                var expected = Np.Stack(looped.Select(r => r[k]).ToArray());
                if (Differ(expected, batched[k], o with { Rtol = 1e-9, Atol = 1e-12 }) is { } where)
                    throw Violation("Vmap = loop", xs, $"Vmap output {k} = {batched[k]}", $"stacked loop = {expected}", where);
            }
        });
    }

    /// <summary><c>Jit(f)</c> equals <c>f</c>.</summary>
    public static void JitMatchesEager(Func<NDArray[], NDArray[]> f, Gen<NDArray[]> inputs, LawOptions? options = null)
    {
        var o = options ?? new LawOptions();
        var jitted = Jax.Jit<NDArray[], NDArray[]>(f);
        Run("Jit = eager", inputs, o, (xs, _) =>
        {
            var eager = f(xs);
            var compiled = jitted(xs);
            for (int k = 0; k < eager.Length; k++)
                if (Differ(eager[k], compiled[k], o with { Rtol = 1e-9, Atol = 1e-12 }) is { } where)
                    throw Violation("Jit = eager", xs, $"Jit output {k} = {compiled[k]}", $"eager = {eager[k]}", where);
        });
    }

    // ---------------------------------------------------------------------------------------- plumbing

    private static void Run(string law, Gen<NDArray[]> inputs, LawOptions? options, Action<NDArray[], System.Random> check)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var o = options ?? new LawOptions();
        var cases = from xs in inputs from seed in Gen.Choose(0, int.MaxValue - 1) select new Case(xs, seed);
        var shrink = o.Shrink ?? ShrinkValues;
        var config = Config.QuickThrowOnFailure.WithMaxTest(
            int.TryParse(Environment.GetEnvironmentVariable("FSCHECK_MAXTEST"), out var n) ? n : o.MaxTest);
        var replay = Environment.GetEnvironmentVariable("FSCHECK_REPLAY") is { Length: > 0 } r ? r : o.Replay;
        if (!string.IsNullOrEmpty(replay))
        {
            var parts = replay.Trim('(', ')').Split(',');
            var rnd = parts.Length > 1 ? new Rnd(ulong.Parse(parts[0]), ulong.Parse(parts[1])) : new Rnd(ulong.Parse(parts[0]));
            config = config.WithReplay(new Replay(rnd, Microsoft.FSharp.Core.FSharpOption<int>.None));
        }
        try
        {
            var arbitrary = Arb.From(cases, c => shrink(c.Inputs).Select(xs => new Case(xs, c.Seed)));
            Prop.ForAll(arbitrary, c => check(c.Inputs, new System.Random(c.Seed))).Check(config);
        }
        catch (Exception e) when (e is not LawViolationException)
        {
            // FsCheck's report names the counterexample and the seed; keep it, under the law's name.
            throw new LawViolationException($"PrimitiveLaws: {law} failed.\n{e.Message}");
        }
    }

    /// <summary>
    /// The default shrinker: simpler inputs of the same shapes and dtypes, simplest first: every float array
    /// rounded to integers, then to one decimal, then (for the first elements) one element set to zero.
    /// </summary>
    /// <param name="inputs">A failing input.</param>
    /// <returns>Candidates that FsCheck tries in turn, keeping the first that still fails.</returns>
    public static IEnumerable<NDArray[]> ShrinkValues(NDArray[] inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        foreach (double scale in new[] { 1.0, 10.0 })
        {
            bool changed = false;
            var rounded = inputs.Select(x =>
            {
                if (!IsFloat(x)) return x;
                var v = x.AsType(DType.Float64).ToArray<double>();
                var r = v.Select(e => Math.Round(e * scale) / scale).ToArray();
                changed |= !r.SequenceEqual(v);
                var a = Np.FromFlat(r, x.Shape.ToArray());
                return x.DType == DType.Float32 ? a.AsType(DType.Float32) : a;
            }).ToArray();
            if (changed) yield return rounded;
        }
        for (int i = 0; i < inputs.Length; i++)
        {
            if (!IsFloat(inputs[i])) continue;
            var v = inputs[i].AsType(DType.Float64).ToArray<double>();
            for (int k = 0; k < Math.Min(v.Length, 8); k++)
            {
                if (v[k] == 0) continue;
                var z = (double[])v.Clone();
                z[k] = 0;
                var copy = (NDArray[])inputs.Clone();
                var a = Np.FromFlat(z, inputs[i].Shape.ToArray());
                copy[i] = inputs[i].DType == DType.Float32 ? a.AsType(DType.Float32) : a;
                yield return copy;
            }
        }
    }

    /// <summary>One generated case: the inputs and a seed for the random tangents and cotangents.</summary>
    private sealed record Case(NDArray[] Inputs, int Seed)
    {
        public override string ToString() => $"inputs {Show(Inputs)} (tangent seed {Seed})";
    }

    private static LawViolationException Violation(string law, NDArray[] xs, string actual, string expected, string? detail = null) =>
        new($"PrimitiveLaws: {law} does not hold at inputs {Show(xs)}:\n  {actual}\n  {expected}" + (detail is null ? "" : $"\n  ({detail})"));

    private static string Show(IReadOnlyList<NDArray> xs) => "(" + string.Join(", ", xs.Select(x => $"{x.ArrayType} {x}")) + ")";

    /// <summary>Random arrays like <paramref name="like"/>: uniform in [-1, 1] for floats, zeros otherwise.</summary>
    private static NDArray[] RandomLike(NDArray[] like, System.Random rng) => like.Select(x =>
    {
        if (x.DType != DType.Float64 && x.DType != DType.Float32) return Np.ZerosLike(x);
        var data = new double[x.Size];
        for (int i = 0; i < data.Length; i++) data[i] = rng.NextDouble() * 2 - 1;
        var a = Np.FromFlat(data, x.Shape.ToArray());
        return x.DType == DType.Float32 ? a.AsType(DType.Float32) : a;
    }).ToArray();

    private static NDArray[] FiniteDifference(Func<NDArray[], NDArray[]> f, NDArray[] xs, NDArray[] v, double eps)
    {
        var plus = f(xs.Zip(v, (x, d) => IsFloat(x) ? x + d * eps : x).ToArray());
        var minus = f(xs.Zip(v, (x, d) => IsFloat(x) ? x - d * eps : x).ToArray());
        return plus.Zip(minus, (p, m) => (p.AsType(DType.Float64) - m.AsType(DType.Float64)) / (2 * eps)).ToArray();
    }

    private static bool IsFloat(NDArray x) => x.DType == DType.Float64 || x.DType == DType.Float32;

    private static double Dot(NDArray[] a, NDArray[] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            if (!IsFloat(a[i]) || !IsFloat(b[i])) continue;
            var x = a[i].AsType(DType.Float64).ToArray<double>();
            var y = b[i].AsType(DType.Float64).ToArray<double>();
            for (int k = 0; k < x.Length; k++) s += x[k] * y[k];
        }
        return s;
    }

    private static bool Close(double a, double b, LawOptions o) => Math.Abs(a - b) <= o.Atol + o.Rtol * Math.Max(Math.Abs(a), Math.Abs(b));

    /// <summary>Where two arrays differ beyond the tolerance (norm-wise), or null when they agree.</summary>
    private static string? Differ(NDArray expected, NDArray actual, LawOptions o)
    {
        if (expected.Shape != actual.Shape) return $"shapes differ: {actual.ArrayType} against {expected.ArrayType}";
        if (!IsFloat(expected))
            return expected.ToString() == actual.ToString() ? null : "values differ";
        var e = expected.AsType(DType.Float64).ToArray<double>();
        var a = actual.AsType(DType.Float64).ToArray<double>();
        double scale = e.Length == 0 ? 0 : e.Max(Math.Abs), worst = 0;
        int at = -1;
        for (int i = 0; i < e.Length; i++)
        {
            double d = Math.Abs(e[i] - a[i]);
            if (double.IsNaN(a[i]) != double.IsNaN(e[i])) d = double.PositiveInfinity;
            if (d > worst) { worst = d; at = i; }
        }
        if (worst <= o.Atol + o.Rtol * scale) return null;
        var sb = new StringBuilder($"largest difference {worst:R} at flat index {at} (tolerance {o.Atol + o.Rtol * scale:R})");
        return sb.ToString();
    }
}
