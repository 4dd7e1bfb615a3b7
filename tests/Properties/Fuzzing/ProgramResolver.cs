using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using static Functional.AD.Properties.Fuzzing.ShapeMath;

namespace Functional.AD.Properties.Fuzzing;

/// <summary>
/// Fits a program's genes to the shapes they meet: picks operands among the values whose shapes fit (recent values
/// first, so programs are deep rather than wide), concrete axes, shapes and indices, and the public-API expression of
/// each step with its C# text. Keeps every value bounded: an operation's guard keeps it smooth and finite (logarithms
/// of <c>x² + 0.5</c>, exponentials of scaled-down arguments) and a result whose bound exceeds 8 is scaled down by a
/// power of two (exactly, so no rounding is added). A gene that fits no operand is dropped.
/// </summary>
public sealed class ProgramResolver
{
    /// <summary>The most elements a value may have.</summary>
    public const int MaxElements = 300_000;

    private const double NormalizeAbove = 8;

    private readonly List<int[]> _shapes = new();
    private readonly List<double> _bounds = new();

    private ProgramResolver()
    {
    }

    /// <summary>Resolves a program.</summary>
    public static ResolvedProgram Resolve(FuzzProgram program)
    {
        var r = new ProgramResolver();
        foreach (var input in program.Inputs)
        {
            r._shapes.Add(input.Shape);
            r._bounds.Add(input.Scale);
        }
        var instructions = new List<Instruction>();
        foreach (var gene in program.Genes)
        {
            var ins = r.Fit(gene);
            if (ins is null) continue;
            instructions.Add(ins);
            r._shapes.Add(ins.Shape);
            r._bounds.Add(ins.Bound);
        }
        int last = r._shapes.Count - 1;
        var used = new bool[r._shapes.Count];
        foreach (var ins in instructions)
            foreach (var o in ins.Operands) used[o] = true;
        var folded = new List<(int, double)>();
        for (int v = program.Inputs.Length; v < last; v++)
            if (!used[v]) folded.Add((v, PowerOfTwoAtMost(1 / Math.Max(1, Size(r._shapes[v]) * r._bounds[v]))));
        int m = instructions.Count;
        int from = 0, to = 0;
        if (program.Options.SegmentLength > 0 && m > 0)
        {
            from = program.Options.SegmentFrom % m;
            to = Math.Min(m, from + program.Options.SegmentLength);
        }
        long terms = Math.Max(1, Size(r._shapes[last]));
        foreach (var ins in instructions) terms = Math.Max(terms, ins.Terms);
        foreach (var (v, _) in folded) terms = Math.Max(terms, Size(r._shapes[v]));
        return new ResolvedProgram
        {
            MaxTerms = terms,
            Program = program,
            Instructions = instructions.ToArray(),
            Shapes = r._shapes.ToArray(),
            Last = last,
            Folded = folded.ToArray(),
            SegmentFrom = from,
            SegmentTo = to,
        };
    }

    /// <summary>The largest power of two not above <paramref name="x"/> (for positive x).</summary>
    public static double PowerOfTwoAtMost(double x) => Math.ScaleB(1.0, (int)Math.Floor(Math.Log2(x)));

    /// <summary>A double as a C# literal that reads back exactly (always with a decimal point or exponent).</summary>
    public static string Num(double x)
    {
        var s = x.ToString("R", CultureInfo.InvariantCulture);
        return s.Contains('.') || s.Contains('E') ? s : s + ".0";
    }

    private int[] Shape(int v) => _shapes[v];

    private double Bound(int v) => _bounds[v];

    private int Rank(int v) => _shapes[v].Length;

    /// <summary>A value satisfying <paramref name="ok"/>: among the three most recent such values three times in four, else any; -1 when none.</summary>
    private int Pick(int choice, Func<int, bool> ok, int exclude = -1)
    {
        var candidates = new List<int>();
        for (int i = _shapes.Count - 1; i >= 0; i--)
            if (i != exclude && ok(i)) candidates.Add(i);
        if (candidates.Count == 0) return -1;
        int c = choice & 0x7fffffff;
        return (c & 3) != 0 ? candidates[(c >> 2) % Math.Min(3, candidates.Count)] : candidates[(c >> 2) % candidates.Count];
    }

    private static bool Any(int _) => true;

    /// <summary>
    /// Whether a shape is within the size limit, counting a zero axis as one: an empty [40000, 80000, 0] is still
    /// too big (its other axes could meet a non-empty value).
    /// </summary>
    private static bool Fits(int[] shape) => shape.Aggregate(1L, (n, d) => n * Math.Max(d, 1)) <= MaxElements;

    /// <summary>A value with an axis whose size satisfies <paramref name="ok"/>, and one such axis drawn at random; null when no value has one.</summary>
    private (int Value, int Axis)? WithAxis(int choice, System.Random r, Func<int, bool> ok)
    {
        int a = Pick(choice, i => Shape(i).Any(ok));
        if (a < 0) return null;
        var axes = Enumerable.Range(0, Rank(a)).Where(i => ok(Shape(a)[i])).ToArray();
        return (a, axes[r.Next(axes.Length)]);
    }

