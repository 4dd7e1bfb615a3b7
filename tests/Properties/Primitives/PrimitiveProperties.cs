using System;
using System.Collections.Generic;
using System.Linq;
using Functional.AD.Testing;
using Xunit;

namespace Functional.AD.Properties.Primitives;

/// <summary>
/// Properties checked for every line of <see cref="PrimitiveTable"/>: JVP against central finite
/// differences (f64), the transpose identity of the linearization, reverse mode against finite
/// differences, and the shape rule against the kernel's actual output.
/// </summary>
public class PrimitiveProperties
{
    public static IEnumerable<object[]> Rows => PrimitiveTable.All.Select(r => new object[] { r.Name });

    public static IEnumerable<object[]> SmoothRows =>
        PrimitiveTable.All.Where(r => r.Kind == DerivativeKind.Smooth).Select(r => new object[] { r.Name });

    public static IEnumerable<object[]> ZeroRows =>
        PrimitiveTable.All.Where(r => r.Kind == DerivativeKind.Zero).Select(r => new object[] { r.Name });

    private static PrimitiveSpec Row(string name) => PrimitiveTable.All.Single(r => r.Name == name);

    [Theory]
    [MemberData(nameof(SmoothRows))]
    public void Jvp_matches_central_finite_differences(string name)
    {
        var row = Row(name);
        PropertyCheck.ForAll(row.Cases, c =>
            GradientCheck.CheckGrads(c.Apply, c.Args, order: 1, GradientCheckModes.Forward, row.Tolerance, seed: c.GetHashCode()));
    }

    [Theory]
    [MemberData(nameof(SmoothRows))]
    public void Vjp_matches_finite_differences_through_the_transpose_identity(string name)
    {
        var row = Row(name);
        PropertyCheck.ForAll(row.Cases, c =>
            GradientCheck.CheckGrads(c.Apply, c.Args, order: 1, GradientCheckModes.Reverse, row.Tolerance, seed: c.GetHashCode()));
    }

    [Theory]
    [MemberData(nameof(SmoothRows))]
    public void Linearization_and_its_transpose_satisfy_the_transpose_identity(string name)
    {
        // <u, J v> computed by Linearize (forward, staged) equals <J^T u, v> computed by Vjp (reverse), exactly up to rounding.
        var row = Row(name);
        double rtol = row.Tolerance?.Rtol ?? 1e-12;
        PropertyCheck.ForAll(row.Cases, c =>
        {
            var rng = new System.Random(c.Args.Length);
            var v = c.Args.Select(a => Random(a, rng)).ToArray();
            var (y, jvp) = Jax.Linearize<NDArray[], NDArray>(a => c.Apply(a), c.Args);
            var u = Random(y, rng);
            var (_, pullback) = Jax.Vjp<NDArray[], NDArray>(a => c.Apply(a), c.Args);
            var jv = jvp(v);
            var jtu = pullback(u);
            double lhs = Inner(u, jv), rhs = c.Args.Select((_, i) => Inner(jtu[i], v[i])).Sum();
            double scale = Norm(u) * Norm(jv) + c.Args.Select((_, i) => Norm(jtu[i]) * Norm(v[i])).Sum() + 1e-300;
            Assert.True(Math.Abs(lhs - rhs) <= rtol * scale + 1e-300,
                $"<u, J v> = {lhs:R} but <J^T u, v> = {rhs:R} for {c}");
        });
    }

