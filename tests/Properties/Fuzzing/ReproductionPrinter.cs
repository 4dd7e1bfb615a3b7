using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using static Functional.AD.Properties.Fuzzing.ShapeMath;

namespace Functional.AD.Properties.Fuzzing;

/// <summary>
/// Prints a failing program as C# statements a developer pastes into a test: the <see cref="Waves.Wave"/> helper, the
/// custom-derivative helpers it uses, the program <c>g</c> and its loss, the inputs, and the two sides of the failing
/// check as <c>expected</c> and <c>actual</c>.
/// </summary>
public static class ReproductionPrinter
{
    /// <summary>The reproduction of <paramref name="result"/> on <paramref name="program"/>.</summary>
    public static string Print(FuzzProgram program, CheckResult result)
    {
        var p = ProgramResolver.Resolve(program);
        var sb = new StringBuilder();
        sb.AppendLine($"// Fuzz seed {program.Seed}, {result.Kind}: {result.Outcome}: {result.Detail}");
        sb.AppendLine($"// {program}");
        sb.AppendLine(Waves.Source);
        foreach (var helper in p.Instructions.Select(i => i.Helper).OfType<string>().Distinct())
            sb.AppendLine(CustomFunctions.Source(helper));
        sb.Append(Function("g", p, 0, p.Instructions.Length, v => $"v{v}"));
        sb.AppendLine($"Func<NDArray[], NDArray> loss = x => Np.Sum(g(x) * Wave({Literal(p.OutputShape)}, {p.LossSeed}, 1.0, x[0].DType));");
        sb.AppendLine($"var x = {Arrays(program.Inputs.Select(i => Wave(i.Shape, i.Seed, i.Scale, program.DType)))};");
        sb.AppendLine($"var v = {Arrays(program.Inputs.Select((i, k) => Wave(i.Shape, program.Options.DirectionSeed + (31 * k), 1.0, program.DType)))};");
        sb.Append(Check(p, result.Kind));
        return sb.ToString();
    }

    private static string Wave(int[] shape, int seed, double scale, DType dtype) =>
        $"Wave({Literal(shape)}, {seed}, {ProgramResolver.Num(scale)}, DType.{dtype})";

    private static string Arrays(IEnumerable<string> items) => "new[] { " + string.Join(", ", items) + " }";

    /// <summary>The statements computing steps from..to-1 into variables, values before <paramref name="from"/> named by <paramref name="name"/>.</summary>
    private static string Steps(ResolvedProgram p, int from, int to, Func<int, string> name, string indent)
    {
        var sb = new StringBuilder();
        for (int i = from; i < to; i++)
        {
            var ins = p.Instructions[i];
            var code = ins.Code.Replace("$T", "dt", StringComparison.Ordinal);
            for (int j = ins.Operands.Length - 1; j >= 0; j--) code = code.Replace("$" + j, name(ins.Operands[j]), StringComparison.Ordinal);
            sb.AppendLine($"{indent}var v{p.InputCount + i} = {code};");
        }
        return sb.ToString();
    }

    private static string Result(ResolvedProgram p, Func<int, string> name) =>
        name(p.Last) + string.Concat(p.Folded.Select(f => $" + (Np.Sum({name(f.Value)}) * {ProgramResolver.Num(f.Scale)})"));

