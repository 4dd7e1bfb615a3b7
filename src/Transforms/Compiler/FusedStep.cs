using System;
using System.Collections.Generic;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Functional.AD;

/// <summary>How a value of a fused group is held while the group runs.</summary>
internal enum FusedValueKind
{
    /// <summary>An input array of the group's size, read a tile at a time.</summary>
    Input,
    /// <summary>A value that is the same for every element (a 0-d operand, a broadcast scalar, or computed from those): held as a 0-d array.</summary>
    Uniform,
    /// <summary>A value computed tile by tile into a register or, when it is needed after the group, straight into its output array.</summary>
    Computed,
}

/// <summary>One value of a fused group.</summary>
internal sealed class FusedValue
{
    internal required DType DType;
    internal required FusedValueKind Kind;
    /// <summary>Where an input or uniform value comes from.</summary>
    internal Source Source;
    /// <summary>Output slots (with their types: reshapes share one buffer) when the value is needed after the group.</summary>
    internal readonly List<(int Slot, ArrayType Type)> Outputs = new();
    /// <summary>Register number (per dtype) of a computed value that is not an output.</summary>
    internal int Register = -1;
}

/// <summary>One elementwise operation of a fused group, applied to a tile [start, start+count).</summary>
internal abstract class FusedInstruction
{
    internal required int Result;
    internal required int[] Operands;
    /// <summary>The primitive and parameters (to compute the instruction once when all its operands are uniform).</summary>
    internal required Primitive Primitive;
    internal required PrimitiveParams Params;
    internal required ArrayType ResultType;

    internal abstract void RunTile(FusedFrame f, int start, int count);

    /// <summary>
    /// Whether <see cref="RunScalar"/> can evaluate this instruction on f64 scalars held in a register file (the
    /// uniform part of a group whose uniform values are all f64).
    /// </summary>
    internal virtual bool HasScalarForm => false;

    /// <summary>Evaluates the instruction on f64 scalars: <c>regs[Result] = op(regs[Operands...])</c>, with the same kernel as the tiles (same bits).</summary>
    internal virtual void RunScalar(double[] regs) => throw new InvalidOperationException();
}

/// <summary>The values of one run of a fused group: inputs, uniform values, outputs and tile registers.</summary>
internal sealed class FusedFrame
{
    internal readonly FusedValue[] Values;
    /// <summary>Inputs and output arrays of the run (a helper thread's frame borrows the running frame's table).</summary>
    internal ConcreteArray?[] Arrays;
    /// <summary>Uniform values of the run (borrowed like <see cref="Arrays"/>).</summary>
    internal NDArray?[] Uniforms;
    /// <summary>This thread's tile registers.</summary>
    internal readonly Array?[] Registers;

    /// <summary>Scalar registers for a uniform program run on f64 scalars (one per value).</summary>
    internal readonly double[] Scalars;

    internal FusedFrame(FusedValue[] values)
    {
        Values = values;
        Arrays = new ConcreteArray?[values.Length];
        Uniforms = new NDArray?[values.Length];
        Registers = new Array?[values.Length];
        Scalars = new double[values.Length];
    }

    internal bool IsUniform(int v) => Values[v].Kind == FusedValueKind.Uniform;

    /// <summary>The uniform value of <paramref name="v"/> as <typeparamref name="T"/>.</summary>
    internal T Uniform<T>(int v) where T : unmanaged => ((ConcreteArray)Uniforms[v]!).Span<T>()[0];

    /// <summary>The tile of value <paramref name="v"/> for reading.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal ReadOnlySpan<T> Read<T>(int v, int start, int count) where T : unmanaged =>
        Registers[v] is { } r ? new ReadOnlySpan<T>(Unsafe.As<T[]>(r), 0, count) : Arrays[v]!.Span<T>().Slice(start, count);

    /// <summary>The tile of value <paramref name="v"/> for writing.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal Span<T> Write<T>(int v, int start, int count) where T : unmanaged =>
        Registers[v] is { } r ? new Span<T>(Unsafe.As<T[]>(r), 0, count) : Arrays[v]!.Writable<T>().Slice(start, count);
}

/// <summary>A unary elementwise instruction (sin, exp, neg, ...).</summary>
internal sealed class FusedUnary<T> : FusedInstruction where T : unmanaged
{
    internal required SpanMap<T> Kernel;