    [Theory]
    [MemberData(nameof(ZeroRows))]
    public void Piecewise_constant_and_cut_primitives_have_zero_tangents(string name)
    {
        PropertyCheck.ForAll(Row(name).Cases, c =>
        {
            var tangents = c.Args.Select(a => Np.OnesLike(a)).ToArray();
            var (y, ty) = Jax.Jvp<NDArray[], NDArray>(a => c.Apply(a), c.Args, tangents);
            Assert.Equal(y.Shape, ty.Shape);
            Assert.All(ty.ToArray<double>(), t => Assert.Equal(0.0, t));
            Assert.Equal(c.Apply(c.Args).ToArray<double>(), y.ToArray<double>());
        });
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void Shape_rule_matches_the_kernel_output(string name)
    {
        var row = Row(name);
        PropertyCheck.ForAll(row.Cases, c =>
        {
            var eager = c.Apply(c.Args);
            var jaxpr = Jax.MakeJaxpr<NDArray[], NDArray>(a => c.Apply(a))(c.Args);
            var output = jaxpr.Jaxpr.OutVars[0];
            Assert.Equal(eager.Shape, output.Shape);
            Assert.Equal(eager.DType, output.DType);
            // The primitive is staged, unless the application is an identity the lax helper skips (no axes, same shape).
            bool staged = jaxpr.Jaxpr.Equations.Any(e => e.Primitive.Name == row.PrimitiveName);
            bool identity = jaxpr.Jaxpr.Equations.Count == 0 && jaxpr.Jaxpr.InVars.Contains((jaxpr.Jaxpr.OutVars[0] as Var)!);
            Assert.True(staged || identity, $"{row.PrimitiveName} does not appear in {jaxpr}");
            // Evaluating the staged jaxpr gives the eager result.
            var replay = JaxprInterpreter.Eval(jaxpr.Jaxpr, jaxpr.Consts, c.Args)[0];
            Assert.Equal(eager.ToArray<double>(), replay.ToArray<double>());
        });
    }

    /// <summary>
    /// Higher-order primitives carry a jaxpr or user code and are checked by their own suites (Jit, Checkpoint,
    /// control flow, custom derivatives), not by table lines; every other primitive needs a line.
    /// </summary>
    private static readonly Dictionary<string, string> CheckedElsewhere = new()
    {
        ["jit"] = "JitTests, JitProperties",
        ["checkpoint"] = "CheckpointTests",
        ["scan"] = "ControlFlowTests",
        ["cond"] = "ControlFlowTests",
        ["while"] = "ControlFlowTests",
        ["custom_jvp_call"] = "CustomDerivativeTests",
        ["custom_vjp_call"] = "CustomDerivativeTests",
        ["custom_lin"] = "CustomDerivativeTests",
        // Collectives exist only inside a Vmap that names their axis: checked against loops over the batch there.
        ["psum"] = "CollectiveTests",
        ["pmax"] = "CollectiveTests",
        ["pmin"] = "CollectiveTests",
        ["all_gather"] = "CollectiveTests",
        ["axis_index"] = "CollectiveTests",
        // No outputs, one side effect: checked by what the callback sees under every transform.
        ["debug_callback"] = "DebugCallbackTests",
        // Eigenvectors are defined up to sign, which generic finite differences cannot see: checked through
        // sign-invariant quantities (eigenvalues, projectors) in EighTests.
        ["eigh"] = "EighTests",
    };

    /// <summary>Every primitive the library defines: the primitives held in its static fields (singletons and named instances).</summary>
    private static List<Primitive> LibraryPrimitives() =>
        typeof(Primitive).Assembly.GetTypes()
            .Where(t => !t.IsGenericTypeDefinition)
            .SelectMany(t => t.GetFields(System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic))
            .Where(f => typeof(Primitive).IsAssignableFrom(f.FieldType))
            .Select(f => (Primitive?)f.GetValue(null))
            .OfType<Primitive>()
            .Distinct()
            .ToList();

    [Fact]
    public void Every_primitive_the_library_defines_has_a_table_line()
    {
        var lines = PrimitiveTable.All.Select(r => r.PrimitiveName).ToHashSet();
        var primitives = LibraryPrimitives();
        Assert.True(primitives.Count > 40, $"found only {primitives.Count} primitives: the enumeration is broken");
        var missing = primitives.Select(p => p.Name).Where(n => !lines.Contains(n) && !CheckedElsewhere.ContainsKey(n)).Distinct().OrderBy(n => n).ToList();
        Assert.True(missing.Count == 0, "primitives without a line in PrimitiveTable: " + string.Join(", ", missing));
        // The exemptions name primitives that exist, so a renamed or removed one does not linger here.
        var names = primitives.Select(p => p.Name).ToHashSet();
        var stale = CheckedElsewhere.Keys.Where(n => !names.Contains(n)).ToList();
        Assert.True(stale.Count == 0, "exempted names that are no primitive: " + string.Join(", ", stale));
    }

    private static NDArray Random(NDArray like, System.Random rng)
    {
        var d = new double[like.Size];
        for (int i = 0; i < d.Length; i++) d[i] = rng.NextDouble() * 2 - 1;
        return Np.FromFlat(d, like.Shape.ToArray()).AsType(like.DType);
    }

    private static double Inner(NDArray a, NDArray b) => a.ToArray<double>().Zip(b.ToArray<double>(), (x, y) => x * y).Sum();

    private static double Norm(NDArray a) => Math.Sqrt(a.ToArray<double>().Sum(x => x * x));
}
