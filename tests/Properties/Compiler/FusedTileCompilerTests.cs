using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace Functional.AD.Properties.Compiler;

/// <summary>
/// <see cref="FusedTileCompiler"/>: random f32 and f64 elementwise programs over large arrays (special values included) give
/// the same bits compiled into one loop as through the tile passes and as eagerly, sums included (they fold the same
/// stored tiles), on one and two threads; groups it cannot compile keep the tile path.
/// </summary>
[Collection(ProcessWideState.Name)]
public class FusedTileCompilerTests
{
    /// <summary>One operation of a random program: an operator and operand indices into the values made so far.</summary>
    public sealed record Op(string Name, int A, int B);

    /// <summary>A random program: inputs x, y, w (arrays) and c (a 0-d value), its operations, and which values it returns.</summary>
    public sealed record Program(Op[] Ops, int[] Outputs, int? Summed)
    {
        public override string ToString() =>
            string.Join("; ", Ops.Select((o, i) => $"v{i + 4} = {o.Name}(v{o.A}{(IsBinary(o.Name) ? $", v{o.B}" : "")})")) +
            $" -> [{string.Join(", ", Outputs.Select(o => $"v{o}"))}]" + (Summed is int s ? $" + sum(v{s})" : "");
    }

    private static readonly string[] Unary = { "neg", "tanh", "exp", "sin", "cos", "sqrt", "rsqrt", "square" };
    private static readonly string[] Binary = { "add", "sub", "mul", "div" };

    private static bool IsBinary(string name) => Array.IndexOf(Binary, name) >= 0;

    private static Gen<Program> Programs() =>
        from length in Gen.Choose(2, 14)
        from picks in Gen.ArrayOf(Gen.Choose(0, 1 << 20), 3 * length + 4)
        select Build(length, picks);

    private static Program Build(int length, int[] picks)
    {
        var ops = new Op[length];
        int p = 0;
        for (int i = 0; i < length; i++)
        {
            int count = 4 + i;   // x, y, w, c and the values made so far
            bool binary = picks[p++] % 2 == 0;
            string name = binary ? Binary[picks[p++] % Binary.Length] : Unary[picks[p++] % Unary.Length];
            int a = picks[p++] % count;
            if (a == 3 && !binary) a = 0;   // a unary op of c alone would be uniform
            ops[i] = new Op(name, a, picks[(p + i) % picks.Length] % count);
        }
        int total = 4 + length;
        var outputs = new List<int> { total - 1 };
        if (picks[p] % 3 == 0) outputs.Add(4 + picks[p + 1] % length);
        int? summed = picks[p + 2] % 2 == 0 ? 4 + picks[p + 3] % length : null;
        return new Program(ops, outputs.Distinct().ToArray(), summed);
    }

    private static NDArray[] Run(Program program, NDArray x, NDArray y, NDArray w, NDArray c)
    {
        var values = new List<NDArray> { x, y, w, c };
        foreach (var op in program.Ops)
        {
            NDArray a = values[op.A], b = values[op.B];
            values.Add(op.Name switch
            {
                "neg" => -a,
                "tanh" => Np.Tanh(a),
                "exp" => Np.Exp(a),
                "sin" => Np.Sin(a),
                "cos" => Np.Cos(a),
                "sqrt" => Np.Sqrt(a),
                "rsqrt" => Lax.Rsqrt(a),
                "square" => Lax.IntegerPow(a, 2),
                "add" => a + b,
                "sub" => a - b,
                "mul" => a * b,
                _ => a / b,
            });
        }
        var results = program.Outputs.Select(o => values[o] + 0.0 * x).ToList();   // + 0·x: a uniform result still has the array's shape
        if (program.Summed is int s) results.Add(Np.Sum(values[s] + 0.0 * x));
        return results.ToArray();
    }

    private static double Special(System.Random rng) => rng.Next(12) switch
    {
        0 => double.NaN,
        1 => double.PositiveInfinity,
        2 => double.NegativeInfinity,
        3 => -0.0,
        4 => rng.NextDouble() * 2e5 - 1e5,   // sine and cosine past their common range
        5 => rng.NextDouble() * 1e-30,
        6 => rng.NextDouble() * 1e9,         // past the f64 kernels' ranges
        _ => rng.NextDouble() * 8 - 4,
    };

    /// <summary>The bits of each element, every NaN as one (the sign and payload of a NaN follow operand order, which no path promises).</summary>
    private static long[] Bits(NDArray a) => a.DType == DType.Float32
        ? a.ToArray<float>().Select(v => float.IsNaN(v) ? long.MinValue : BitConverter.SingleToInt32Bits(v)).ToArray()
        : a.ToArray<double>().Select(v => double.IsNaN(v) ? long.MinValue : BitConverter.DoubleToInt64Bits(v)).ToArray();