    internal override void RunTile(FusedFrame f, int start, int count) =>
        Kernel(f.Read<T>(Operands[0], start, count), f.Write<T>(Result, start, count));

    internal override bool HasScalarForm => typeof(T) == typeof(double);

    internal override void RunScalar(double[] regs) =>
        Unsafe.As<SpanMap<double>>(Kernel)(MemoryMarshal.CreateReadOnlySpan(ref regs[Operands[0]], 1), MemoryMarshal.CreateSpan(ref regs[Result], 1));
}

/// <summary>A binary elementwise instruction; either operand may be uniform.</summary>
internal sealed class FusedBinary<T> : FusedInstruction where T : unmanaged
{
    internal required ElementwiseKernels.BinaryKernels<T> Kernels;

    internal override void RunTile(FusedFrame f, int start, int count)
    {
        int a = Operands[0], b = Operands[1];
        var z = f.Write<T>(Result, start, count);
        if (f.IsUniform(b)) Kernels.RightScalar(f.Read<T>(a, start, count), f.Uniform<T>(b), z);
        else if (f.IsUniform(a)) Kernels.LeftScalar(f.Uniform<T>(a), f.Read<T>(b, start, count), z);
        else Kernels.Both(f.Read<T>(a, start, count), f.Read<T>(b, start, count), z);
    }

    internal override bool HasScalarForm => typeof(T) == typeof(double);

    /// <summary>The IEEE operation of add, sub, mul and div (computed directly: the same bits as the kernels), else 0; -1 until known.</summary>
    private int _scalarOp = -1;

    internal override void RunScalar(double[] regs)
    {
        if (_scalarOp < 0) _scalarOp = Primitive.Name switch { "add" => 1, "sub" => 2, "mul" => 3, "div" => 4, _ => 0 };
        double a = regs[Operands[0]], b = regs[Operands[1]];
        switch (_scalarOp)
        {
            case 1: regs[Result] = a + b; return;
            case 2: regs[Result] = a - b; return;
            case 3: regs[Result] = a * b; return;
            case 4: regs[Result] = a / b; return;
        }
        Unsafe.As<ElementwiseKernels.BinaryKernels<double>>(Kernels).Both(
            MemoryMarshal.CreateReadOnlySpan(ref regs[Operands[0]], 1), MemoryMarshal.CreateReadOnlySpan(ref regs[Operands[1]], 1),
            MemoryMarshal.CreateSpan(ref regs[Result], 1));
    }
}

/// <summary>A comparison producing bools; either operand may be uniform.</summary>
internal sealed class FusedCompare<T> : FusedInstruction where T : unmanaged, IComparisonOperators<T, T, bool>, IEqualityOperators<T, T, bool>
{
    internal required string Op;

    internal override void RunTile(FusedFrame f, int start, int count)
    {
        int a = Operands[0], b = Operands[1];
        var z = f.Write<bool>(Result, start, count);
        bool ua = f.IsUniform(a), ub = f.IsUniform(b);
        T sa = ua ? f.Uniform<T>(a) : default, sb = ub ? f.Uniform<T>(b) : default;
        var xa = ua ? default : f.Read<T>(a, start, count);
        var xb = ub ? default : f.Read<T>(b, start, count);
        for (int i = 0; i < z.Length; i++)
        {
            T x = ua ? sa : xa[i], y = ub ? sb : xb[i];
            z[i] = Op switch
            {
                "eq" => x == y,
                "ne" => x != y,
                "lt" => x < y,
                "le" => x <= y,
                "gt" => x > y,
                _ => x >= y,
            };
        }
    }
}