    private Instruction Make(
        string name, int[] operands, string code, Func<NDArray[], DType, NDArray> apply, int[] shape, double bound,
        Func<NDArray[], Kink[]>? kinks = null, bool discontinuous = false, bool stops = false, string? helper = null, long terms = 1)
    {
        // Sums hidden in the operation or its derivatives: a reduction's (output smaller than an operand), a
        // broadcast's transpose (output larger), or along an axis (given).
        long size = Math.Max(1, Size(shape));
        foreach (var o in operands)
        {
            long n = Math.Max(1, Size(Shape(o)));
            terms = Math.Max(terms, Math.Max(n / size, size / n));
        }
        if (bound > NormalizeAbove && double.IsFinite(bound))
        {
            double s = PowerOfTwoAtMost(4 / bound);
            code = $"({code}) * {Num(s)}";
            var inner = apply;
            apply = (o, t) => inner(o, t) * s;
            bound *= s;
        }
        return new Instruction
        {
            Name = name, Operands = operands, Code = code, Apply = apply, Shape = shape, Bound = bound,
            Kinks = kinks, Discontinuous = discontinuous, StopsGradient = stops, Helper = helper, Terms = terms,
        };
    }

    private Instruction? Unary(Gene g, string name, string code, Func<NDArray, NDArray> f, Func<double, double> bound,
        Func<NDArray[], Kink[]>? kinks = null, bool discontinuous = false, bool stops = false, string? helper = null)
    {
        int a = Pick(g.A, Any);
        return Make(name, new[] { a }, code, (o, _) => f(o[0]), Shape(a), bound(Bound(a)), kinks, discontinuous, stops, helper);
    }

    private static Kink[] AtZero(NDArray[] o) => new[] { KinkMeasures.Crossing(o[0], Np.Abs(o[0])) };

