using System;
using System.Collections.Generic;
using System.Linq;

namespace Functional.AD.Properties.Fuzzing;

/// <summary>
/// Draws a program from a seed (System.Random, so a seed always gives the same program): f32 or f64; one to three
/// inputs whose shapes broadcast together (ranks 0 to 4, sizes 0 and 1 included, now and then a medium matrix or an
/// axis long enough to span several fusion tiles and parallel parts); 20 to 50 steps drawn from <see cref="OpKind"/>
/// with weights; and the options of the checks.
/// </summary>
public static class ProgramGenerator
{
    /// <summary>Long axes: one and several fusion tiles (4096 elements), parts (16384) and parallel runs (65536).</summary>
    private static readonly int[] LongAxes = { 4097, 8195, 16390, 40000, 65600, 70001 };

    private static readonly (OpKind Kind, int Weight)[] Weights =
    {
        (OpKind.Sin, 3), (OpKind.Cos, 3), (OpKind.Tanh, 4), (OpKind.Arctan, 2), (OpKind.Sigmoid, 2), (OpKind.Softplus, 2),
        (OpKind.Gelu, 2), (OpKind.Negative, 2), (OpKind.Square, 2), (OpKind.Exp, 2), (OpKind.Expm1, 1), (OpKind.Log, 2),
        (OpKind.Log1p, 1), (OpKind.Sqrt, 2), (OpKind.Reciprocal, 1), (OpKind.Tan, 1), (OpKind.PowerInt, 2), (OpKind.PowerReal, 2),
        (OpKind.ScalarArithmetic, 5), (OpKind.CustomJvpTanh, 1), (OpKind.CustomVjpSin, 1), (OpKind.StopGradient, 1),
        (OpKind.Relu, 2), (OpKind.Abs, 1), (OpKind.Sign, 1), (OpKind.Clip, 1),
        (OpKind.Add, 6), (OpKind.Subtract, 4), (OpKind.Multiply, 6), (OpKind.Divide, 2), (OpKind.Maximum, 2), (OpKind.Minimum, 2),
        (OpKind.PowerArray, 1), (OpKind.Where, 2),
        (OpKind.Sum, 4), (OpKind.Mean, 3), (OpKind.Max, 2), (OpKind.Min, 1), (OpKind.Prod, 1), (OpKind.LogSumExp, 2),
        (OpKind.Softmax, 2), (OpKind.LogSoftmax, 1), (OpKind.Cumsum, 2),
        (OpKind.Matmul, 4), (OpKind.Dot, 2), (OpKind.Outer, 1),
        (OpKind.Reshape, 4), (OpKind.Transpose, 3), (OpKind.ExpandDims, 2), (OpKind.Squeeze, 2), (OpKind.BroadcastTo, 3),
        (OpKind.Index, 2), (OpKind.Slice, 2), (OpKind.Concatenate, 2), (OpKind.Stack, 2), (OpKind.TakeConstant, 2),
        (OpKind.TakeArgMax, 1), (OpKind.OneHotArgMax, 1),
        (OpKind.ScanOutputs, 1), (OpKind.ScanCarry, 1), (OpKind.ForiLoop, 1), (OpKind.Cond, 1),
    };

    private static readonly int TotalWeight = Weights.Sum(w => w.Weight);

    /// <summary>The program of a seed.</summary>
    public static FuzzProgram Generate(int seed)
    {
        var r = new System.Random(seed);
        var dtype = r.Next(2) == 0 ? DType.Float64 : DType.Float32;
        var shape = BaseShape(r);
        int count = r.Next(10) switch { < 5 => 1, < 8 => 2, _ => 3 };
        var inputs = new InputSpec[count];
        for (int i = 0; i < count; i++)
        {
            var s = i == 0 ? shape : Broadcastable(shape, r);
            inputs[i] = new InputSpec(s, r.Next(100_000), new[] { 0.5, 1.0, 1.5, 2.0 }[r.Next(4)]);
        }
        var genes = new Gene[r.Next(20, 51)];
        for (int i = 0; i < genes.Length; i++) genes[i] = new Gene(Kind(r), r.Next(), r.Next(), r.Next(), Constant(r));
        var options = new FuzzOptions(
            BatchSize: r.Next(5) switch { 0 => 1, < 3 => 2, _ => 3 },
            MappedInputs: r.Next(3) == 0 ? 1 + r.Next((1 << count) - 1) : (1 << count) - 1,
            SegmentFrom: r.Next(1000),
            SegmentLength: r.Next(5) < 2 ? 0 : r.Next(1, 16),
            Policy: r.Next(3),
            DirectionSeed: r.Next(100_000));
        return new FuzzProgram(seed, dtype, inputs, genes, options);
    }

    private static OpKind Kind(System.Random r)
    {
        int x = r.Next(TotalWeight);
        foreach (var (kind, weight) in Weights)
        {
            if (x < weight) return kind;
            x -= weight;
        }
        throw new InvalidOperationException("weights do not add up");
    }

    /// <summary>A constant of magnitude 0.25 to 2 with two decimals, either sign.</summary>
    private static double Constant(System.Random r) => (r.Next(2) == 0 ? -1 : 1) * Math.Round(0.25 + (1.75 * r.NextDouble()), 2);

    private static int SmallDim(System.Random r) => r.Next(100) switch
    {
        < 4 => 0,
        < 26 => 1,
        _ => r.Next(2, 8),
    };

    private static int[] BaseShape(System.Random r)
    {
        int kind = r.Next(100);
        if (kind < 4)
        {
            int n = LongAxes[r.Next(LongAxes.Length)];
            return r.Next(3) switch { 0 => new[] { n }, 1 => new[] { 1 + r.Next(2), n }, _ => new[] { n, 2 } };
        }
        if (kind < 14)
        {
            int rank = r.Next(2, 4);
            return Enumerable.Range(0, rank).Select(i => i == rank - 1 || r.Next(2) == 0 ? r.Next(9, 41) : r.Next(1, 4)).ToArray();
        }
        int rk = r.Next(100) switch { < 5 => 0, < 30 => 1, < 65 => 2, < 90 => 3, _ => 4 };
        return Enumerable.Range(0, rk).Select(_ => SmallDim(r)).ToArray();
    }

    /// <summary>A shape that broadcasts with <paramref name="shape"/>: some leading axes dropped, some axes of size 1.</summary>
    private static int[] Broadcastable(int[] shape, System.Random r)
    {
        var dims = new List<int>(shape[r.Next(shape.Length + 1)..]);
        if (r.Next(3) == 0) dims = new List<int>(shape);
        for (int i = 0; i < dims.Count; i++)
            if (r.Next(3) == 0) dims[i] = 1;
        return dims.ToArray();
    }
}
