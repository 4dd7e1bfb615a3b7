using System;
using System.Collections.Generic;
using System.Numerics;
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
    /// <summary>Where an instruction sits in its group: its result and operand values, and the equation it runs.</summary>
    internal readonly record struct Site(int Result, int[] Operands, Primitive Primitive, PrimitiveParams Params, ArrayType ResultType);

    internal readonly int Result;
    internal readonly int[] Operands;
    /// <summary>The primitive and parameters (to compute the instruction once when all its operands are uniform).</summary>
    internal readonly Primitive Primitive;
    internal readonly PrimitiveParams Params;
    internal readonly ArrayType ResultType;

    protected FusedInstruction(Site site) =>
        (Result, Operands, Primitive, Params, ResultType) = (site.Result, site.Operands, site.Primitive, site.Params, site.ResultType);

    internal abstract void RunTile(FusedFrame f, int start, int count);

    /// <summary>A second value the instruction computes (besides <see cref="Result"/>), or -1.</summary>
    internal virtual int SecondResult => -1;

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

    /// <summary>Where each register's tile starts in its array (a 64-byte boundary: the arrays are pinned and padded).</summary>
    internal readonly int[] RegisterOffsets;

    /// <summary>Scalar registers for a uniform program run on f64 scalars (one per value).</summary>
    internal readonly double[] Scalars;

    internal FusedFrame(FusedValue[] values)
    {
        Values = values;
        Arrays = new ConcreteArray?[values.Length];
        Uniforms = new NDArray?[values.Length];
        Registers = new Array?[values.Length];
        RegisterOffsets = new int[values.Length];
        Scalars = new double[values.Length];
    }

    internal bool IsUniform(int v) => Values[v].Kind == FusedValueKind.Uniform;

    /// <summary>The uniform value of <paramref name="v"/> as <typeparamref name="T"/>.</summary>
    internal T Uniform<T>(int v) where T : unmanaged => ((ConcreteArray)Uniforms[v]!).Span<T>()[0];

    /// <summary>The tile of value <paramref name="v"/> for reading.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal ReadOnlySpan<T> Read<T>(int v, int start, int count) where T : unmanaged =>
        Registers[v] is { } r ? new ReadOnlySpan<T>(Unsafe.As<T[]>(r), RegisterOffsets[v], count) : Arrays[v]!.Span<T>().Slice(start, count);

    /// <summary>The tile of value <paramref name="v"/> for writing.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal Span<T> Write<T>(int v, int start, int count) where T : unmanaged =>
        Registers[v] is { } r ? new Span<T>(Unsafe.As<T[]>(r), RegisterOffsets[v], count) : Arrays[v]!.Writable<T>().Slice(start, count);
}

/// <summary>A unary elementwise instruction (sin, exp, neg, integer_pow, ...): the primitive's own span kernel.</summary>
internal sealed class FusedUnary<T>(FusedInstruction.Site site, SpanMap<T> kernel) : FusedInstruction(site) where T : unmanaged
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal override void RunTile(FusedFrame f, int start, int count) =>
        kernel(f.Read<T>(Operands[0], start, count), f.Write<T>(Result, start, count));

    internal override bool HasScalarForm => typeof(T) == typeof(double);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal override void RunScalar(double[] regs) =>
        Unsafe.As<SpanMap<double>>(kernel)(MemoryMarshal.CreateReadOnlySpan(ref regs[Operands[0]], 1), MemoryMarshal.CreateSpan(ref regs[Result], 1));
}

/// <summary>A binary elementwise instruction; either operand may be uniform.</summary>
internal sealed class FusedBinary<T>(FusedInstruction.Site site, ElementwiseKernels.BinaryKernels<T> kernels) : FusedInstruction(site) where T : unmanaged
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal override void RunTile(FusedFrame f, int start, int count)
    {
        int a = Operands[0], b = Operands[1];
        var z = f.Write<T>(Result, start, count);
        if (f.IsUniform(b)) kernels.RightScalar(f.Read<T>(a, start, count), f.Uniform<T>(b), z);
        else if (f.IsUniform(a)) kernels.LeftScalar(f.Uniform<T>(a), f.Read<T>(b, start, count), z);
        else kernels.Both(f.Read<T>(a, start, count), f.Read<T>(b, start, count), z);
    }

    internal override bool HasScalarForm => typeof(T) == typeof(double);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal override void RunScalar(double[] regs)
    {
        var k = Unsafe.As<ElementwiseKernels.BinaryKernels<double>>(kernels);
        if (k.Scalar is { } scalar)
        {
            regs[Result] = scalar(regs[Operands[0]], regs[Operands[1]]);
            return;
        }
        k.Both(MemoryMarshal.CreateReadOnlySpan(ref regs[Operands[0]], 1), MemoryMarshal.CreateReadOnlySpan(ref regs[Operands[1]], 1),
            MemoryMarshal.CreateSpan(ref regs[Result], 1));
    }
}