/// <summary>select_n with a bool or i32 selector; any operand may be uniform.</summary>
internal sealed class FusedSelect<T> : FusedInstruction where T : unmanaged
{
    internal override void RunTile(FusedFrame f, int start, int count)
    {
        var z = f.Write<T>(Result, start, count);
        int which = Operands[0];
        int cases = Operands.Length - 1;
        bool boolPred = f.Values[which].DType == DType.Bool;
        if (f.IsUniform(which))
        {
            int k = boolPred ? (f.Uniform<bool>(which) ? 1 : 0) : Math.Clamp(f.Uniform<int>(which), 0, cases - 1);
            Copy(f, Operands[k + 1], start, z);
            return;
        }
        if (boolPred && cases == 2 && !f.IsUniform(Operands[1]) && !f.IsUniform(Operands[2]))
        {
            var p = f.Read<bool>(which, start, count);
            var onFalse = f.Read<T>(Operands[1], start, count);
            var onTrue = f.Read<T>(Operands[2], start, count);
            for (int i = 0; i < z.Length; i++) z[i] = p[i] ? onTrue[i] : onFalse[i];
            return;
        }
        for (int i = 0; i < z.Length; i++)
        {
            int k = boolPred ? (f.Read<bool>(which, start, count)[i] ? 1 : 0) : Math.Clamp(f.Read<int>(which, start, count)[i], 0, cases - 1);
            int v = Operands[k + 1];
            z[i] = f.IsUniform(v) ? f.Uniform<T>(v) : f.Read<T>(v, start, count)[i];
        }
    }

    private static void Copy(FusedFrame f, int v, int start, Span<T> z)
    {
        if (f.IsUniform(v)) z.Fill(f.Uniform<T>(v));
        else f.Read<T>(v, start, z.Length).CopyTo(z);
    }
}

/// <summary>A dtype conversion.</summary>
internal sealed class FusedConvert : FusedInstruction
{
    internal override void RunTile(FusedFrame f, int start, int count)
    {
        int a = Operands[0];
        var from = f.Values[a].DType;
        switch (ResultType.DType)
        {
            case DType.Float64: Convert(f, a, from, start, f.Write<double>(Result, start, count)); break;
            case DType.Float32: Convert(f, a, from, start, f.Write<float>(Result, start, count)); break;
            case DType.Int32: Convert(f, a, from, start, f.Write<int>(Result, start, count)); break;
            default: Convert(f, a, from, start, f.Write<bool>(Result, start, count)); break;
        }
    }

    private static void Convert<TTo>(FusedFrame f, int a, DType from, int start, Span<TTo> z) where TTo : unmanaged
    {
        int n = z.Length;
        switch (from)
        {
            case DType.Float64: { var x = f.Read<double>(a, start, n); for (int i = 0; i < n; i++) z[i] = To<double, TTo>(x[i]); break; }
            case DType.Float32: { var x = f.Read<float>(a, start, n); for (int i = 0; i < n; i++) z[i] = To<float, TTo>(x[i]); break; }
            case DType.Int32: { var x = f.Read<int>(a, start, n); for (int i = 0; i < n; i++) z[i] = To<int, TTo>(x[i]); break; }
            default: { var x = f.Read<bool>(a, start, n); for (int i = 0; i < n; i++) z[i] = To<bool, TTo>(x[i]); break; }
        }
    }

    /// <summary>numpy astype semantics (as <see cref="ElementConversion"/>): floats truncate and saturate into ints, non-zero is true.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TTo To<TFrom, TTo>(TFrom v)
    {
        double d = typeof(TFrom) == typeof(bool) ? ((bool)(object)v! ? 1 : 0) : typeof(TFrom) == typeof(int) ? (int)(object)v! :
            typeof(TFrom) == typeof(float) ? (float)(object)v! : (double)(object)v!;
        if (typeof(TTo) == typeof(double)) return (TTo)(object)d;
        if (typeof(TTo) == typeof(float)) return typeof(TFrom) == typeof(double) ? (TTo)(object)(float)d : (TTo)(object)(float)d;
        if (typeof(TTo) == typeof(int)) return (TTo)(object)(double.IsNaN(d) ? 0 : d >= int.MaxValue ? int.MaxValue : d <= int.MinValue ? int.MinValue : (int)d);
        return (TTo)(object)(d != 0);
    }
}

/// <summary>x^y for a fixed integer y.</summary>
internal sealed class FusedIntegerPow<T> : FusedInstruction where T : unmanaged, INumber<T>
{
    internal required int Y;

    internal override void RunTile(FusedFrame f, int start, int count)
    {
        var x = f.Read<T>(Operands[0], start, count);
        var z = f.Write<T>(Result, start, count);
        if (Y == 2) { for (int i = 0; i < z.Length; i++) z[i] = x[i] * x[i]; return; }
        for (int i = 0; i < z.Length; i++) z[i] = Pow(x[i], Y);
    }

