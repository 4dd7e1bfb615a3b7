using System;
using System.Runtime.CompilerServices;
using System.Collections.Generic;
using System.Text;

namespace Functional.AD;

/// <summary>Parameters of <c>pad</c>: per axis, low and high edge padding (negative crops) and interior padding between elements.</summary>
internal sealed record PadParams(IntTuple Low, IntTuple High, IntTuple Interior) : PrimitiveParams
{
    public override IEnumerable<(string Name, object? Value)> Entries() { yield return ("padding_config", Format()); }

    private string Format()
    {
        var sb = new StringBuilder("(");
        for (int i = 0; i < Low.Count; i++)
        {
            if (i > 0) sb.Append(", ");
            sb.Append('(').Append(Low[i]).Append(", ").Append(High[i]).Append(", ").Append(Interior[i]).Append(')');
        }
        if (Low.Count == 1) sb.Append(',');
        return sb.Append(')').ToString();
    }
}

/// <summary>
/// The <c>pad</c> primitive: <c>pad(x, value)</c> surrounds and interleaves x with a 0-d padding value.
/// Linear in both operands; the transpose crops (a pad with negated edges) and strides.
/// </summary>
internal sealed class PadPrimitive : SingleResultPrimitive<PadParams>, ILinearSingleResultPrimitive<PadParams>
{
    internal static readonly PadPrimitive Instance = new();

    private PadPrimitive() : base("pad") { }

    protected override ArrayType ShapeRule(ArrayType[] inputs, PadParams p)
    {
        var (x, v) = (inputs[0], inputs[1]);
        if (v.Rank != 0 || v.DType != x.DType)
            throw ShapeErrors.Error(Name, "the padding value must be 0-d with the operand's dtype", x, v);
        if (p.Low.Count != x.Rank || p.High.Count != x.Rank || p.Interior.Count != x.Rank)
            throw ShapeErrors.Error(Name, "padding_config needs one (low, high, interior) per axis", x);
        var dims = new int[x.Rank];
        for (int i = 0; i < x.Rank; i++)
        {
            if (p.Interior[i] < 0) throw ShapeErrors.Error(Name, $"interior padding of axis {i} must be non-negative", x);
            int d = x.Shape[i];
            long size = (long)p.Low[i] + p.High[i] + d + ((long)Math.Max(d - 1, 0) * p.Interior[i]);
            if (size < 0) throw ShapeErrors.Error(Name, $"axis {i} would have negative size {size}", x);
            if (size > int.MaxValue)
                throw ShapeSize.Error(Name, $"axis {i} would have {size} elements, more than the {ShapeSize.Max} an array can hold", x, v);
            dims[i] = (int)size;
        }
        ShapeSize.Check(Name, dims, x, v);
        return x with { Shape = Shape.Own(dims), Weak = x.Weak && v.Weak };
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override NDArray Kernel(NDArray[] args, PadParams p, ArrayType outType)
    {
        var x = (ConcreteArray)args[0];
        var v = (ConcreteArray)args[1];
        var result = ConcreteArray.Filled(outType, v.GetDouble(0));
        int rank = x.Rank;
        var xStrides = StridedCopy.RowMajorStrides(x.Shape.Dims);
        var outStrides = StridedCopy.RowMajorStrides(outType.Shape.Dims);
        var count = new int[rank];
        var dstStrides = new int[rank];
        int srcOffset = 0, dstOffset = 0;
        for (int i = 0; i < rank; i++)
        {
            // In long: the step (interior + 1) and the cropped or padded edges may be near int's limits, even when
            // every element copied has an index that fits.
            long step = (long)p.Interior[i] + 1, lo = p.Low[i], d = x.Shape[i], outD = outType.Shape[i];
            long jStart = lo >= 0 ? 0 : (-lo + step - 1) / step;
            long jEnd = Math.Min(d - 1, outD - 1 - lo < 0 ? -1 : (outD - 1 - lo) / step);
            count[i] = (int)Math.Max(0, jEnd - jStart + 1);
            if (count[i] == 0) return result;
            srcOffset += (int)jStart * xStrides[i];
            dstOffset += (int)(lo + (jStart * step)) * outStrides[i];
            dstStrides[i] = count[i] > 1 ? outStrides[i] * (int)step : 0;
        }
        StridedCopy.CopyArray(x, srcOffset, xStrides, result.Buffer, result.Offset + dstOffset, dstStrides, count);
        return result;
    }

    protected override (NDArray Output, int OutDim) Batch(NDArray[] args, int[] dims, PadParams p, int axisSize)
    {
        var x = Batching.ToFront(args[0], dims[0], axisSize);
        var q = new PadParams(Batching.Prepend(0, p.Low), Batching.Prepend(0, p.High), Batching.Prepend(0, p.Interior));
        var value = args[1];
        if (dims[1] == Batching.NotMapped) return (Apply(new[] { x, value }, q), 0);
        // A padding value per example: pad with 0, then add value × (1 where padding, 0 where the operand is).
        var padded = Apply(new[] { x, Ops.Const(x, 0) }, q);
        var where = Apply(new[] { Ops.ZerosLike(x), Ops.Const(x, 1) }, q);
        var perExample = Ops.BroadcastInDim(value, padded.Shape, new IntTuple(0));
        return (Ops.Add(padded, Ops.Mul(where, perExample)), 0);
    }

    protected override (NDArray Primal, NDArray? Tangent) Jvp(NDArray[] primals, NDArray?[] tangents, PadParams p)
    {
        var y = Apply(primals, p);
        var (tx, tv) = (tangents[0], tangents[1]);
        if (tx is null && tv is null) return (y, null);
        var t = Apply(new[] { tx ?? Ops.Zeros(primals[0].Type.Strong), tv ?? Ops.Const(primals[0], 0) }, p);
        return (y, t);
    }

    public NDArray?[] Transpose(NDArray ct, TransposeArg[] args, PadParams p)
    {
        var x = args[0].Type;
        NDArray? ctX = null, ctV = null;
        if (args[0].IsLinear || args[1].IsLinear)
        {
            int rank = x.Rank;
            var negLo = new int[rank];
            var negHi = new int[rank];
            for (int i = 0; i < rank; i++) { negLo[i] = -p.Low[i]; negHi[i] = -p.High[i]; }
            var unpadded = Ops.Pad(ct, Ops.Const(ct, 0), new IntTuple(negLo), new IntTuple(negHi), new IntTuple(new int[rank]));
            var strides = new int[rank];
            bool unit = true;
            for (int i = 0; i < rank; i++) { strides[i] = p.Interior[i] + 1; unit &= strides[i] == 1; }
            ctX = unit ? unpadded : Ops.Slice(unpadded, new IntTuple(new int[rank]), new IntTuple(unpadded.Shape.ToArray()), new IntTuple(strides));
            if (args[1].IsLinear) ctV = Ops.Sub(Ops.ReduceSumAll(ct), Ops.ReduceSumAll(ctX));
        }
        return new[] { args[0].IsLinear ? ctX : null, ctV };
    }
}

internal static partial class Ops
{
    /// <summary><c>pad(x, value)</c> with per-axis low, high and interior padding.</summary>
    internal static NDArray Pad(NDArray x, NDArray value, IntTuple low, IntTuple high, IntTuple interior) =>
        PadPrimitive.Instance.Apply(new[] { x, value }, new PadParams(low, high, interior));
}
