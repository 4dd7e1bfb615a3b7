using System.Collections.Generic;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Functional.AD;

/// <summary>
/// Combines pairs of floating-point instructions of a fused group's tile program into one pass over the tile: the
/// single-precision sine and cosine of one value (one range reduction serves both, see <see cref="FusedSinCos"/>),
/// and, where an intermediate value has no other use, a negation read only by an add or subtract (<c>u + (-v)</c> is
/// <c>u - v</c>, <c>u - (-v)</c> is <c>u + v</c>), and a multiply read only by an add or subtract (<c>x·y + w</c>,
/// <c>w - x·y</c>, <c>x·y - w</c>, see <see cref="FusedMultiplyAdd{T}"/>). Each rewrite gives the same bits as the
/// two instructions (negation is exact and the product is rounded before the sum), and saves a store and a load of
/// a whole tile: the backward pass of an elementwise chain is mostly such multiply-then-accumulate pairs.
/// </summary>
internal static class FusedPeephole
{
    /// <summary>
    /// The tile program with the pairs combined. Run after the group's outputs are known (a value needed after the
    /// group is never folded away) and before registers are assigned.
    /// </summary>
    /// <param name="tiled">The tile program, in order.</param>
    /// <param name="values">The group's values.</param>
    /// <param name="reductions">The group's reductions (their operands count as uses).</param>
    /// <returns>The combined program (the same list when nothing applies).</returns>
    internal static List<FusedInstruction> Combine(List<FusedInstruction> tiled, List<FusedValue> values, IReadOnlyList<FusedReduction> reductions)
    {
        int n = tiled.Count;
        var uses = new int[values.Count];
        var producer = new int[values.Count];
        System.Array.Fill(producer, -1);
        for (int i = 0; i < n; i++)
        {
            foreach (int o in tiled[i].Operands) uses[o]++;
            producer[tiled[i].Result] = i;
        }
        foreach (var r in reductions) uses[r.Value]++;

        var program = new FusedInstruction?[n];
        for (int i = 0; i < n; i++) program[i] = tiled[i];
        bool changed = PairSinesWithCosines(program, producer);
        for (int i = 0; i < n; i++)
        {
            var combined = program[i] switch
            {
                FusedBinary<float> b => Rewrite<float>(b, program, values, uses, producer),
                FusedBinary<double> b => Rewrite<double>(b, program, values, uses, producer),
                _ => null,
            };
            if (combined is null) continue;
            program[i] = combined;
            changed = true;
        }
        if (!changed) return tiled;
        var result = new List<FusedInstruction>(n);
        foreach (var ins in program) if (ins is not null) result.Add(ins);
        return result;
    }

    /// <summary>
    /// Replaces each single-precision sine that has a cosine of the same operand by one <see cref="FusedSinCos"/> at the
    /// earlier of the two places (both read only the operand, defined before either), removing the other.
    /// </summary>
    private static bool PairSinesWithCosines(FusedInstruction?[] program, int[] producer)
    {
        bool changed = false;
        for (int i = 0; i < program.Length; i++)
        {
            if (program[i] is not FusedUnary<float> { Primitive: SinPrimitive or CosPrimitive } first) continue;
            for (int j = i + 1; j < program.Length; j++)
            {
                if (program[j] is not FusedUnary<float> second || second.Operands[0] != first.Operands[0]) continue;
                var (sin, cos) = (first.Primitive, second.Primitive) switch
                {
                    (SinPrimitive, CosPrimitive) => (first, second),
                    (CosPrimitive, SinPrimitive) => (second, first),
                    _ => (null, null),
                };
                if (sin is null || cos is null) continue;
                var site = new FusedInstruction.Site(sin.Result, sin.Operands, sin.Primitive, sin.Params, sin.ResultType);
                program[i] = new FusedSinCos(site, cos.Result);
                program[j] = null;
                producer[sin.Result] = producer[cos.Result] = i;
                changed = true;
                break;
            }
        }
        return changed;
    }

    /// <summary>
    /// The instruction replacing add or subtract <paramref name="b"/> (clearing the instructions it absorbs from
    /// <paramref name="program"/>), or null when nothing applies.
    /// </summary>
    private static FusedInstruction? Rewrite<T>(
        FusedBinary<T> b, FusedInstruction?[] program, List<FusedValue> values, int[] uses, int[] producer)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        bool subtract;
        if (b.Primitive is AddPrimitive) subtract = false;
        else if (b.Primitive is SubPrimitive) subtract = true;
        else return null;
        int u = b.Operands[0], v = b.Operands[1];
        if (IsUniform(values, u) || IsUniform(values, v)) return null;
        bool changed = false;