    /// <summary>A lambda <c>Func&lt;NDArray[], NDArray&gt;</c> named <paramref name="fn"/> running the whole program.</summary>
    private static string Function(string fn, ResolvedProgram p, int from, int to, Func<int, string> name)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"Func<NDArray[], NDArray> {fn} = x =>");
        sb.AppendLine("{");
        sb.AppendLine("    var dt = x[0].DType;");
        for (int k = 0; k < p.InputCount; k++) sb.AppendLine($"    var v{k} = x[{k}];");
        sb.Append(Steps(p, from, to, name, "    "));
        sb.AppendLine($"    return {Result(p, name)};");
        sb.AppendLine("};");
        return sb.ToString();
    }

    /// <summary>The program with its segment (or all of it) wrapped by <paramref name="wrapper"/> ("Jax.Jit" or "Jax.Checkpoint").</summary>
    private static string Wrapped(ResolvedProgram p, string wrapper)
    {
        string policy = wrapper == "Jax.Checkpoint" ? $", CheckpointPolicy.{ProgramInterpreter.Policy(p)}" : "";
        var sb = new StringBuilder();
        if (p.SegmentFrom == p.SegmentTo)
        {
            sb.AppendLine($"var wrapped = {wrapper}<NDArray[], NDArray>(g{policy});");
            return sb.ToString();
        }
        int before = p.InputCount + p.SegmentFrom, after = p.InputCount + p.SegmentTo;
        sb.AppendLine($"var segment = {wrapper}<NDArray[], NDArray[]>(s =>");
        sb.AppendLine("{");
        sb.AppendLine("    var dt = s[0].DType;");
        sb.Append(Steps(p, p.SegmentFrom, p.SegmentTo, v => v < before ? $"s[{v}]" : $"v{v}", "    "));
        sb.AppendLine($"    return new[] {{ {string.Join(", ", Enumerable.Range(0, after).Select(v => v < before ? $"s[{v}]" : $"v{v}"))} }};");
        sb.AppendLine($"}}{policy});");
        sb.AppendLine("Func<NDArray[], NDArray> wrapped = x =>");
        sb.AppendLine("{");
        sb.AppendLine("    var dt = x[0].DType;");
        for (int k = 0; k < p.InputCount; k++) sb.AppendLine($"    var v{k} = x[{k}];");
        sb.Append(Steps(p, 0, p.SegmentFrom, v => $"v{v}", "    "));
        sb.AppendLine($"    var w = segment(new[] {{ {string.Join(", ", Enumerable.Range(0, before).Select(v => $"v{v}"))} }});");
        Func<int, string> name = v => v < after ? $"w[{v}]" : $"v{v}";
        sb.Append(Steps(p, p.SegmentTo, p.Instructions.Length, name, "    "));
        sb.AppendLine($"    return {Result(p, name)};");
        sb.AppendLine("};");
        return sb.ToString();
    }

    private static string Examples(ResolvedProgram p, int axis)
    {
        var program = p.Program;
        var o = program.Options;
        var sb = new StringBuilder();
        var mapped = Enumerable.Range(0, p.InputCount).Where(k => (o.MappedInputs & (1 << k)) != 0).ToArray();
        var unmapped = Enumerable.Range(0, p.InputCount).Where(k => (o.MappedInputs & (1 << k)) == 0).ToArray();
        string Example(int b, int k) => b == 0 ? $"x[{k}]" : Wave(program.Inputs[k].Shape, o.DirectionSeed + (1000 * b) + (7 * k) + 1, program.Inputs[k].Scale, program.DType);
        sb.AppendLine("var examples = new[]");
        sb.AppendLine("{");
        for (int b = 0; b < o.BatchSize; b++)
            sb.AppendLine($"    new[] {{ {string.Join(", ", Enumerable.Range(0, p.InputCount).Select(k => mapped.Contains(k) ? Example(b, k) : $"x[{k}]"))} }},");
        sb.AppendLine("};");
        sb.AppendLine($"var stacked = new[] {{ {string.Join(", ", mapped.Select(k => $"Np.Stack(examples.Select(e => e[{k}]).ToArray(), {axis})"))} }};");
        if (unmapped.Length == 0)
        {
            sb.AppendLine("Func<Func<NDArray[], NDArray>, Func<NDArray[], NDArray>> vmap = f => Jax.Vmap<NDArray[], NDArray>(f, " + axis + ", " + axis + ");");
            sb.AppendLine("Func<Func<NDArray[], NDArray[]>, Func<NDArray[], NDArray[]>> vmapLeaves = f => Jax.Vmap<NDArray[], NDArray[]>(f, " + axis + ", " + axis + ");");
        }
        else
        {
            var merge = string.Join(", ", Enumerable.Range(0, p.InputCount).Select(k => mapped.Contains(k) ? $"m[{Array.IndexOf(mapped, k)}]" : $"u[{Array.IndexOf(unmapped, k)}]"));
            sb.AppendLine($"var unmapped = new[] {{ {string.Join(", ", unmapped.Select(k => $"x[{k}]"))} }};");
            sb.AppendLine($"Func<Func<NDArray[], NDArray>, Func<NDArray[], NDArray>> vmap = f => m => Jax.Vmap<NDArray[], NDArray[], NDArray>((m, u) => f(new[] {{ {merge} }}), ({axis}, null), {axis})(m, unmapped);");
            sb.AppendLine($"Func<Func<NDArray[], NDArray[]>, Func<NDArray[], NDArray[]>> vmapLeaves = f => m => Jax.Vmap<NDArray[], NDArray[], NDArray[]>((m, u) => f(new[] {{ {merge} }}), ({axis}, null), {axis})(m, unmapped);");
        }
        return sb.ToString();
    }

    private static string Check(ResolvedProgram p, CheckKind kind) => kind switch
    {
        CheckKind.EagerVsJit =>
            "var expected = g(x);\nvar actual = Jax.Jit<NDArray[], NDArray>(g)(x);\n",
        CheckKind.GradVsJitGrad =>
            "var expected = Jax.Grad<NDArray[]>(loss)(x);\nvar actual = Jax.Jit<NDArray[], NDArray[]>(Jax.Grad<NDArray[]>(loss))(x);\n",
        CheckKind.GradOfJitVsGrad => Wrapped(p, "Jax.Jit") +
            $"var expected = Jax.Grad<NDArray[]>(loss)(x);\nvar actual = Jax.Grad<NDArray[]>(x => Np.Sum(wrapped(x) * Wave({Literal(p.OutputShape)}, {p.LossSeed}, 1.0, x[0].DType)))(x);\n",
        CheckKind.JvpOfJitVsJvp =>
            "var expected = Jax.Jvp<NDArray[], NDArray>(g, x, v);\nvar actual = Jax.Jvp<NDArray[], NDArray>(Jax.Jit<NDArray[], NDArray>(g), x, v);\n",
        CheckKind.VmapVsLoopFirstAxis => Examples(p, 0) +
            "var expected = Np.Stack(examples.Select(g).ToArray(), 0);\nvar actual = vmap(g)(stacked);\n",
        CheckKind.VmapVsLoopLastAxis => Examples(p, -1) +
            "var expected = Np.Stack(examples.Select(g).ToArray(), -1);\nvar actual = vmap(g)(stacked);\n",
        CheckKind.JitOfVmapVsVmap => Examples(p, 0) +
            "var expected = vmap(g)(stacked);\nvar actual = Jax.Jit<NDArray[], NDArray>(vmap(g))(stacked);\n",
        CheckKind.VmapOfGradVsLoop => Examples(p, 0) +
            "var grads = examples.Select(Jax.Grad<NDArray[]>(loss)).ToArray();\n" +
            "var expected = x.Select((_, k) => Np.Stack(grads.Select(gr => gr[k]).ToArray())).ToArray();\n" +
            "var actual = vmapLeaves(Jax.Grad<NDArray[]>(loss))(stacked);\n",
        CheckKind.CheckpointValue => Wrapped(p, "Jax.Checkpoint") + "var expected = g(x);\nvar actual = wrapped(x);\n",
        CheckKind.CheckpointGradient => Wrapped(p, "Jax.Checkpoint") +
            $"var expected = Jax.Grad<NDArray[]>(loss)(x);\nvar actual = Jax.Grad<NDArray[]>(x => Np.Sum(wrapped(x) * Wave({Literal(p.OutputShape)}, {p.LossSeed}, 1.0, x[0].DType)))(x);\n",
        CheckKind.JvpVsGradDotTangent =>
            "var expected = Jax.Jvp<NDArray[], NDArray>(loss, x, v).Tangent;\nvar actual = Jax.Grad<NDArray[]>(loss)(x).Select((gr, k) => Np.Sum(gr * v[k])).Aggregate((a, b) => a + b);\n",
        CheckKind.JvpVsFiniteDifferences => (p.StopsGradient ? "// The fuzzer holds the stop_gradient values at their values at x64 in the finite differences.\n" : "") +
            "var x64 = x.Select(a => a.AsType(DType.Float64)).ToArray();\nvar v64 = v.Select(a => a.AsType(DType.Float64)).ToArray();\n" +
            "const double h = 5e-4;\nvar expected = (loss(x64.Select((a, k) => a + (v64[k] * h)).ToArray()) - loss(x64.Select((a, k) => a - (v64[k] * h)).ToArray())) / (2 * h);\n" +
            "var actual = Jax.Jvp<NDArray[], NDArray>(loss, x64, v64).Tangent;\n",
        CheckKind.ForwardOverReverseVsReverseOverForward =>
            "var expected = Jax.Jvp<NDArray[], NDArray[]>(Jax.Grad<NDArray[]>(loss), x, v).Tangent;\nvar actual = Jax.Grad<NDArray[]>(xs => Jax.Jvp<NDArray[], NDArray>(loss, xs, v).Tangent)(x);\n",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