    private Instruction? Fit(Gene g)
    {
        var r = new System.Random(g.C);
        double k = g.K;
        switch (g.Kind)
        {
            case OpKind.Sin: return Unary(g, "sin", r.Next(2) == 0 ? "Np.Sin($0)" : "NDArray.Sin($0)", Np.Sin, _ => 1);
            case OpKind.Cos: return Unary(g, "cos", "Np.Cos($0)", Np.Cos, _ => 1);
            case OpKind.Tanh: return Unary(g, "tanh", r.Next(2) == 0 ? "Np.Tanh($0)" : "NDArray.Tanh($0)", Np.Tanh, a => Math.Min(a, 1));
            case OpKind.Arctan: return Unary(g, "arctan", "Np.Arctan($0)", Np.Arctan, a => Math.Min(a, Math.PI / 2));
            case OpKind.Sigmoid: return Unary(g, "sigmoid", "Nn.Sigmoid($0)", Nn.Sigmoid, _ => 1);
            case OpKind.Softplus: return Unary(g, "softplus", "Nn.Softplus($0)", Nn.Softplus, a => a + 0.7);
            case OpKind.Gelu: return Unary(g, "gelu", "Nn.Gelu($0)", Nn.Gelu, a => Math.Max(a, 0.2));
            case OpKind.Negative:
                return r.Next(2) == 0 ? Unary(g, "negative", "-$0", x => -x, a => a) : Unary(g, "negative", "Np.Negative($0)", Np.Negative, a => a);
            case OpKind.Square:
                return r.Next(3) == 0
                    ? Unary(g, "square", "$0 * $0", x => x * x, a => a * a)
                    : Unary(g, "square", "Np.Square($0)", Np.Square, a => a * a);
            case OpKind.Exp:
            {
                int a = Pick(g.A, Any);
                double s = Bound(a) > 3 ? PowerOfTwoAtMost(3 / Bound(a)) : 1;
                return s == 1
                    ? Make("exp", new[] { a }, "Np.Exp($0)", (o, _) => Np.Exp(o[0]), Shape(a), Math.Exp(Bound(a)))
                    : Make("exp", new[] { a }, $"Np.Exp($0 * {Num(s)})", (o, _) => Np.Exp(o[0] * s), Shape(a), Math.Exp(Bound(a) * s));
            }
            case OpKind.Expm1:
            {
                int a = Pick(g.A, Any);
                double s = Bound(a) > 2 ? PowerOfTwoAtMost(2 / Bound(a)) : 1;
                return Make("expm1", new[] { a }, $"Np.Expm1($0 * {Num(s)})", (o, _) => Np.Expm1(o[0] * s), Shape(a), Math.Exp(Bound(a) * s));
            }
            case OpKind.Log:
                return Unary(g, "log", "Np.Log(Np.Square($0) + 0.5)", x => Np.Log(Np.Square(x) + 0.5), a => Math.Max(Math.Log(2), Math.Log((a * a) + 0.5)));
            case OpKind.Log1p: return Unary(g, "log1p", "Np.Log1p(Np.Square($0))", x => Np.Log1p(Np.Square(x)), a => Math.Log(1 + (a * a)));
            case OpKind.Sqrt: return Unary(g, "sqrt", "Np.Sqrt(Np.Square($0) + 0.25)", x => Np.Sqrt(Np.Square(x) + 0.25), a => Math.Sqrt((a * a) + 0.25));
            case OpKind.Reciprocal: return Unary(g, "reciprocal", "Np.Reciprocal(Np.Square($0) + 0.5)", x => Np.Reciprocal(Np.Square(x) + 0.5), _ => 2);
            case OpKind.Tan: return Unary(g, "tan", "Np.Tan(Np.Tanh($0))", x => Np.Tan(Np.Tanh(x)), _ => 1.6);
            case OpKind.PowerInt:
            {
                int n = 2 + r.Next(2);
                return Unary(g, "integer_pow", $"Np.Power($0, {n})", x => Np.Power(x, n), a => Math.Pow(a, n));
            }
            case OpKind.PowerReal:
            {
                double e = new[] { 0.5, 1.5, -0.5, 2.5, -1.5 }[r.Next(5)];
                return Unary(g, "pow", $"Np.Power(Np.Square($0) + 0.5, {Num(e)})", x => Np.Power(Np.Square(x) + 0.5, e),
                    a => e > 0 ? Math.Pow((a * a) + 0.5, e) : Math.Pow(0.5, e));
            }
            case OpKind.ScalarArithmetic:
                return r.Next(6) switch
                {
                    0 => Unary(g, "scale", $"$0 * {Num(k)}", x => x * k, a => a * Math.Abs(k)),
                    1 => Unary(g, "scale", $"{Num(k)} * $0", x => k * x, a => a * Math.Abs(k)),
                    2 => Unary(g, "shift", $"$0 + {Num(k)}", x => x + k, a => a + Math.Abs(k)),
                    3 => Unary(g, "shift", $"{Num(k)} - $0", x => k - x, a => a + Math.Abs(k)),
                    4 => Unary(g, "scale", $"$0 / {Num(k)}", x => x / k, a => a / Math.Abs(k)),
                    _ => Unary(g, "shift", $"$0 - {Num(k)}", x => x - k, a => a + Math.Abs(k)),
                };
            case OpKind.CustomJvpTanh:
                return Unary(g, "custom_jvp", "CustomTanh($0)", CustomFunctions.CustomTanh, a => Math.Min(a, 1), helper: nameof(CustomFunctions.CustomTanh));
            case OpKind.CustomVjpSin:
                return Unary(g, "custom_vjp", "CustomSin($0)", CustomFunctions.CustomSin, _ => 1, helper: nameof(CustomFunctions.CustomSin));
            case OpKind.StopGradient: return Unary(g, "stop_gradient", "Lax.StopGradient($0)", Lax.StopGradient, a => a, stops: true);
            case OpKind.Relu: return Unary(g, "relu", "Nn.Relu($0)", Nn.Relu, a => a, AtZero);
            case OpKind.Abs: return Unary(g, "abs", r.Next(2) == 0 ? "Np.Abs($0)" : "NDArray.Abs($0)", Np.Abs, a => a, AtZero);
            case OpKind.Sign: return Unary(g, "sign", "Np.Sign($0)", Np.Sign, _ => 1, AtZero, discontinuous: true);
            case OpKind.Clip: return Clip(g, r);
            case OpKind.Add:
                return Binary(g, r, "add", r.Next(2) == 0 ? "$0 + $1" : "Np.Add($0, $1)", (x, y) => x + y, (a, b) => a + b);
            case OpKind.Subtract:
                return Binary(g, r, "subtract", r.Next(2) == 0 ? "$0 - $1" : "Np.Subtract($0, $1)", (x, y) => x - y, (a, b) => a + b);
            case OpKind.Multiply:
                return Binary(g, r, "multiply", r.Next(2) == 0 ? "$0 * $1" : "Np.Multiply($0, $1)", (x, y) => x * y, (a, b) => a * b);
            case OpKind.Divide:
                return Binary(g, r, "divide", "$0 / (Np.Square($1) + 1.0)", (x, y) => x / (Np.Square(y) + 1.0), (a, _) => a);
            case OpKind.PowerArray:
                return Binary(g, r, "pow", "Np.Power(Np.Square($0) + 0.5, Np.Tanh($1))", (x, y) => Np.Power(Np.Square(x) + 0.5, Np.Tanh(y)),
                    (a, _) => Math.Max((a * a) + 0.5, 2));
            case OpKind.Maximum: return Extremum(g, r, max: true);
            case OpKind.Minimum: return Extremum(g, r, max: false);
            case OpKind.Where: return Where(g, r);
            case OpKind.Sum: return Reduction(g, r, "sum");
            case OpKind.Mean: return Reduction(g, r, "mean");
            case OpKind.Max: return Reduction(g, r, "max");
            case OpKind.Min: return Reduction(g, r, "min");
            case OpKind.Prod: return Prod(g, r);
            case OpKind.LogSumExp: return Reduction(g, r, "logsumexp");
            case OpKind.Softmax: return AlongAxis(g, r, "softmax");
            case OpKind.LogSoftmax: return AlongAxis(g, r, "log_softmax");
            case OpKind.Cumsum: return AlongAxis(g, r, "cumsum");
            case OpKind.Matmul: return Matmul(g, r);
            case OpKind.Dot: return Dot(g, r);
            case OpKind.Outer: return Outer(g);
            case OpKind.Reshape: return Reshape(g, r);
            case OpKind.Transpose: return Transpose(g, r);
            case OpKind.ExpandDims: return ExpandDims(g, r);
            case OpKind.Squeeze: return Squeeze(g, r);
            case OpKind.BroadcastTo: return BroadcastTo(g, r);
            case OpKind.Index: return Index(g, r);
            case OpKind.Slice: return Slice(g, r);
            case OpKind.Concatenate: return Join(g, r, stack: false);
            case OpKind.Stack: return Join(g, r, stack: true);
            case OpKind.TakeConstant: return TakeConstant(g, r);
            case OpKind.TakeArgMax: return TakeArgMax(g, r);
            case OpKind.OneHotArgMax: return OneHotArgMax(g, r);
            case OpKind.ScanOutputs: return Scan(g, carry: false);
            case OpKind.ScanCarry: return Scan(g, carry: true);
            case OpKind.ForiLoop: return ForiLoop(g, r);
            case OpKind.Cond: return Cond(g);
            default: throw new ArgumentOutOfRangeException(nameof(g), g.Kind, "unknown operation");
        }
    }