    private static T Pow(T x, int y)
    {
        bool invert = y < 0;
        long n = Math.Abs((long)y);
        T result = T.One, b = x;
        while (n > 0)
        {
            if ((n & 1) != 0) result *= b;
            b *= b;
            n >>= 1;
        }
        return invert ? T.One / result : result;
    }
}

/// <summary>A full reduction (over every element) of a group value, accumulated tile by tile.</summary>
internal sealed class FusedReduction
{
    internal required int Value;
    internal required ReduceOp Op;
    internal required int Slot;
    internal required ArrayType Type;
}

/// <summary>
/// A fused group of elementwise operations over values of one size, with full reductions of them: one pass
/// over the data in tiles, intermediates held in small tile registers that stay in cache, values needed
/// afterwards written straight into their output arrays, and operations on uniform values done once.
/// </summary>
internal sealed class FusedStep : ExecutionStep
{
    /// <summary>Elements per tile.</summary>
    internal const int Tile = 4096;

    private readonly int _size;
    private readonly FusedValue[] _values;
    private readonly FusedInstruction[] _uniformProgram;
    private readonly FusedInstruction[] _tileProgram;
    private readonly FusedReduction[] _reductions;
    private readonly int[] _registerCounts;   // per dtype
    private readonly int[] _reads;
    private readonly int[] _writes;

    /// <summary>
    /// Whether the uniform program runs on f64 scalars in a register file instead of 0-d arrays (every uniform
    /// value is f64 and every uniform instruction has a scalar form): a chain of 0-d operations, such as a
    /// jitted scalar function, then costs a few nanoseconds per operation instead of an array per operation.
    /// </summary>
    private readonly bool _scalarUniforms;

    /// <summary>With <see cref="_scalarUniforms"/>: the uniform values needed as arrays after the uniform program (outputs, tile operands).</summary>
    private readonly int[] _materialized = Array.Empty<int>();

    /// <summary>The weak type flag of each value in <see cref="_materialized"/> (that of the instruction computing it).</summary>
    private readonly bool[] _materializedWeak = Array.Empty<bool>();

    /// <summary>
    /// Whether the whole group runs on f64 scalars: one element, every value f64 and every instruction with a
    /// scalar form (a jitted function of 0-d values), so no tile machinery and no array per operation.
    /// </summary>
    private readonly bool _allScalar;

    /// <summary>With <see cref="_allScalar"/>: the values read from slots, and the (value, slot, type) of every output.</summary>
    private readonly int[] _scalarReads = Array.Empty<int>();
    private readonly (int Value, int Slot, ArrayType Type)[] _scalarOutputs = Array.Empty<(int, int, ArrayType)>();

    [ThreadStatic] private static List<Array>?[]? _workspace;