/// <summary>A comparison producing bools, through the comparison's own span kernels; either operand may be uniform.</summary>
internal sealed class FusedCompare<T>(FusedInstruction.Site site, ElementwiseKernels.ComparisonKernels<T> kernels) : FusedInstruction(site) where T : unmanaged
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal override void RunTile(FusedFrame f, int start, int count)
    {
        int a = Operands[0], b = Operands[1];
        var z = f.Write<bool>(Result, start, count);
        if (f.IsUniform(b)) kernels.RightScalar(f.Read<T>(a, start, count), f.Uniform<T>(b), z);
        else if (f.IsUniform(a)) kernels.LeftScalar(f.Uniform<T>(a), f.Read<T>(b, start, count), z);
        else kernels.Both(f.Read<T>(a, start, count), f.Read<T>(b, start, count), z);
    }
}

/// <summary>select_n with a bool or i32 selector; any operand may be uniform.</summary>
internal sealed class FusedSelect<T>(FusedInstruction.Site site) : FusedInstruction(site) where T : unmanaged
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

/// <summary>
/// A broadcast that repeats its operand over the leading axes (<see cref="RepeatOperator"/>): tile element i is
/// operand element <c>(start + i) mod size</c>, copied a run at a time from the whole operand array.
/// </summary>
internal sealed class FusedRepeat<T>(FusedInstruction.Site site) : FusedInstruction(site) where T : unmanaged
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal override void RunTile(FusedFrame f, int start, int count)
    {
        var source = f.Arrays[Operands[0]]!.Span<T>();
        var z = f.Write<T>(Result, start, count);
        int period = source.Length;
        int at = start % period;
        for (int done = 0; done < count;)
        {
            int run = Math.Min(period - at, count - done);
            source.Slice(at, run).CopyTo(z.Slice(done, run));
            done += run;
            at = 0;
        }
    }
}

