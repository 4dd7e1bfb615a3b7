using System;
using System.Collections.Generic;
using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Functional.AD;

/// <summary>
/// Compiles the tile program of a large f32 or f64 fused group into one loop over vectors: each vector of the tile goes
/// through every operation while it is in registers, instead of each operation making a pass over the whole tile
/// (W2's value-and-grad group: 13 passes). The loop is emitted as IL for the group's operations and calls the same
/// per-vector functions the span kernels use (<see cref="FastMath.SingleLanesType"/>), vector by vector at the same
/// positions, with the tail as one zero-padded vector: the results are the tile path's bits. Only values needed after
/// the group (outputs, and values the group's reductions fold) are stored.
/// <para>
/// Supported: f32 and f64 add, subtract, multiply, divide, negate, sqrt, rsqrt, integer_pow with exponent 2, tanh, exp,
/// sin, cos, f32 erf_inv and the peephole's multiply-add
/// and (f32) sine-cosine, on tiles, uniform values and inputs read in place; repeats of an input (a bias added to
/// each row) run before the loop on the tile path. Anything else (other dtypes or operations,
/// broadcasts repeated inside the group), machines without SIMD, and runtimes without dynamic code (NativeAOT) keep
/// the tile path. IL is emitted by hand because no package composes vector kernels at run time, and expression
/// trees cannot call methods with by-reference results.
/// </para>
/// </summary>
internal static class FusedTileCompiler
{
    /// <summary>A compiled tile program: runs the group's operations on [start, start + count).</summary>
    internal delegate void TileKernel(FusedFrame frame, int start, int count);

    /// <summary>
    /// Whether fused groups use compiled loops (false without dynamic code, or with FUNCTIONAL_AD_FUSED_CODEGEN=0);
    /// tests switch it to compare both paths.
    /// </summary>
    internal static bool Enabled { get; set; } =
        RuntimeFeature.IsDynamicCodeSupported && Environment.GetEnvironmentVariable("FUNCTIONAL_AD_FUSED_CODEGEN") != "0";

    /// <summary>Groups of at least this many elements are compiled at their first run.</summary>
    internal const int MinElements = 2 * FusedStep.Tile;

    /// <summary>
    /// Smaller groups of at least this many elements are compiled at run <see cref="RunsBeforeCompile"/>: a jitted
    /// training step of a small model repays the compile (a fraction of a millisecond) within a few hundred calls,
    /// a program run a few times never pays it.
    /// </summary>
    internal const int MinRepeatedElements = 1024;

    /// <summary>The run at which a group of <see cref="MinRepeatedElements"/> to <see cref="MinElements"/> elements is compiled.</summary>
    internal const int RunsBeforeCompile = 32;

    private static readonly Type? SingleLanes = FastMath.SingleLanesType();
    private static readonly Type? DoubleLanes = FastMath.DoubleLanesType();

    /// <summary>Whether this machine has the vector operations compiled loops use (SIMD).</summary>
    internal static bool IsAvailable => SingleLanes is not null;

    /// <summary>The compiled loop of a tile program, or null when the program has an operation or value it does not handle.</summary>
    internal static TileKernel? TryCompile(FusedValue[] values, FusedInstruction[] group, FusedReduction[] reductions)
    {
        // Repeats of an operand of the group (a bias broadcast along the rows of a layer's output) run first, on the
        // tile path, into their registers; the loop reads those registers as it reads inputs.
        var computed = new bool[values.Length];
        foreach (var ins in group)
        {
            computed[ins.Result] = true;
            if (ins.SecondResult >= 0) computed[ins.SecondResult] = true;
        }
        var repeats = new List<FusedInstruction>();
        var loopProgram = new List<FusedInstruction>();
        foreach (var ins in group)
            if (ins is FusedRepeat<float> or FusedRepeat<double> && !computed[ins.Operands[0]]) repeats.Add(ins);
            else loopProgram.Add(ins);
        var program = loopProgram.ToArray();
        if (program.Length < 2) return null;
        var dtype = values[program[0].Result].DType;
        var lanes = dtype switch { DType.Float32 => SingleLanes, DType.Float64 => DoubleLanes, _ => null };
        if (lanes is null) return null;
        var ops = new string[program.Length];
        for (int k = 0; k < program.Length; k++)
        {
            if (OperationOf(program[k]) is not { } op) return null;
            ops[k] = op;
            if (values[program[k].Result].DType != dtype) return null;
            foreach (int o in program[k].Operands)
                if (values[o].DType != dtype) return null;
        }
        var stored = new bool[values.Length];
        foreach (var r in reductions)
            if (values[r.Value].Kind == FusedValueKind.Computed) stored[r.Value] = true;
        for (int v = 0; v < values.Length; v++)
            if (values[v].Kind == FusedValueKind.Computed && values[v].Outputs.Count > 0) stored[v] = true;
        var loop = dtype == DType.Float32
            ? new Emitter<float>(lanes, values, program, ops, stored).Emit()
            : new Emitter<double>(lanes, values, program, ops, stored).Emit();
        if (repeats.Count == 0) return loop;
        var first = repeats.ToArray();
        // runs on every tile: optimized from its first call, as the loop it wraps
        return [MethodImpl(MethodImplOptions.AggressiveOptimization)] (frame, start, count) =>
        {
            foreach (var ins in first) ins.RunTile(frame, start, count);
            loop(frame, start, count);
        };
    }