    private static FusedStep? LargestGroup(Program program, NDArray x, NDArray y, NDArray w, NDArray c)
    {
        var closed = Jax.MakeJaxpr<(NDArray, NDArray, NDArray, NDArray), NDArray[]>(a => Run(program, a.Item1, a.Item2, a.Item3, a.Item4))((x, y, w, c));
        var (exe, args) = CompileWithConstantsAsInputs(closed, x, y, w, c);
        exe.Run(args);   // the first run compiles the loop
        return exe.Steps.OfType<FusedStep>().Where(s => s.Size == x.Size).OrderByDescending(s => s.InstructionCount).FirstOrDefault();
    }

    /// <summary>The compiled program of <paramref name="closed"/> with its constants passed as leading inputs, and the arguments to run it on.</summary>
    private static (JaxprExecutable Exe, NDArray[] Args) CompileWithConstantsAsInputs(ClosedJaxpr closed, params NDArray[] inputs)
    {
        var j = closed.Jaxpr;
        var jaxpr = new Jaxpr(ImmutableArray<Var>.Empty, ((ImmutableArray<Var>)j.ConstVarList).AddRange(j.InVarList), j.EquationList, j.OutVarList, j.VarCount);
        return (JaxprCompiler.Compile(jaxpr), ((IEnumerable<NDArray>)closed.ConstList).Concat(inputs).ToArray());
    }

    [Fact]
    public void Random_programs_give_the_same_bits_compiled_through_tiles_and_eagerly()
    {
        var cases =
            from program in Programs()
            from n in Gen.Elements(FusedTileCompiler.MinElements, FusedTileCompiler.MinElements + 7, 3 * FusedStep.Tile + 33, 5 * FusedStep.Tile - 1)
            from special in Gen.Elements(false, true)
            from threads in Gen.Elements(1, 2)
            from dtype in Gen.Elements(DType.Float32, DType.Float64)
            from seed in Gen.Choose(0, int.MaxValue - 1)
            select (program, n, special, threads, dtype, seed);
        int saved = Parallelism.MaxThreads, compiledCases = 0, allCases = 0;
        try
        {
            PropertyCheck.ForAll(cases, t =>
            {
                Parallelism.MaxThreads = t.threads;
                allCases++;
                var rng = new System.Random(t.seed);
                NDArray Random() => Np.FromFlat(Enumerable.Range(0, t.n).Select(_ => t.special ? Special(rng) : rng.NextDouble() * 8 - 4).ToArray(), new[] { t.n }).AsType(t.dtype);
                var (x, y, w) = (Random(), Random(), Random());
                var c = Np.FromFlat(new[] { rng.NextDouble() * 4 - 2 }, Array.Empty<int>()).AsType(t.dtype);
                var eager = Run(t.program, x, y, w, c);
                NDArray[] Jitted() => Jax.Jit<(NDArray, NDArray, NDArray, NDArray), NDArray[]>(a => Run(t.program, a.Item1, a.Item2, a.Item3, a.Item4))((x, y, w, c));
                NDArray[] compiled, tiled;
                try
                {
                    FusedTileCompiler.Enabled = true;
                    compiled = Jitted();
                    var group = LargestGroup(t.program, x, y, w, c);
                    // a group of one operation stays a single span kernel
                    if (group is { InstructionCount: >= 2 } && FusedTileCompiler.IsAvailable)
                    {
                        Assert.True(group.IsCompiled, $"the program's group should be compiled: {group}");
                        compiledCases++;
                    }
                    FusedTileCompiler.Enabled = false;
                    tiled = Jitted();
                }
                finally { FusedTileCompiler.Enabled = true; }
                Assert.Equal(eager.Length, compiled.Length);
                for (int i = 0; i < eager.Length; i++)
                {
                    var bits = Bits(compiled[i]);
                    Assert.Equal(Bits(tiled[i]), bits);
                    // a sum adds in tile order when fused; elementwise values are the eager bits
                    if (eager[i].Rank > 0) Assert.Equal(Bits(eager[i]), bits);
                }
            }, maxTest: 60);
        }
        finally { Parallelism.MaxThreads = saved; }
        if (FusedTileCompiler.IsAvailable) Assert.True(3 * compiledCases >= allCases, $"only {compiledCases} of {allCases} generated programs were compiled");
    }

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void Lanes_past_the_tail_do_not_change_the_path_a_function_takes(DType dtype)
    {
        // The padded lanes of the last vector hold 0/0 = NaN after the division; sine must still see its tail as the
        // span kernel does (zero-padded, or element by element for f64 tails of one or two), or its real lanes take
        // another path and may differ in the last bit.
        var f = Jax.Jit<(NDArray, NDArray), NDArray>(a => Np.Sin(a.Item1 / a.Item2));
        for (int seed = 0; seed < 200; seed++)
        {
            int n = FusedTileCompiler.MinElements + 1 + seed % 7;
            var rng = new System.Random(seed);
            NDArray Random() => Np.FromFlat(Enumerable.Range(0, n).Select(_ => rng.NextDouble() * 6 + 0.5).ToArray(), new[] { n }).AsType(dtype);
            var (x, y) = (Random(), Random());
            Assert.Equal(Bits(Np.Sin(x / y)), Bits(f((x, y))));
        }
    }