    /// <summary>A second operand broadcasting with <paramref name="a"/> (a itself when no other does), within the size limit.</summary>
    private int Partner(int choice, int a) =>
        Pick(choice, i => Broadcast(Shape(a), Shape(i)) is { } s && Fits(s), exclude: a) is var b and >= 0 ? b : a;

    private Instruction? Binary(Gene g, System.Random r, string name, string code, Func<NDArray, NDArray, NDArray> f, Func<double, double, double> bound)
    {
        int a = Pick(g.A, Any);
        int b = Partner(g.B, a);
        if (r.Next(4) == 0) (a, b) = (b, a);
        return Make(name, new[] { a, b }, code, (o, _) => f(o[0], o[1]), Broadcast(Shape(a), Shape(b))!, bound(Bound(a), Bound(b)));
    }

    private Instruction? Extremum(Gene g, System.Random r, bool max)
    {
        string fn = max ? "Np.Maximum" : "Np.Minimum";
        Func<NDArray, NDArray, NDArray> f = max ? Np.Maximum : Np.Minimum;
        int a = Pick(g.A, Any);
        if (r.Next(3) == 0)
        {
            double c = Math.Round(g.K * 0.5, 2);
            return Make(max ? "maximum" : "minimum", new[] { a }, $"{fn}($0, {Num(c)})", (o, _) => f(o[0], c), Shape(a), Math.Max(Bound(a), Math.Abs(c)),
                o => new[] { KinkMeasures.Crossing(o[0] - c, Np.Abs(o[0]) + Math.Abs(c)) });
        }
        int b = Partner(g.B, a);
        if (b == a) return null;
        return Make(max ? "maximum" : "minimum", new[] { a, b }, $"{fn}($0, $1)", (o, _) => f(o[0], o[1]), Broadcast(Shape(a), Shape(b))!,
            Math.Max(Bound(a), Bound(b)), o => new[] { KinkMeasures.Crossing(o[0] - o[1], Np.Abs(o[0]) + Np.Abs(o[1])) });
    }

    private Instruction? Clip(Gene g, System.Random r)
    {
        int a = Pick(g.A, Any);
        double lo = -Math.Round(Bound(a) * r.NextDouble() * 0.8, 2), hi = Math.Round(Bound(a) * r.NextDouble() * 0.8, 2) + 0.01;
        return Make("clip", new[] { a }, $"Np.Clip($0, {Num(lo)}, {Num(hi)})", (o, _) => Np.Clip(o[0], lo, hi), Shape(a), Math.Max(-lo, hi),
            o => new[] { KinkMeasures.Crossing(o[0] - lo, Np.Abs(o[0]) + Math.Abs(lo)), KinkMeasures.Crossing(o[0] - hi, Np.Abs(o[0]) + hi) });
    }

    private Instruction? Where(Gene g, System.Random r)
    {
        int a = Pick(g.A, Any);
        int b = Partner(g.B, a);
        var ab = Broadcast(Shape(a), Shape(b))!;
        int p = Pick(r.Next(), i => Broadcast(ab, Shape(i)) is { } s && Fits(s));
        if (p < 0) return null;
        double c = Math.Round(g.K * 0.3, 2);
        return Make("where", new[] { a, b, p }, $"Np.Where($2 > {Num(c)}, $0, $1)", (o, _) => Np.Where(o[2] > c, o[0], o[1]),
            Broadcast(ab, Shape(p))!, Math.Max(Bound(a), Bound(b)),
            o => new[] { KinkMeasures.Crossing(o[2] - c, Np.Abs(o[2]) + Math.Abs(c)) }, discontinuous: true);
    }

    /// <summary>An axis of a rank-<paramref name="rank"/> array as the program writes it: sometimes counted from the end.</summary>
    private static int Printed(int axis, int rank, System.Random r) => r.Next(3) == 0 ? axis - rank : axis;

    private static string ReductionArgs(int? axis, bool keepDims) =>
        axis is int a ? (keepDims ? $", {a}, keepDims: true" : $", {a}") : (keepDims ? ", keepDims: true" : "");