    /// <summary>The name of the lanes method for an instruction, or null.</summary>
    private static string? OperationOf(FusedInstruction ins) => ins switch
    {
        FusedSinCos => "SinCos",
        FusedMultiplyAdd<float> or FusedMultiplyAdd<double> => "MultiplyAdd",
        FusedUnary<float> or FusedUnary<double> => ins.Primitive switch
        {
            NegPrimitive => "Negate",
            TanhPrimitive => "Tanh",
            ExpPrimitive => "Exp",
            SinPrimitive => "Sin",
            CosPrimitive => "Cos",
            SqrtPrimitive => "Sqrt",
            RsqrtPrimitive => "ReciprocalSqrt",
            IntegerPowPrimitive when ins.Params is IntegerPowParams { Y: 2 } => "Square",
            ErfInvPrimitive when ins is FusedUnary<float> => "ErfInv",
            _ => null,
        },
        FusedBinary<float> or FusedBinary<double> => ins.Primitive switch
        {
            AddPrimitive => "Add",
            SubPrimitive => "Subtract",
            MulPrimitive => "Multiply",
            DivPrimitive => "Divide",
            _ => null,
        },
        _ => null,
    };

    /// <summary>Whether a lanes method evaluates a function whose path depends on every lane (its tail has its own form).</summary>
    private static bool IsFunction(string op) => op is "Tanh" or "Exp" or "Sin" or "Cos" or "SinCos" or "ErfInv";

    /// <summary>The start of value <paramref name="v"/>'s tile for reading (an input array or a register).</summary>
    public static ref T ReadStart<T>(FusedFrame f, int v, int start, int count) where T : unmanaged =>
        ref MemoryMarshal.GetReference(f.Read<T>(v, start, count));

    /// <summary>The start of value <paramref name="v"/>'s tile for writing (an output array or a register).</summary>
    public static ref T WriteStart<T>(FusedFrame f, int v, int start, int count) where T : unmanaged =>
        ref MemoryMarshal.GetReference(f.Write<T>(v, start, count));

    /// <summary>A uniform value.</summary>
    public static T UniformValue<T>(FusedFrame f, int v) where T : unmanaged => f.Uniform<T>(v);