/// <summary>A dtype conversion, through <see cref="ElementConversion"/> (as the eager kernel).</summary>
internal sealed class FusedConvert(FusedInstruction.Site site) : FusedInstruction(site)
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal override void RunTile(FusedFrame f, int start, int count)
    {
        switch (ResultType.DType)
        {
            case DType.Float64: From(f, start, f.Write<double>(Result, start, count)); break;
            case DType.Float32: From(f, start, f.Write<float>(Result, start, count)); break;
            case DType.Int32: From(f, start, f.Write<int>(Result, start, count)); break;
            default: From(f, start, f.Write<bool>(Result, start, count)); break;
        }
    }

    private void From<TTo>(FusedFrame f, int start, Span<TTo> z) where TTo : unmanaged
    {
        int a = Operands[0], n = z.Length;
        switch (f.Values[a].DType)
        {
            case DType.Float64: ElementConversion.Convert(f.Read<double>(a, start, n), z); break;
            case DType.Float32: ElementConversion.Convert(f.Read<float>(a, start, n), z); break;
            case DType.Int32: ElementConversion.Convert(f.Read<int>(a, start, n), z); break;
            default: ElementConversion.Convert(f.Read<bool>(a, start, n), z); break;
        }
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
    private readonly bool[] _readByReduction;
    private readonly int[] _inPlaceOperands;

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

    /// <summary>The compiled loop of the tile program (<see cref="FusedTileCompiler"/>), made at the first run of a large group or a later run of a smaller one.</summary>
    private FusedTileCompiler.TileKernel? _compiled;

    /// <summary>Whether <see cref="_compiled"/> was attempted (a program it cannot compile is not tried again).</summary>
    private volatile bool _compileTried;

    /// <summary>Runs so far of a group too small to compile at its first run (see <see cref="FusedTileCompiler.RunsBeforeCompile"/>).</summary>
    private int _runs;

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
        _readByReduction = new bool[values.Length];
        foreach (var r in reductions) _readByReduction[r.Value] = true;
        var inPlace = new List<int>();
        for (int v = 0; v < values.Length; v++)
            if (values[v].Kind == FusedValueKind.Input && values[v].Source.Slot >= 0 && !_readByReduction[v]) inPlace.Add(values[v].Source.Slot);
        _inPlaceOperands = inPlace.ToArray();

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

    /// <summary>Elements in the group's values.</summary>
    internal int Size => _size;

    /// <summary>Whether the tile program runs as a compiled loop (for tests and diagnostics).</summary>
    internal bool IsCompiled => _compiled is not null;

    /// <summary>Number of fused operations (for tests and diagnostics).</summary>
    internal int InstructionCount => _uniformProgram.Length + _tileProgram.Length;

    /// <summary>One frame per thread, reused across runs (its registers stay assigned to that thread's workspace).</summary>
    private readonly System.Threading.ThreadLocal<FusedFrame?> _frames = new();

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal override void Run(NDArray?[] slots) => Run(slots, null);

    /// <summary>
    /// Whether the group may write results over its operands' buffers: its tile program runs as a compiled loop
    /// (which reads every operand of a vector before it stores any result of that vector, and whose reductions read
    /// no operand), and some operand is an array of the group's size.
    /// </summary>
    internal bool WritesInPlace => _compiled is not null && FusedTileCompiler.Enabled && _inPlaceOperands.Length > 0;

    /// <summary>The slots of the input values whose buffers a result may take over (array operands no reduction reads).</summary>
    internal int[] InPlaceOperands => _inPlaceOperands;

    /// <summary>
    /// Runs the group; each result may take over the buffer of an operand in <paramref name="dying"/> (slots whose
    /// buffers nothing reads after this step, see <see cref="WritesInPlace"/>) of its dtype and size, instead of a new one.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void Run(NDArray?[] slots, int[]? dying)
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
            }
        }
        for (int v = 0; v < _values.Length; v++)
        {
            var value = _values[v];
            if (value.Kind != FusedValueKind.Computed || value.Outputs.Count == 0) continue;
            var type = value.Outputs[0].Type;
            f.Arrays[v] = (dying is null ? null : TakeDyingOperand(f, type, dying)) ?? ConcreteArray.Allocate(type);
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
        if (!_compileTried && FusedTileCompiler.Enabled && (_size >= FusedTileCompiler.MinElements
                || (_size >= FusedTileCompiler.MinRepeatedElements && ++_runs >= FusedTileCompiler.RunsBeforeCompile)))
        {
            _compiled = FusedTileCompiler.TryCompile(_values, _tileProgram, _reductions);
            _compileTried = true;
        }
        int parts = Math.Max(1, PartRanges.Count(_size, PartElements));
        int nr = _reductions.Length;
        var partials = nr == 0 ? Array.Empty<double>() : new double[2 * nr * parts];   // per part: sums, then extremes
        int threads = _size >= ParallelElements ? Parallelism.MaxThreads : 1;
        if (threads > 1 && parts > 1) WorkerPool.Run(new PartJob(this, f, partials, parts), parts, threads);
        else for (int part = 0; part < parts; part++) RunPart(f, part, partials);
        Span<double> sums = nr <= 8 ? stackalloc double[nr] : new double[nr];
        Span<double> extremes = nr <= 8 ? stackalloc double[nr] : new double[nr];
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
                    : array.Type == type ? array : array.WithShape(type.Shape).WithWeak(type.Weak);
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

    /// <summary>
    /// An array of <paramref name="type"/> over the buffer of an operand in <paramref name="dying"/> that has that dtype
    /// and size and owns its whole pooled buffer (the operand's slot is then crossed out of <paramref name="dying"/>), or null.
    /// </summary>
    private ConcreteArray? TakeDyingOperand(FusedFrame f, ArrayType type, int[] dying)
    {
        for (int v = 0; v < _values.Length; v++)
        {
            var value = _values[v];
            if (value.Kind != FusedValueKind.Input || value.Source.Slot < 0 || _readByReduction[v]) continue;
            int at = Array.IndexOf(dying, value.Source.Slot);
            if (at < 0 || f.Arrays[v] is not { Owner: { Rental: not null } owner } operand) continue;
            if (operand.DType != type.DType || operand.Offset != owner.Offset || owner.Length != type.Size) continue;
            dying[at] = -1;
            return operand.TakeOver(type);
        }
        return null;
    }

    /// <summary>Runs a one-element group on f64 scalars (see <see cref="_allScalar"/>), with the tile kernels' arithmetic.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void RunPart(FusedFrame f, int part, double[] partials)
    {
        int nr = _reductions.Length;
        int sumsAt = (part * 2) * nr, extremesAt = (part * 2 + 1) * nr;
        for (int r = 0; r < nr; r++)
            partials[extremesAt + r] = _reductions[r].Op == ReduceOp.Max ? double.NegativeInfinity : double.PositiveInfinity;
        var (first, length) = PartRanges.Range(part, PartElements, _size);
        int end = first + length;
        var compiled = FusedTileCompiler.Enabled ? _compiled : null;
        // Steps of count, not of Tile: start + Tile would overflow in the last part of a group near int.MaxValue.
        for (int start = first, count; start < end; start += count)
        {
            count = Math.Min(Tile, end - start);
            if (compiled is not null) compiled(f, start, count);
            else foreach (var ins in _tileProgram) ins.RunTile(f, start, count);
            for (int r = 0; r < nr; r++) Accumulate(f, _reductions[r], start, count, ref partials[sumsAt + r], ref partials[extremesAt + r]);
        }
    }

    /// <summary>The frame of the current thread for this step (its registers are this thread's).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
                    : double.CreateTruncating(ArithmeticKernels.Sum(x));
                break;
            case ReduceOp.Max: extreme = Math.Max(extreme, double.CreateTruncating(ArithmeticKernels.Max(x))); break;
            default: extreme = Math.Min(extreme, double.CreateTruncating(ArithmeticKernels.Min(x))); break;
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

    public override string ToString() => $"fused[{InstructionCount} ops over {_size} elements{(IsCompiled ? ", compiled" : "")}]";
}