    internal FusedStep(int size, FusedValue[] values, FusedInstruction[] uniformProgram, FusedInstruction[] tileProgram,
        FusedReduction[] reductions, int[] registerCounts)
    {
        _size = size;
        _values = values;
        _uniformProgram = uniformProgram;
        _tileProgram = tileProgram;
        _reductions = reductions;
        _registerCounts = registerCounts;
        var reads = new List<int>();
        var writes = new List<int>();
        foreach (var v in values)
        {
            if ((v.Kind == FusedValueKind.Input || v.Kind == FusedValueKind.Uniform) && v.Source.Constant is null && v.Source.Slot >= 0)
                reads.Add(v.Source.Slot);
            foreach (var (slot, _) in v.Outputs) writes.Add(slot);
        }
        foreach (var r in reductions) writes.Add(r.Slot);
        _reads = reads.ToArray();
        _writes = writes.ToArray();

        _allScalar = size == 1;
        foreach (var v in values) if (v.DType != DType.Float64) _allScalar = false;
        foreach (var ins in uniformProgram) if (!ins.HasScalarForm) _allScalar = false;
        foreach (var ins in tileProgram) if (!ins.HasScalarForm) _allScalar = false;
        foreach (var r in reductions) if (r.Type.DType != DType.Float64) _allScalar = false;

        if (_allScalar)
        {
            var scalarReads = new List<int>();
            var scalarOutputs = new List<(int, int, ArrayType)>();
            for (int v = 0; v < values.Length; v++)
            {
                var value = values[v];
                if (value.Kind == FusedValueKind.Input || (value.Kind == FusedValueKind.Uniform && (value.Source.Constant is not null || value.Source.Slot >= 0)))
                    scalarReads.Add(v);
                foreach (var (slot, type) in value.Outputs) scalarOutputs.Add((v, slot, type));
            }
            _scalarReads = scalarReads.ToArray();
            _scalarOutputs = scalarOutputs.ToArray();
        }

        _scalarUniforms = uniformProgram.Length > 0;
        foreach (var v in values) if (v.Kind == FusedValueKind.Uniform && v.DType != DType.Float64) _scalarUniforms = false;
        foreach (var ins in uniformProgram) if (!ins.HasScalarForm) _scalarUniforms = false;
        if (_scalarUniforms)
        {
            var needed = new List<int>();
            var computedHere = new bool[values.Length];
            var weak = new bool[values.Length];
            foreach (var ins in uniformProgram)
            {
                computedHere[ins.Result] = true;
                weak[ins.Result] = ins.ResultType.Weak;
            }
            var usedByTiles = new bool[values.Length];
            foreach (var ins in tileProgram) foreach (int o in ins.Operands) usedByTiles[o] = true;
            foreach (var r in reductions) usedByTiles[r.Value] = true;
            for (int v = 0; v < values.Length; v++)
                if (computedHere[v] && (values[v].Outputs.Count > 0 || usedByTiles[v])) needed.Add(v);
            _materialized = needed.ToArray();
            _materializedWeak = needed.ConvertAll(v => weak[v]).ToArray();
        }
    }

    internal override int[] Reads => _reads;

    internal override int[] Writes => _writes;

    /// <summary>Number of fused operations (for tests and diagnostics).</summary>
    internal int InstructionCount => _uniformProgram.Length + _tileProgram.Length;

    /// <summary>One frame per thread, reused across runs (its registers stay assigned to that thread's workspace).</summary>
    private readonly System.Threading.ThreadLocal<FusedFrame?> _frames = new();

    internal override void Run(NDArray?[] slots)
    {
        if (_allScalar)
        {
            RunScalar(slots);
            return;
        }
        var f = ThreadFrame();
        for (int v = 0; v < _values.Length; v++)
        {
            var value = _values[v];
            switch (value.Kind)
            {
                case FusedValueKind.Input:
                    f.Arrays[v] = (ConcreteArray)value.Source.Read(slots);
                    break;
                case FusedValueKind.Uniform:
                    if (value.Source.Constant is not null || value.Source.Slot >= 0) f.Uniforms[v] = value.Source.Read(slots);
                    break;
                case FusedValueKind.Computed when value.Outputs.Count > 0:
                    f.Arrays[v] = ConcreteArray.Allocate(value.Outputs[0].Type);
                    break;
            }
        }
        if (_scalarUniforms) RunUniformsAsScalars(f);
        else
        {
            foreach (var ins in _uniformProgram)
            {
                var args = new NDArray[ins.Operands.Length];
                for (int i = 0; i < args.Length; i++) args[i] = f.Uniforms[ins.Operands[i]]!;
                f.Uniforms[ins.Result] = ins.Primitive.Kernel(args, ins.Params, new[] { ins.ResultType with { Shape = Shape.Scalar } })[0];
            }
        }
        // The tiles run in parts of PartTiles tiles, on up to Parallelism.MaxThreads threads for large groups. Each
        // part folds its own partial reductions, combined below in part order: the result does not depend on the
        // number of threads.
        int parts = Math.Max(1, PartRanges.Count(_size, PartElements));
        int nr = _reductions.Length;
        var partials = new double[2 * nr * parts];   // per part: sums, then extremes
        var job = new PartJob(this, f, partials, parts);
        int threads = _size >= ParallelElements ? Parallelism.MaxThreads : 1;
        if (threads > 1 && parts > 1) WorkerPool.Run(job, parts, threads);
        else for (int part = 0; part < parts; part++) job.Execute(part);
        var sums = new double[nr];
        var extremes = new double[nr];
        for (int r = 0; r < nr; r++)
        {
            bool max = _reductions[r].Op == ReduceOp.Max;
            extremes[r] = max ? double.NegativeInfinity : double.PositiveInfinity;
            for (int part = 0; part < parts; part++)
            {
                sums[r] += partials[(part * 2) * nr + r];
                double e = partials[(part * 2 + 1) * nr + r];
                extremes[r] = max ? Math.Max(extremes[r], e) : Math.Min(extremes[r], e);
            }
        }
        for (int v = 0; v < _values.Length; v++)
        {
            var value = _values[v];
            if (value.Outputs.Count == 0) continue;
            var array = value.Kind == FusedValueKind.Computed ? f.Arrays[v]! : (ConcreteArray)(f.Uniforms[v] ?? f.Arrays[v])!;
            foreach (var (slot, type) in value.Outputs)
                // A uniform value holds one element, in whatever shape its source had ([1,1] may widen to [3]).
                slots[slot] = value.Kind == FusedValueKind.Uniform
                    ? Ops.BroadcastTo(array.WithShape(Shape.Scalar), type.Shape)
                    : array.WithShape(type.Shape).WithWeak(type.Weak);
        }
        for (int r = 0; r < _reductions.Length; r++)
        {
            var red = _reductions[r];
            double result = red.Op == ReduceOp.Sum ? sums[r] : extremes[r];
            if (_size == 0 && red.Op != ReduceOp.Sum && red.Type.DType == DType.Int32)
                result = red.Op == ReduceOp.Max ? int.MinValue : int.MaxValue;
            slots[red.Slot] = ConcreteArray.Scalar(result, red.Type.DType, red.Type.Weak);
        }
        // Drop the references to this run's arrays (the registers stay).
        Array.Clear(f.Arrays);
        Array.Clear(f.Uniforms);
    }