    private Instruction? Reduction(Gene g, System.Random r, string name)
    {
        int a = Pick(g.A, Any);
        var shape = Shape(a);
        int? axis = shape.Length == 0 || r.Next(3) == 0 ? null : r.Next(shape.Length);
        long n = ReducedCount(shape, axis);
        if (name != "sum" && n < 1) return null;
        bool keep = r.Next(2) == 0;
        int? printed = axis is int x ? Printed(x, shape.Length, r) : null;
        var outShape = Reduce(shape, axis, keep);
        string args = ReductionArgs(printed, keep);
        bool method = r.Next(2) == 0 && name is "sum" or "mean" or "max" or "min";
        string Call(string np) => method ? $"$0.{np}({args.TrimStart(',', ' ')})" : $"{(name == "logsumexp" ? "Nn" : "Np")}.{np}($0{args})";
        double A = Bound(a);
        return name switch
        {
            "sum" => Make("sum", new[] { a }, Call("Sum"), (o, _) => Np.Sum(o[0], printed, keep), outShape, n * A),
            "mean" => Make("mean", new[] { a }, Call("Mean"), (o, _) => Np.Mean(o[0], printed, keep), outShape, A),
            "max" => Make("max", new[] { a }, Call("Max"), (o, _) => Np.Max(o[0], printed, keep), outShape, A, o => new[] { KinkMeasures.TopGap(o[0], axis) }),
            "min" => Make("min", new[] { a }, Call("Min"), (o, _) => Np.Min(o[0], printed, keep), outShape, A,
                o => new[] { KinkMeasures.TopGap(o[0], axis, minimum: true) }),
            _ => Make("logsumexp", new[] { a }, Call("LogSumExp"), (o, _) => Nn.LogSumExp(o[0], printed, keep), outShape, A + Math.Log(Math.Max(n, 1))),
        };
    }

    private Instruction? Prod(Gene g, System.Random r)
    {
        int a = Pick(g.A, i => Size(Shape(i)) <= 8 || Shape(i).Any(d => d is > 0 and <= 6));
        if (a < 0) return null;
        var shape = Shape(a);
        int? axis = Size(shape) <= 8 && (shape.Length == 0 || r.Next(2) == 0) ? null : Enumerable.Range(0, shape.Length).Where(i => shape[i] is > 0 and <= 6).Cast<int?>().FirstOrDefault();
        if (axis is null && Size(shape) > 8) return null;
        bool keep = r.Next(2) == 0;
        long n = ReducedCount(shape, axis);
        double s = Bound(a) > 1.5 ? PowerOfTwoAtMost(1.5 / Bound(a)) : 1;
        string arg = s == 1 ? "$0" : $"$0 * {Num(s)}";
        return Make("prod", new[] { a }, $"Np.Prod({arg}{ReductionArgs(axis, keep)})", (o, _) => Np.Prod(s == 1 ? o[0] : o[0] * s, axis, keep),
            Reduce(shape, axis, keep), Math.Pow(Bound(a) * s, n));
    }

    private Instruction? AlongAxis(Gene g, System.Random r, string name)
    {
        if (WithAxis(g.A, r, d => name == "cumsum" || d >= 1) is not var (a, axis)) return null;
        var shape = Shape(a);
        int ax = Printed(axis, shape.Length, r);
        int n = shape[axis];
        return name switch
        {
            "softmax" => Make(name, new[] { a }, $"Nn.Softmax($0, {ax})", (o, _) => Nn.Softmax(o[0], ax), shape, 1, terms: n),
            "log_softmax" => Make(name, new[] { a }, $"Nn.LogSoftmax($0, {ax})", (o, _) => Nn.LogSoftmax(o[0], ax), shape, (2 * Bound(a)) + Math.Log(Math.Max(n, 1)), terms: n),
            _ => Make(name, new[] { a }, $"Np.Cumsum($0, {ax})", (o, _) => Np.Cumsum(o[0], ax), shape, Math.Max(n, 1) * Bound(a), terms: n),
        };
    }

    /// <summary>The shape of numpy.matmul(a, b), or null when it is not defined.</summary>
    public static int[]? MatmulShape(int[] a, int[] b)
    {
        if (a.Length == 0 || b.Length == 0) return null;
        int k = a[^1], kb = b.Length == 1 ? b[0] : b[^2];
        if (k != kb) return null;
        var batch = Broadcast(a.Length > 2 ? a[..^2] : Array.Empty<int>(), b.Length > 2 ? b[..^2] : Array.Empty<int>());
        if (batch is null) return null;
        var r = new List<int>(batch);
        if (a.Length >= 2) r.Add(a[^2]);
        if (b.Length >= 2) r.Add(b[^1]);
        return r.ToArray();
    }

    private Instruction? Matmul(Gene g, System.Random r)
    {
        int a = Pick(g.A, i => Rank(i) >= 1 && Shape(i)[^1] <= 256);
        if (a < 0) return null;
        var sa = Shape(a);
        int k = sa[^1];
        if (r.Next(2) == 0)
        {
            int b = Pick(g.B, i => MatmulShape(sa, Shape(i)) is { } s && Fits(s) && Size(s) * k <= 4 * MaxElements);
            if (b >= 0)
                return Make("matmul", new[] { a, b }, "Np.Matmul($0, $1)", (o, _) => Np.Matmul(o[0], o[1]), MatmulShape(sa, Shape(b))!, Math.Max(k, 1) * Bound(a) * Bound(b), terms: k);
        }
        int seed = r.Next(1000);
        if (r.Next(3) == 0 && sa.Length >= 1)
        {
            // A constant on the left: W [m, rows of a] (a vector a is a column).
            int rows = sa.Length == 1 ? sa[0] : sa[^2];
            if (rows > 256) return null;
            int m = 1 + r.Next(4);
            var w = new[] { m, rows };
            var shape = MatmulShape(w, sa)!;
            if (!Fits(shape)) return null;
            return Make("matmul", new[] { a }, $"Np.Matmul(Wave({Literal(w)}, {seed}, 1.0, $T), $0)", (o, t) => Np.Matmul(Waves.Wave(w, seed, 1.0, t), o[0]),
                shape, Math.Max(rows, 1) * Bound(a), terms: rows);
        }
        var wr = r.Next(4) == 0 ? new[] { k } : new[] { k, 1 + r.Next(4) };
        var outShape = MatmulShape(sa, wr)!;
        if (!Fits(outShape)) return null;
        return Make("matmul", new[] { a }, $"Np.Matmul($0, Wave({Literal(wr)}, {seed}, 1.0, $T))", (o, t) => Np.Matmul(o[0], Waves.Wave(wr, seed, 1.0, t)),
            outShape, Math.Max(k, 1) * Bound(a), terms: k);
    }

