using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace Functional.AD;

/// <summary>Parameters of <c>eigh</c>: which triangle of the operand is read (JAX's <c>lower</c>) and whether eigenvalues are sorted.</summary>
internal sealed record EighParams(bool Lower, bool SortEigenvalues) : PrimitiveParams
{
    public override IEnumerable<(string Name, object? Value)> Entries()
    {
        yield return ("lower", Lower);
        yield return ("sort_eigenvalues", SortEigenvalues);
    }
}

/// <summary>
/// The <c>eigh</c> primitive (JAX's): the eigen-decomposition of real symmetric matrices over the last two axes,
/// <c>a = v · diag(w) · vᵀ</c>, returning the eigenvectors <c>v</c> (as columns) and the eigenvalues <c>w</c> (ascending when
/// sorted). Only the triangle named by <see cref="EighParams.Lower"/> is read; the other is taken as its mirror.
/// Computed by cyclic Jacobi rotations in double precision (f32 operands too), which converge quadratically and give
/// eigenvectors orthogonal to rounding; hand-written because the pure-managed core has no LAPACK, and the matrices
/// this library decomposes (norms, initializers, small models) are small. JVP: with <c>Ā = vᵀ·ȧ·v</c>, <c>ẇ = diag(Ā)</c>
/// and <c>v̇ = v·(F ∘ Ā)</c>, <c>F_ij = 1/(w_j − w_i)</c> off the diagonal (infinite for repeated eigenvalues, as in
/// JAX). Batching moves the batch axis first, where the kernel loops over leading axes.
/// </summary>
internal sealed class EighPrimitive : Primitive<EighParams>
{
    internal static readonly EighPrimitive Instance = new();

    private EighPrimitive() : base("eigh") { }

    internal override bool IsFirstOrder => true;

    protected override ArrayType[] ShapeRule(ArrayType[] inputs, EighParams p)
    {
        var a = inputs[0];
        if (a.DType is not (DType.Float32 or DType.Float64)) throw ShapeErrors.Error(Name, "needs an f32 or f64 operand", a);
        if (a.Rank < 2 || a.Shape[a.Rank - 1] != a.Shape[a.Rank - 2]) throw ShapeErrors.Error(Name, "needs square matrices in the last two axes", a);
        var dims = a.Shape.ToArray();
        return new[] { a with { Weak = false }, new ArrayType(Shape.Own(dims[..^1]), a.DType, false) };
    }