        // Negations: u ± (-v) = u ∓ v, and (-u) + v = v - u.
        if (Absorb<NegPrimitive>(v, program, values, uses, producer) is { } negated)
        {
            v = negated.Operands[0];
            subtract = !subtract;
            changed = true;
        }
        else if (!subtract && Absorb<NegPrimitive>(u, program, values, uses, producer) is { } negatedLeft)
        {
            (u, v) = (v, negatedLeft.Operands[0]);
            subtract = true;
            changed = true;
        }

        // A product on either side: x·y ± w or w ± x·y, with the uniform factor (if any) second.
        FusedInstruction? product = null;
        int addend = -1;
        bool negateProduct = false, negateAddend = false;
        if (Absorb<MulPrimitive>(v, program, values, uses, producer) is { } right)
        {
            (product, addend, negateProduct) = (right, u, subtract);
        }
        else if (Absorb<MulPrimitive>(u, program, values, uses, producer) is { } left)
        {
            (product, addend, negateAddend) = (left, v, subtract);
        }
        if (product is not null)
        {
            int x = product.Operands[0], y = product.Operands[1];
            if (IsUniform(values, x)) (x, y) = (y, x);
            var site = new FusedInstruction.Site(b.Result, new[] { x, y, addend }, b.Primitive, b.Params, b.ResultType);
            return new FusedMultiplyAdd<T>(site, negateProduct, negateAddend);
        }
        if (!changed) return null;
        var kernels = subtract ? ElementwiseKernels.Std<T>.Sub : ElementwiseKernels.Std<T>.Add;
        var primitive = subtract ? (Primitive)SubPrimitive.Instance : AddPrimitive.Instance;
        return new FusedBinary<T>(new FusedInstruction.Site(b.Result, new[] { u, v }, primitive, b.Params, b.ResultType), kernels);
    }

    /// <summary>
    /// The instruction of primitive <typeparamref name="TPrimitive"/> computing <paramref name="value"/>, taken out of
    /// <paramref name="program"/>, when the value has no other use and is not needed after the group (and, for a
    /// product, at most one factor is uniform); else null and the program is unchanged.
    /// </summary>
    private static FusedInstruction? Absorb<TPrimitive>(int value, FusedInstruction?[] program, List<FusedValue> values, int[] uses, int[] producer)
        where TPrimitive : Primitive
    {
        var v = values[value];
        if (v.Kind != FusedValueKind.Computed || v.Outputs.Count != 0 || uses[value] != 1) return null;
        int at = producer[value];
        if (at < 0 || program[at] is not { } ins || ins.Primitive is not TPrimitive) return null;
        if (ins is not (FusedBinary<float> or FusedBinary<double> or FusedUnary<float> or FusedUnary<double>)) return null;
        if (ins.Operands.Length == 2 && IsUniform(values, ins.Operands[0]) && IsUniform(values, ins.Operands[1])) return null;
        program[at] = null;
        return ins;
    }

    private static bool IsUniform(List<FusedValue> values, int v) => values[v].Kind == FusedValueKind.Uniform;
}

/// <summary>
/// <c>±(x·y) ± w</c> over a tile, made by <see cref="FusedPeephole"/> from a multiply and the add or subtract that
/// was its only reader: operands x, y (a tile or a uniform value) and w (a tile).
/// </summary>
internal sealed class FusedMultiplyAdd<T>(FusedInstruction.Site site, bool negateProduct, bool negateAddend) : FusedInstruction(site)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Whether the product is subtracted.</summary>
    internal bool NegateProduct => negateProduct;

    /// <summary>Whether the addend is subtracted.</summary>
    internal bool NegateAddend => negateAddend;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal override void RunTile(FusedFrame f, int start, int count)
    {
        int x = Operands[0], y = Operands[1], w = Operands[2];
        var z = f.Write<T>(Result, start, count);
        if (f.IsUniform(y))
            ArithmeticKernels.MultiplyScalarAdd(f.Read<T>(x, start, count), f.Uniform<T>(y), f.Read<T>(w, start, count), z, negateProduct, negateAddend);
        else
            ArithmeticKernels.MultiplyAdd(f.Read<T>(x, start, count), f.Read<T>(y, start, count), f.Read<T>(w, start, count), z, negateProduct, negateAddend);
    }
}

/// <summary>
/// The sine (<see cref="FusedInstruction.Result"/>) and the cosine (<see cref="SecondResult"/>) of one single-precision
/// tile, made by <see cref="FusedPeephole"/> from a sine and a cosine of the same value:
/// <see cref="FastMath.SinCos(System.ReadOnlySpan{float}, System.Span{float}, System.Span{float})"/> shares the range
/// reduction and gives the bits of the two separate kernels.
/// </summary>
internal sealed class FusedSinCos(FusedInstruction.Site site, int cosResult) : FusedInstruction(site)
{
    /// <inheritdoc/>
    internal override int SecondResult => cosResult;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal override void RunTile(FusedFrame f, int start, int count) =>
        FastMath.SinCos(f.Read<float>(Operands[0], start, count), f.Write<float>(Result, start, count), f.Write<float>(cosResult, start, count));
}