    /// <summary>The shape of numpy.dot(a, b), or null when it is not defined.</summary>
    public static int[]? DotShape(int[] a, int[] b)
    {
        if (a.Length == 0) return b;
        if (b.Length == 0) return a;
        int kb = b.Length == 1 ? 0 : b.Length - 2;
        if (a[^1] != b[kb]) return null;
        return a[..^1].Concat(Without(b, kb)).ToArray();
    }

    private Instruction? Dot(Gene g, System.Random r)
    {
        int a = Pick(g.A, i => Rank(i) == 0 || Shape(i)[^1] <= 256);
        if (a < 0) return null;
        var sa = Shape(a);
        int b = Pick(g.B, i => DotShape(sa, Shape(i)) is { } s && Fits(s) && Size(s) * Math.Max(1, sa.Length == 0 ? 1 : sa[^1]) <= 4 * MaxElements);
        if (b >= 0 && r.Next(2) == 0)
        {
            long terms = sa.Length == 0 || Rank(b) == 0 ? 1 : Math.Max(1, sa[^1]);
            return Make("dot", new[] { a, b }, "Np.Dot($0, $1)", (o, _) => Np.Dot(o[0], o[1]), DotShape(sa, Shape(b))!, terms * Bound(a) * Bound(b), terms: terms);
        }
        if (sa.Length == 0) return null;
        int seed = r.Next(1000);
        var w = r.Next(2) == 0 ? new[] { sa[^1] } : new[] { sa[^1], 1 + r.Next(3) };
        var shape = DotShape(sa, w)!;
        return Make("dot", new[] { a }, $"Np.Dot($0, Wave({Literal(w)}, {seed}, 1.0, $T))", (o, t) => Np.Dot(o[0], Waves.Wave(w, seed, 1.0, t)),
            shape, Math.Max(sa[^1], 1) * Bound(a), terms: sa[^1]);
    }

    private Instruction? Outer(Gene g)
    {
        int a = Pick(g.A, i => Size(Shape(i)) <= 64);
        if (a < 0) return null;
        int b = Pick(g.B, i => Size(Shape(i)) <= 64);
        return Make("outer", new[] { a, b }, "Np.Outer($0, $1)", (o, _) => Np.Outer(o[0], o[1]),
            new[] { (int)Size(Shape(a)), (int)Size(Shape(b)) }, Bound(a) * Bound(b));
    }

    private Instruction? Reshape(Gene g, System.Random r)
    {
        int a = Pick(g.A, Any);
        var shape = Shape(a);
        long size = Size(shape);
        var target = new List<int>();
        if (size == 0)
        {
            int rank = 1 + r.Next(3);
            for (int i = 0; i < rank; i++) target.Add(r.Next(3));
            target[r.Next(rank)] = 0;
        }
        else
        {
            long rest = size;
            int rank = r.Next(5);
            for (int i = 0; i < rank - 1 && rest > 1; i++)
            {
                var divisors = Enumerable.Range(1, (int)Math.Min(rest, 64)).Where(d => rest % d == 0).ToArray();
                int d = divisors[r.Next(divisors.Length)];
                target.Add(d);
                rest /= d;
            }
            if (rank > 0 || rest > 1) target.Add((int)rest);
            if (r.Next(3) == 0) target.Insert(r.Next(target.Count + 1), 1);
        }
        var dims = target.ToArray();
        var printed = (int[])dims.Clone();
        if (size > 0 && dims.Length > 0 && r.Next(3) == 0) printed[r.Next(dims.Length)] = -1;
        bool method = r.Next(2) == 0;
        string code = method ? $"$0.Reshape({string.Join(", ", printed)})" : $"Np.Reshape($0, {Literal(printed)})";
        return Make("reshape", new[] { a }, code, (o, _) => Np.Reshape(o[0], printed), dims, Bound(a));
    }

    private Instruction? Transpose(Gene g, System.Random r)
    {
        int a = Pick(g.A, i => Rank(i) >= 2);
        if (a < 0) return null;
        int rank = Rank(a);
        var perm = Enumerable.Range(0, rank).OrderBy(_ => r.Next()).ToArray();
        var shape = perm.Select(p => Shape(a)[p]).ToArray();
        bool reversed = perm.SequenceEqual(Enumerable.Range(0, rank).Reverse());
        if (reversed && r.Next(2) == 0)
            return Make("transpose", new[] { a }, r.Next(2) == 0 ? "$0.T" : "Np.Transpose($0)", (o, _) => Np.Transpose(o[0]), shape, Bound(a));
        var printed = perm.Select(p => r.Next(4) == 0 ? p - rank : p).ToArray();
        return Make("transpose", new[] { a }, $"Np.Transpose($0, {Literal(printed)})", (o, _) => Np.Transpose(o[0], printed), shape, Bound(a));
    }