    protected override NDArray[] Kernel(NDArray[] args, EighParams p, ArrayType[] outTypes)
    {
        var a = (ConcreteArray)args[0];
        int n = a.Shape[a.Rank - 1];
        int batch = n == 0 ? 0 : a.Size / (n * n);
        var data = a.CopyAs<double>();
        var vectors = new double[data.Length];
        var values = new double[batch * n];
        var work = new double[n * n];
        var v = new double[n * n];
        var order = new int[n];
        var sortKeys = new double[n];
        for (int b = 0; b < batch; b++)
        {
            var m = data.AsSpan(b * n * n, n * n);
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++)
                    work[i * n + j] = (i >= j) == p.Lower ? m[i * n + j] : m[j * n + i];
            Jacobi(work, v, n);
            for (int i = 0; i < n; i++) { order[i] = i; sortKeys[i] = work[i * n + i]; }
            if (p.SortEigenvalues) Array.Sort(sortKeys, order);
            for (int k = 0; k < n; k++)
            {
                int src = order[k];
                values[b * n + k] = work[src * n + src];
                for (int i = 0; i < n; i++) vectors[b * n * n + i * n + k] = v[i * n + src];
            }
        }
        return new NDArray[] { FromDoubles(vectors, outTypes[0]), FromDoubles(values, outTypes[1]) };
    }

    private static ConcreteArray FromDoubles(double[] values, ArrayType type)
    {
        if (type.DType == DType.Float64) return ConcreteArray.Own(values, type.Shape);
        var f = new float[values.Length];
        for (int i = 0; i < f.Length; i++) f[i] = (float)values[i];
        return ConcreteArray.Own(f, type.Shape);
    }

    /// <summary>
    /// Diagonalizes the symmetric <paramref name="a"/> (n×n, row-major) in place by cyclic sweeps of plane rotations, each
    /// zeroing one off-diagonal pair, until the off-diagonal part is negligible against the whole; the rotations accumulate
    /// into <paramref name="v"/>, whose columns end as the eigenvectors of the diagonal entries left in <paramref name="a"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Jacobi(double[] a, double[] v, int n)
    {
        Array.Clear(v, 0, n * n);
        for (int i = 0; i < n; i++) v[i * n + i] = 1;
        double total = 0;
        for (int i = 0; i < n * n; i++) total += a[i] * a[i];
        if (total == 0 || !double.IsFinite(total))
        {
            if (!double.IsFinite(total)) for (int i = 0; i < n; i++) a[i * n + i] = double.NaN;
            return;
        }
        for (int sweep = 0; sweep < 64; sweep++)
        {
            double off = 0;
            for (int i = 0; i < n; i++)
                for (int j = i + 1; j < n; j++) off += a[i * n + j] * a[i * n + j];
            if (off <= 1e-34 * total) return;
            for (int p = 0; p < n; p++)
                for (int q = p + 1; q < n; q++)
                {
                    double apq = a[p * n + q];
                    if (apq == 0) continue;
                    double app = a[p * n + p], aqq = a[q * n + q];
                    double theta = (aqq - app) / (2 * apq);
                    // t = tan of the rotation angle, the smaller root of t² + 2θt − 1 = 0 (stable for large θ).
                    double t = Math.Abs(theta) > 1e150 ? 0.5 / theta : Math.Sign(theta == 0 ? 1 : theta) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1));
                    double c = 1 / Math.Sqrt(t * t + 1), s = t * c;
                    for (int k = 0; k < n; k++)
                    {
                        double akp = a[k * n + p], akq = a[k * n + q];
                        a[k * n + p] = c * akp - s * akq;
                        a[k * n + q] = s * akp + c * akq;
                    }
                    for (int k = 0; k < n; k++)
                    {
                        double apk = a[p * n + k], aqk = a[q * n + k];
                        a[p * n + k] = c * apk - s * aqk;
                        a[q * n + k] = s * apk + c * aqk;
                    }
                    a[p * n + q] = a[q * n + p] = 0;
                    for (int k = 0; k < n; k++)
                    {
                        double vkp = v[k * n + p], vkq = v[k * n + q];
                        v[k * n + p] = c * vkp - s * vkq;
                        v[k * n + q] = s * vkp + c * vkq;
                    }
                }
        }
    }

    protected override (NDArray[] Primals, NDArray?[] Tangents) Jvp(NDArray[] primals, NDArray?[] tangents, EighParams p)
    {
        var outs = Bind(primals, p);
        var (v, w) = (outs[0], outs[1]);
        if (tangents[0] is not { } da) return (outs, new NDArray?[] { null, null });
        int r = v.Rank;
        // The tangent as the kernel reads the operand: one triangle, mirrored.
        var rows = Ops.Iota(DType.Int32, v.Shape, r - 2);
        var cols = Ops.Iota(DType.Int32, v.Shape, r - 1);
        var kept = p.Lower ? Ops.Ge(rows, cols) : Ops.Le(rows, cols);
        var half = Ops.Select(kept, da, Ops.ZerosLike(da));
        var diagonal = Ops.Eq(rows, cols);
        var sym = Ops.Add(half, Ops.Select(diagonal, Ops.ZerosLike(da), SwapLast(half)));
        // Ā = vᵀ · ȧ · v
        var abar = MatMul(MatMul(SwapLast(v), sym), v);
        var dw = Ops.ReduceSum(Ops.Select(diagonal, abar, Ops.ZerosLike(abar)), new IntTuple(r - 1));
        var wRow = Ops.BroadcastInDim(w, v.Shape, Leading(r, r - 1));   // w_j along columns
        var wCol = Ops.BroadcastInDim(w, v.Shape, Leading(r, r - 2));   // w_i along rows
        var gaps = Ops.Sub(wRow, wCol);
        var safe = Ops.Select(diagonal, Ops.Full(v.Type, 1), gaps);
        var f = Ops.Select(diagonal, Ops.ZerosLike(abar), Ops.Div(Ops.Full(v.Type, 1), safe));
        var dv = MatMul(v, Ops.Mul(f, abar));
        return (outs, new NDArray?[] { dv, dw });
    }

    /// <summary>The broadcast dimensions placing a [..., n] array into [..., n, n] with its last axis at <paramref name="at"/>.</summary>
    private static IntTuple Leading(int rank, int at)
    {
        var dims = new int[rank - 1];
        for (int i = 0; i < rank - 2; i++) dims[i] = i;
        dims[rank - 2] = at;
        return new IntTuple(dims);
    }

    /// <summary>The last two axes swapped.</summary>
    private static NDArray SwapLast(NDArray x)
    {
        var perm = new int[x.Rank];
        for (int i = 0; i < perm.Length; i++) perm[i] = i;
        (perm[^1], perm[^2]) = (perm[^2], perm[^1]);
        return Ops.Transpose(x, new IntTuple(perm));
    }

    /// <summary>Matrix products over the last two axes, the leading axes batched.</summary>
    private static NDArray MatMul(NDArray x, NDArray y)
    {
        int r = x.Rank;
        var batch = new int[r - 2];
        for (int i = 0; i < batch.Length; i++) batch[i] = i;
        var b = new IntTuple(batch);
        return Ops.DotGeneral(x, y, new IntTuple(r - 1), new IntTuple(r - 2), b, b);
    }

    protected override (NDArray[] Outputs, int[] OutDims) Batch(NDArray[] args, int[] dims, EighParams p, int axisSize)
    {
        var a = Batching.ToFront(args[0], dims[0], axisSize);
        return (Bind(new[] { a }, p), new[] { 0, 0 });
    }

    /// <summary>Binds <c>eigh</c>: (eigenvectors, eigenvalues).</summary>
    internal static (NDArray V, NDArray W) Apply(NDArray a, bool lower, bool sortEigenvalues)
    {
        var outs = Instance.Bind(new[] { a }, new EighParams(lower, sortEigenvalues));
        return (outs[0], outs[1]);
    }
}