    /// <summary>Runs a one-element group on f64 scalars (see <see cref="_allScalar"/>), with the tile kernels' arithmetic.</summary>
    private void RunScalar(NDArray?[] slots)
    {
        var regs = ThreadFrame().Scalars;
        foreach (int v in _scalarReads) regs[v] = ((ConcreteArray)_values[v].Source.Read(slots)).Span<double>()[0];
        foreach (var ins in _uniformProgram) ins.RunScalar(regs);
        foreach (var ins in _tileProgram) ins.RunScalar(regs);
        foreach (var (v, slot, type) in _scalarOutputs)
        {
            var scalar = ConcreteArray.Scalar(regs[v], DType.Float64, type.Weak);
            slots[slot] = type.Shape.Rank == 0 ? scalar : scalar.WithShape(type.Shape);
        }
        foreach (var red in _reductions) slots[red.Slot] = ConcreteArray.Scalar(regs[red.Value], red.Type.DType, red.Type.Weak);
    }

    /// <summary>Runs the uniform program on f64 scalars (see <see cref="_scalarUniforms"/>) and makes 0-d arrays of the values needed later.</summary>
    private void RunUniformsAsScalars(FusedFrame f)
    {
        var regs = f.Scalars;
        for (int v = 0; v < _values.Length; v++)
            if (f.Uniforms[v] is ConcreteArray c) regs[v] = c.Span<double>()[0];
        foreach (var ins in _uniformProgram) ins.RunScalar(regs);
        for (int i = 0; i < _materialized.Length; i++)
            f.Uniforms[_materialized[i]] = ConcreteArray.Scalar(regs[_materialized[i]], DType.Float64, _materializedWeak[i]);
    }

    /// <summary>Elements per part: the unit of work handed to a thread, and of partial reductions.</summary>
    internal const int PartElements = 4 * Tile;

    /// <summary>Groups of at least this many elements run on several threads when <see cref="Parallelism.MaxThreads"/> allows.</summary>
    internal const int ParallelElements = 16 * Tile;

    /// <summary>Runs the tiles of one part on the current thread, folding the part's partial reductions.</summary>
    private void RunPart(FusedFrame f, int part, double[] partials)
    {
        int nr = _reductions.Length;
        int sumsAt = (part * 2) * nr, extremesAt = (part * 2 + 1) * nr;
        for (int r = 0; r < nr; r++)
            partials[extremesAt + r] = _reductions[r].Op == ReduceOp.Max ? double.NegativeInfinity : double.PositiveInfinity;
        var (first, length) = PartRanges.Range(part, PartElements, _size);
        int end = first + length;
        // Steps of count, not of Tile: start + Tile would overflow in the last part of a group near int.MaxValue.
        for (int start = first, count; start < end; start += count)
        {
            count = Math.Min(Tile, end - start);
            foreach (var ins in _tileProgram) ins.RunTile(f, start, count);
            for (int r = 0; r < nr; r++) Accumulate(f, _reductions[r], start, count, ref partials[sumsAt + r], ref partials[extremesAt + r]);
        }
    }