    private Instruction? ExpandDims(Gene g, System.Random r)
    {
        int a = Pick(g.A, i => Rank(i) < 5);
        if (a < 0) return null;
        int rank = Rank(a);
        int axis = r.Next(rank + 1);
        int printed = r.Next(3) == 0 ? axis - rank - 1 : axis;
        return Make("expand_dims", new[] { a }, $"Np.ExpandDims($0, {printed})", (o, _) => Np.ExpandDims(o[0], printed), Insert(Shape(a), axis, 1), Bound(a));
    }

    private Instruction? Squeeze(Gene g, System.Random r)
    {
        int a = Pick(g.A, i => Shape(i).Contains(1));
        if (a < 0) return null;
        var shape = Shape(a);
        if (r.Next(3) == 0)
            return Make("squeeze", new[] { a }, "Np.Squeeze($0)", (o, _) => Np.Squeeze(o[0]), shape.Where(d => d != 1).ToArray(), Bound(a));
        var ones = Enumerable.Range(0, shape.Length).Where(i => shape[i] == 1).ToArray();
        int axis = ones[r.Next(ones.Length)];
        int printed = Printed(axis, shape.Length, r);
        return Make("squeeze", new[] { a }, $"Np.Squeeze($0, {printed})", (o, _) => Np.Squeeze(o[0], printed), Without(shape, axis), Bound(a));
    }

    private Instruction? BroadcastTo(Gene g, System.Random r)
    {
        int a = Pick(g.A, i => Rank(i) < 5);
        if (a < 0) return null;
        var target = new List<int>();
        int extra = r.Next(3);
        for (int i = 0; i < extra && Rank(a) + target.Count < 5; i++) target.Add(1 + r.Next(3));
        foreach (var d in Shape(a)) target.Add(d == 1 && r.Next(2) == 0 ? 2 + r.Next(2) : d);
        var shape = target.ToArray();
        if (!Fits(shape)) return null;
        return Make("broadcast_to", new[] { a }, $"Np.BroadcastTo($0, {Literal(shape)})", (o, _) => Np.BroadcastTo(o[0], shape), shape, Bound(a));
    }

    private Instruction? Index(Gene g, System.Random r)
    {
        int a = Pick(g.A, i => Rank(i) >= 1 && Shape(i)[0] >= 1);
        if (a < 0) return null;
        int n = Shape(a)[0];
        int index = r.Next(-n, n);
        return Make("index", new[] { a }, $"$0[{index}]", (o, _) => o[0][index], Shape(a)[1..], Bound(a));
    }

    private Instruction? Slice(Gene g, System.Random r)
    {
        int a = Pick(g.A, i => Rank(i) >= 1);
        if (a < 0) return null;
        int n = Shape(a)[0];
        int start = r.Next(n + 1), end = start + r.Next(n - start + 1);
        var range = new Range(r.Next(2) == 0 ? start : System.Index.FromEnd(n - start), r.Next(2) == 0 ? end : System.Index.FromEnd(n - end));
        string text = (range.Start.Value == 0 && !range.Start.IsFromEnd ? "" : range.Start.ToString()) + ".." +
                      (range.End.Value == 0 && range.End.IsFromEnd ? "" : range.End.ToString());
        var shape = (int[])Shape(a).Clone();
        shape[0] = end - start;
        return Make("slice", new[] { a }, $"$0[{text}]", (o, _) => o[0][range], shape, Bound(a));
    }

    private Instruction? Join(Gene g, System.Random r, bool stack)
    {
        int a = Pick(g.A, i => stack ? Rank(i) < 5 : Rank(i) >= 1);
        if (a < 0) return null;
        var sa = Shape(a);
        int rank = sa.Length;
        int axis = r.Next(stack ? rank + 1 : rank);
        bool Joins(int i) => stack
            ? Same(Shape(i), sa)
            : Rank(i) == rank && Enumerable.Range(0, rank).All(d => d == axis || Shape(i)[d] == sa[d]);
        var operands = new List<int> { a };
        int parts = 2 + r.Next(2);
        for (int p = 1; p < parts; p++)
        {
            int b = Pick(r.Next(), Joins);
            operands.Add(b >= 0 ? b : a);
        }
        if (r.Next(3) == 0) operands.Reverse();
        int[] shape;
        if (stack) shape = Insert(sa, axis, operands.Count);
        else
        {
            shape = (int[])sa.Clone();
            shape[axis] = operands.Sum(i => Shape(i)[axis]);
        }
        if (!Fits(shape)) return null;
        int printedAxis = r.Next(3) == 0 ? axis - (stack ? rank + 1 : rank) : axis;
        string list = "new[] { " + string.Join(", ", operands.Select((_, i) => "$" + i)) + " }";
        string fn = stack ? "Np.Stack" : "Np.Concatenate";
        string code = printedAxis == 0 && r.Next(2) == 0 ? $"{fn}({list})" : $"{fn}({list}, {printedAxis})";
        return Make(stack ? "stack" : "concatenate", operands.ToArray(), code,
            (o, _) => stack ? Np.Stack(o, printedAxis) : Np.Concatenate(o, printedAxis), shape, operands.Max(Bound));
    }