    /// <summary>Writes the IL of one tile program.</summary>
    private sealed class Emitter<T>(Type lanes, FusedValue[] values, FusedInstruction[] program, string[] ops, bool[] stored)
        where T : unmanaged
    {
        private readonly int _width = (int)lanes.GetProperty("Count")!.GetValue(null)!;
        private readonly Type _vector = FastMath.Lane(lanes, "Splat").ReturnType;
        private ILGenerator _il = null!;
        private readonly Dictionary<int, LocalBuilder> _starts = new();
        private readonly Dictionary<int, LocalBuilder> _vectors = new();
        private readonly Dictionary<int, LocalBuilder> _uniforms = new();
        private LocalBuilder _at = null!, _full = null!, _rest = null!;
        private LocalBuilder? _plusZero, _minusZero;

        private MethodInfo Lane(string name) => FastMath.Lane(lanes, name);

        private static MethodInfo Helper(string name) => typeof(FusedTileCompiler).GetMethod(name)!.MakeGenericMethod(typeof(T));

        internal TileKernel Emit()
        {
            var method = new DynamicMethod("fused_tile", typeof(void), new[] { typeof(FusedFrame), typeof(int), typeof(int) },
                typeof(FusedTileCompiler).Module, skipVisibility: true);
            _il = method.GetILGenerator();
            EmitPrologue();
            var body = _il.DefineLabel();
            var check = _il.DefineLabel();
            var end = _il.DefineLabel();
            _il.Emit(OpCodes.Br, check);
            _il.MarkLabel(body);
            EmitBody(padded: false);
            _il.Emit(OpCodes.Ldloc, _at);
            _il.Emit(OpCodes.Ldc_I4, _width);
            _il.Emit(OpCodes.Conv_I);
            _il.Emit(OpCodes.Add);
            _il.Emit(OpCodes.Stloc, _at);
            _il.MarkLabel(check);
            _il.Emit(OpCodes.Ldloc, _at);
            _il.Emit(OpCodes.Ldloc, _full);
            _il.Emit(OpCodes.Conv_I);
            _il.Emit(OpCodes.Blt, body);
            // the tail: rest = count - full elements as one zero-padded vector
            _il.Emit(OpCodes.Ldarg_2);
            _il.Emit(OpCodes.Ldloc, _full);
            _il.Emit(OpCodes.Sub);
            _il.Emit(OpCodes.Stloc, _rest);
            _il.Emit(OpCodes.Ldloc, _rest);
            _il.Emit(OpCodes.Ldc_I4_0);
            _il.Emit(OpCodes.Ble, end);
            // The tail gets its own locals (tile starts, splats, vectors): the calls it makes (padded loads and stores)
            // would otherwise make the JIT keep the loop's values on the stack and reload them on every iteration.
            _starts.Clear();
            _uniforms.Clear();
            _vectors.Clear();
            _plusZero = _minusZero = null;
            EmitOperandSetup();
            EmitBody(padded: true);
            _il.MarkLabel(end);
            _il.Emit(OpCodes.Ret);
            return method.CreateDelegate<TileKernel>();
        }

        private void EmitPrologue()
        {
            _at = _il.DeclareLocal(typeof(nint));
            _full = _il.DeclareLocal(typeof(int));
            _rest = _il.DeclareLocal(typeof(int));
            // full = count - count % width
            _il.Emit(OpCodes.Ldarg_2);
            _il.Emit(OpCodes.Ldarg_2);
            _il.Emit(OpCodes.Ldc_I4, _width);
            _il.Emit(OpCodes.Rem);
            _il.Emit(OpCodes.Sub);
            _il.Emit(OpCodes.Stloc, _full);
            EmitOperandSetup();
        }

        /// <summary>Declares and fills the locals of the tile starts and of the splatted uniform values.</summary>
        private void EmitOperandSetup()
        {
            var computed = new bool[values.Length];
            foreach (var ins in program)
            {
                computed[ins.Result] = true;
                if (ins.SecondResult >= 0) computed[ins.SecondResult] = true;
            }
            foreach (var ins in program)
                foreach (int o in ins.Operands)
                {
                    if (computed[o] || _starts.ContainsKey(o) || _uniforms.ContainsKey(o)) continue;
                    if (values[o].Kind == FusedValueKind.Uniform)
                    {
                        var u = _il.DeclareLocal(_vector);
                        _il.Emit(OpCodes.Ldarg_0);
                        _il.Emit(OpCodes.Ldc_I4, o);
                        _il.Emit(OpCodes.Call, Helper(nameof(UniformValue)));
                        _il.Emit(OpCodes.Call, Lane("Splat"));
                        _il.Emit(OpCodes.Stloc, u);
                        _uniforms[o] = u;
                    }
                    else _starts[o] = TileStart(o, nameof(ReadStart));
                }
            for (int v = 0; v < values.Length; v++)
                if (stored[v] && computed[v]) _starts[v] = TileStart(v, nameof(WriteStart));
            foreach (var ins in program)
                if (ops[Array.IndexOf(program, ins)] == "MultiplyAdd")
                {
                    _plusZero ??= Splat(false);
                    _minusZero ??= Splat(true);
                }
        }

        private LocalBuilder TileStart(int v, string which)
        {
            var local = _il.DeclareLocal(typeof(T).MakeByRefType());
            _il.Emit(OpCodes.Ldarg_0);
            _il.Emit(OpCodes.Ldc_I4, v);
            _il.Emit(OpCodes.Ldarg_1);
            _il.Emit(OpCodes.Ldarg_2);
            _il.Emit(OpCodes.Call, Helper(which));
            _il.Emit(OpCodes.Stloc, local);
            return local;
        }

        /// <summary>A local holding −0 or +0 in every lane (the sign masks of a multiply-add).</summary>
        private LocalBuilder Splat(bool negative)
        {
            var local = _il.DeclareLocal(_vector);
            if (typeof(T) == typeof(float)) _il.Emit(OpCodes.Ldc_R4, negative ? -0f : 0f);
            else _il.Emit(OpCodes.Ldc_R8, negative ? -0d : 0d);
            _il.Emit(OpCodes.Call, Lane("Splat"));
            _il.Emit(OpCodes.Stloc, local);
            return local;
        }

        private LocalBuilder VectorOf(int v)
        {
            if (!_vectors.TryGetValue(v, out var local)) _vectors[v] = local = _il.DeclareLocal(_vector);
            return local;
        }

        /// <summary>
        /// One vector through the whole program (the last one zero-padded when <paramref name="padded"/>). Every operand
        /// of the vector is loaded before any result is stored, so a result may be written over an operand's buffer.
        /// </summary>
        private void EmitBody(bool padded)
        {
            var loaded = new HashSet<int>();
            foreach (var ins in program)
                foreach (int o in ins.Operands)
                    if (!_uniforms.ContainsKey(o) && _starts.ContainsKey(o) && !IsResult(o) && loaded.Add(o))
                    {
                        EmitAccess(_starts[o], padded, "Load", "LoadPadded");
                        _il.Emit(OpCodes.Stloc, VectorOf(o));
                    }
            for (int k = 0; k < program.Length; k++)
            {
                var ins = program[k];
                foreach (int o in ins.Operands)
                {
                    if (_uniforms.TryGetValue(o, out var u)) { _il.Emit(OpCodes.Ldloc, u); continue; }
                    if (_starts.ContainsKey(o) && !IsResult(o) && loaded.Add(o))
                    {
                        EmitAccess(_starts[o], padded, "Load", "LoadPadded");
                        _il.Emit(OpCodes.Stloc, VectorOf(o));
                    }
                    _il.Emit(OpCodes.Ldloc, VectorOf(o));
                }
                if (ins is FusedMultiplyAdd<float> or FusedMultiplyAdd<double>)
                {
                    var (negateProduct, negateAddend) = ins is FusedMultiplyAdd<float> f
                        ? (f.NegateProduct, f.NegateAddend)
                        : (((FusedMultiplyAdd<double>)ins).NegateProduct, ((FusedMultiplyAdd<double>)ins).NegateAddend);
                    _il.Emit(OpCodes.Ldloc, negateProduct ? _minusZero! : _plusZero!);
                    _il.Emit(OpCodes.Ldloc, negateAddend ? _minusZero! : _plusZero!);
                }
                bool tail = padded && IsFunction(ops[k]);
                if (tail) _il.Emit(OpCodes.Ldloc, _rest);
                if (ins.SecondResult >= 0) _il.Emit(OpCodes.Ldloca, VectorOf(ins.SecondResult));
                _il.Emit(OpCodes.Call, Lane(tail ? ops[k] + "Tail" : ops[k]));
                _il.Emit(OpCodes.Stloc, VectorOf(ins.Result));
                StoreIfNeeded(ins.Result, padded);
                if (ins.SecondResult >= 0) StoreIfNeeded(ins.SecondResult, padded);
            }
        }

        private bool IsResult(int v)
        {
            foreach (var ins in program)
                if (ins.Result == v || ins.SecondResult == v) return true;
            return false;
        }

        private void StoreIfNeeded(int v, bool padded)
        {
            if (!stored[v]) return;
            _il.Emit(OpCodes.Ldloc, VectorOf(v));
            EmitAccess(_starts[v], padded, "Store", "StorePartial");
        }

        /// <summary>Calls a load or store of the vector at the current position of a tile (the partial form on the tail).</summary>
        private void EmitAccess(LocalBuilder tileStart, bool padded, string whole, string partial)
        {
            _il.Emit(OpCodes.Ldloc, tileStart);
            _il.Emit(OpCodes.Ldloc, _at);
            if (padded) _il.Emit(OpCodes.Ldloc, _rest);
            _il.Emit(OpCodes.Call, Lane(padded ? partial : whole));
        }
    }
}