    /// <summary>The frame of the current thread for this step (its registers are this thread's).</summary>
    private FusedFrame ThreadFrame()
    {
        var f = _frames.Value;
        if (f is null)
        {
            f = new FusedFrame(_values);
            AssignRegisters(f);
            _frames.Value = f;
        }
        return f;
    }

    /// <summary>The parts of one run; a helper thread borrows the running frame's arrays and uses its own registers.</summary>
    private sealed class PartJob(FusedStep step, FusedFrame frame, double[] partials, int parts) : WorkerJob
    {
        public override void Execute(int part)
        {
            if (part >= parts) return;
            var own = step.ThreadFrame();
            if (own == frame)
            {
                step.RunPart(frame, part, partials);
                return;
            }
            var (arrays, uniforms) = (own.Arrays, own.Uniforms);
            own.Arrays = frame.Arrays;
            own.Uniforms = frame.Uniforms;
            try { step.RunPart(own, part, partials); }
            finally { own.Arrays = arrays; own.Uniforms = uniforms; }
        }
    }

    private void Accumulate(FusedFrame f, FusedReduction red, int start, int count, ref double sum, ref double extreme)
    {
        int v = red.Value;
        if (f.IsUniform(v))
        {
            double u = ((ConcreteArray)f.Uniforms[v]!).GetDouble(0);
            if (red.Op == ReduceOp.Sum) sum += u * count;
            else extreme = red.Op == ReduceOp.Max ? Math.Max(extreme, u) : Math.Min(extreme, u);
            return;
        }
        switch (_values[v].DType)
        {
            case DType.Float64: Fold(f.Read<double>(v, start, count), red.Op, ref sum, ref extreme); break;
            case DType.Float32: Fold(f.Read<float>(v, start, count), red.Op, ref sum, ref extreme); break;
            case DType.Int32: Fold(f.Read<int>(v, start, count), red.Op, ref sum, ref extreme); break;
        }
    }

    private static void Fold<T>(ReadOnlySpan<T> x, ReduceOp op, ref double sum, ref double extreme)
        where T : unmanaged, INumber<T>, IMinMaxValue<T>
    {
        if (x.Length == 0) return;
        switch (op)
        {
            case ReduceOp.Sum:
                // Float32 tiles are added in float64 too, as eager reductions do (WidenedSums).
                sum += typeof(T) == typeof(float)
                    ? WidenedSums.Sum(System.Runtime.InteropServices.MemoryMarshal.Cast<T, float>(x))
                    : double.CreateTruncating(TensorPrimitives.Sum(x));
                break;
            case ReduceOp.Max: extreme = Math.Max(extreme, double.CreateTruncating(TensorPrimitives.Max(x))); break;
            default: extreme = Math.Min(extreme, double.CreateTruncating(TensorPrimitives.Min(x))); break;
        }
    }

    private void AssignRegisters(FusedFrame f)
    {
        _workspace ??= new List<Array>?[4];
        for (int d = 0; d < 4; d++)
        {
            if (_registerCounts[d] == 0) continue;
            var stock = _workspace[d] ??= new List<Array>();
            while (stock.Count < _registerCounts[d]) stock.Add(NewRegister((DType)d));
        }
        for (int v = 0; v < _values.Length; v++)
        {
            var value = _values[v];
            if (value.Kind == FusedValueKind.Computed && value.Register >= 0)
                f.Registers[v] = _workspace[(int)value.DType]![value.Register];
        }
    }

    private static Array NewRegister(DType dtype) => dtype switch
    {
        DType.Float64 => new double[Tile],
        DType.Float32 => new float[Tile],
        DType.Int32 => new int[Tile],
        _ => new bool[Tile],
    };

    public override string ToString() => $"fused[{InstructionCount} ops over {_size} elements]";
}