    private Instruction? TakeConstant(Gene g, System.Random r)
    {
        if (WithAxis(g.A, r, d => d >= 1) is not var (a, axis)) return null;
        var sa = Shape(a);
        int n = sa[axis];
        int rank = r.Next(3);
        var ishape = Enumerable.Range(0, rank).Select(_ => r.Next(4)).ToArray();
        var values = Enumerable.Range(0, (int)Size(ishape)).Select(_ => r.Next(-n, n)).ToArray();
        string indices = rank switch
        {
            0 => $"Np.Scalar({values[0]})",
            1 => values.Length == 0 ? "Np.Array(new int[0])" : $"Np.Array({string.Join(", ", values)})",
            _ => $"Np.FromFlat({Literal(values)}, {Literal(ishape)})",
        };
        var shape = sa[..axis].Concat(ishape).Concat(sa[(axis + 1)..]).ToArray();
        if (!Fits(shape)) return null;
        int printed = Printed(axis, sa.Length, r);
        return Make("take", new[] { a }, $"Np.Take($0, {indices}, {printed})", (o, _) => Np.Take(o[0], Np.FromFlat(values, ishape), printed), shape, Bound(a));
    }

    private Instruction? TakeArgMax(Gene g, System.Random r)
    {
        if (WithAxis(g.A, r, d => d >= 1) is not var (a, axisA)) return null;
        var sa = Shape(a);
        if (WithAxis(g.B, r, d => d >= 1 && d <= sa[axisA]) is not var (b, axisB)) return null;
        var sb = Shape(b);
        var shape = sa[..axisA].Concat(Without(sb, axisB)).Concat(sa[(axisA + 1)..]).ToArray();
        if (!Fits(shape)) return null;
        return Make("take_argmax", new[] { a, b }, $"Np.Take($0, Np.ArgMax($1, {axisB}), {axisA})", (o, _) => Np.Take(o[0], Np.ArgMax(o[1], axisB), axisA),
            shape, Bound(a), o => new[] { KinkMeasures.TopGap(o[1], axisB) }, discontinuous: true);
    }

    private Instruction? OneHotArgMax(Gene g, System.Random r)
    {
        if (WithAxis(g.A, r, d => d >= 1) is not var (a, axis)) return null;
        var sa = Shape(a);
        int classes = sa[axis] + r.Next(2);
        var shape = Without(sa, axis).Append(classes).ToArray();
        if (!Fits(shape)) return null;
        return Make("one_hot_argmax", new[] { a }, $"Nn.OneHot(Np.ArgMax($0, {axis}), {classes}, $T)", (o, t) => Nn.OneHot(Np.ArgMax(o[0], axis), classes, t),
            shape, 1, o => new[] { KinkMeasures.TopGap(o[0], axis) }, discontinuous: true);
    }

    private Instruction? Scan(Gene g, bool carry)
    {
        int a = Pick(g.A, i => Rank(i) >= 1);
        if (a < 0) return null;
        var sa = Shape(a);
        // |w| < 1 keeps the recurrence contracting: its derivatives through n steps stay bounded (|w| = 1.5 gave 1.5ⁿ).
        double w = Math.Round(Math.Clamp(g.K * 0.5, -0.9, 0.9), 2);
        double s = PowerOfTwoAtMost(1 / Math.Max(1, sa[0] * Bound(a)));
        string code = $"Lax.Scan<NDArray, NDArray, NDArray>((c, t) => {{ var h = Np.Tanh((c * {Num(w)}) + t); return (h, h * t); }}, Np.Sum($0, 0) * {Num(s)}, $0)"
                      + (carry ? ".Carry" : ".Ys");
        NDArray Run(NDArray x)
        {
            var (c, ys) = Lax.Scan<NDArray, NDArray, NDArray>((c, t) =>
            {
                var h = Np.Tanh((c * w) + t);
                return (h, h * t);
            }, Np.Sum(x, 0) * s, x);
            return carry ? c : ys;
        }
        return Make(carry ? "scan_carry" : "scan_ys", new[] { a }, code, (o, _) => Run(o[0]), carry ? sa[1..] : sa, carry ? 1 : Bound(a));
    }

    private Instruction? ForiLoop(Gene g, System.Random r)
    {
        int a = Pick(g.A, Any);
        int trips = new[] { 0, 1, 3 }[r.Next(3)];
        return Make("fori_loop", new[] { a }, $"Lax.ForiLoop(0, {trips}, (i, c) => (Np.Sin(c) * 0.75) + (c * 0.25), $0)",
            (o, _) => Lax.ForiLoop(0, trips, (i, c) => (Np.Sin(c) * 0.75) + (c * 0.25), o[0]), Shape(a), Math.Max(Bound(a), 1));
    }

    private Instruction? Cond(Gene g)
    {
        int a = Pick(g.A, Any);
        int p = Pick(g.B, Any);
        double c = Math.Round(g.K * 0.3, 2);
        return Make("cond", new[] { a, p },
            $"Lax.Cond(Np.Sum($1) > {Num(c)}, (NDArray t) => Np.Sin(t) * 1.5, (NDArray t) => Np.Cos(t) - 0.5, $0)",
            (o, _) => Lax.Cond(Np.Sum(o[1]) > c, (NDArray t) => Np.Sin(t) * 1.5, (NDArray t) => Np.Cos(t) - 0.5, o[0]),
            Shape(a), 1.5,
            o => new[] { KinkMeasures.Crossing(Np.Sum(o[1]) - c, Np.Sum(Np.Abs(o[1])) + Math.Abs(c)) }, discontinuous: true);
    }
}