    [Fact]
    public void Groups_it_cannot_compile_keep_the_tile_path()
    {
        var x = Np.Linspace(-2, 2, 3 * FusedStep.Tile);
        var program = new Program(new[] { new Op("tanh", 0, 0), new Op("mul", 4, 1) }, new[] { 5 }, null);   // tanh(x)·y
        // int32 values are not compiled
        var xi = (x * 100.0).AsType(DType.Int32);
        var intProgram = new Program(new[] { new Op("mul", 0, 1), new Op("add", 4, 1) }, new[] { 5 }, null);
        Assert.False(LargestGroup(intProgram, xi, xi, xi, Np.FromFlat(new[] { 1 }, Array.Empty<int>()))!.IsCompiled);
        Assert.Equal(FusedTileCompiler.IsAvailable, LargestGroup(program, x, x, x, Np.FromFlat(new[] { 1.0 }, Array.Empty<int>()))!.IsCompiled);
        var xf = x.AsType(DType.Float32);
        Assert.Equal(FusedTileCompiler.IsAvailable, LargestGroup(program, xf, xf, xf, Np.FromFlat(new[] { 1f }, Array.Empty<int>()))!.IsCompiled);
        // nor small groups
        var small = Np.Linspace(-2, 2, 100).AsType(DType.Float32);
        Assert.False(LargestGroup(program, small, small, small, Np.FromFlat(new[] { 1f }, Array.Empty<int>()))!.IsCompiled);
    }

    [Fact]
    public void A_bias_added_to_each_row_and_mid_sized_groups_compile_with_the_tile_paths_bits()
    {
        // tanh(x + b) * y with b broadcast along the rows of x: the repeat of b runs on the tile path before the loop.
        // Groups of MinRepeatedElements..MinElements are compiled at run RunsBeforeCompile, larger ones at the first.
        var cases =
            from rows in Gen.Choose(1, 300)
            from cols in Gen.Elements(7, 16, 32, 33, 48)
            from dtype in Gen.Elements(DType.Float32, DType.Float64)
            from seed in Gen.Choose(0, int.MaxValue - 1)
            select (rows, cols, dtype, seed);
        int compiledCases = 0;
        PropertyCheck.ForAll(cases, t =>
        {
            var rng = new System.Random(t.seed);
            NDArray Random(params int[] shape) =>
                Np.FromFlat(Enumerable.Range(0, shape.Aggregate(1, (a, d) => a * d)).Select(_ => rng.NextDouble() * 6 - 3).ToArray(), shape).AsType(t.dtype);
            var (x, b, y) = (Random(t.rows, t.cols), Random(t.cols), Random(t.rows, t.cols));
            static NDArray F(NDArray x, NDArray b, NDArray y) => Np.Tanh(x + b) * y;
            var closed = Jax.MakeJaxpr<(NDArray, NDArray, NDArray), NDArray>(a => F(a.Item1, a.Item2, a.Item3))((x, b, y));
            var (exe, args) = CompileWithConstantsAsInputs(closed, x, b, y);
            var group = exe.Steps.OfType<FusedStep>().Single(s => s.Size == x.Size);
            int size = t.rows * t.cols;
            bool compiles = FusedTileCompiler.IsAvailable && size >= FusedTileCompiler.MinRepeatedElements;
            long[] first = Bits(exe.Run(args)[0]);
            Assert.Equal(size >= FusedTileCompiler.MinElements && compiles, group.IsCompiled);
            for (int run = 1; run < FusedTileCompiler.RunsBeforeCompile; run++) exe.Run(args);
            long[] later = Bits(exe.Run(args)[0]);
            Assert.Equal(compiles, group.IsCompiled);
            if (group.IsCompiled) compiledCases++;
            Assert.Equal(Bits(F(x, b, y)), later);
            Assert.Equal(first, later);
        }, maxTest: 60);
        if (FusedTileCompiler.IsAvailable) Assert.True(compiledCases > 0, "no generated case was compiled");
    }
}
