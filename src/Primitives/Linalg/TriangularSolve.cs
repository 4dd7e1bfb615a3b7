using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace Functional.AD;

/// <summary>
/// Parameters of <c>triangular_solve</c> (left side only; the right-side form is written with transposes): the
/// triangle of <c>a</c> that is read, whether <c>a</c> is transposed, and whether its diagonal is taken as ones.
/// </summary>
internal sealed record TriangularSolveParams(bool Lower, bool TransposeA, bool UnitDiagonal) : PrimitiveParams
{
    public override IEnumerable<(string Name, object? Value)> Entries()
    {
        yield return ("conjugate_a", false);
        yield return ("left_side", true);
        yield return ("lower", Lower);
        yield return ("transpose_a", TransposeA);
        yield return ("unit_diagonal", UnitDiagonal);
    }
}

/// <summary>
/// The <c>triangular_solve</c> primitive: <c>x = op(a)⁻¹ · b</c> for triangular <c>a</c> [..., n, n] and <c>b</c>
/// [..., n, k], <c>op</c> the identity or the transpose, by forward or back substitution in double precision (f32 too).
/// Linear in <c>b</c>: its transpose solves with <c>op</c> flipped. JVP in <c>a</c>: <c>ẋ = −op(a)⁻¹ · op(ȧ) · x</c>, with
/// <c>ȧ</c> cut to the triangle the kernel reads. Batching moves batch axes first (broadcasting an unbatched operand).
/// </summary>
internal sealed class TriangularSolvePrimitive : SingleResultPrimitive<TriangularSolveParams>, ILinearSingleResultPrimitive<TriangularSolveParams>
{
    internal static readonly TriangularSolvePrimitive Instance = new();

    private TriangularSolvePrimitive() : base("triangular_solve") { }

    protected override ArrayType ShapeRule(ArrayType[] inputs, TriangularSolveParams p)
    {
        var (a, b) = (inputs[0], inputs[1]);
        if (a.DType is not (DType.Float32 or DType.Float64) || b.DType != a.DType) throw ShapeErrors.Error(Name, "needs f32 or f64 operands of one dtype", a, b);
        if (a.Rank < 2 || a.Shape[a.Rank - 1] != a.Shape[a.Rank - 2]) throw ShapeErrors.Error(Name, "a must be square in its last two axes", a, b);
        if (b.Rank != a.Rank || b.Shape[b.Rank - 2] != a.Shape[a.Rank - 1]) throw ShapeErrors.Error(Name, "b must be [..., n, k] with a's batch axes and n", a, b);
        for (int i = 0; i < a.Rank - 2; i++)
            if (a.Shape[i] != b.Shape[i]) throw ShapeErrors.Error(Name, "a and b must have the same batch axes", a, b);
        return b with { Weak = false };
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override NDArray Kernel(NDArray[] args, TriangularSolveParams p, ArrayType outType)
    {
        var a = ((ConcreteArray)args[0]).CopyAs<double>();
        var x = ((ConcreteArray)args[1]).CopyAs<double>();
        int n = outType.Shape[outType.Rank - 2], k = outType.Shape[outType.Rank - 1];
        int batch = n * k == 0 ? 0 : x.Length / (n * k);
        // op(a) is lower triangular when (lower and not transposed) or (upper and transposed): forward substitution.
        bool forward = p.Lower != p.TransposeA;
        for (int t = 0; t < batch; t++)
        {
            int ao = t * n * n, xo = t * n * k;
            for (int step = 0; step < n; step++)
            {
                int i = forward ? step : n - 1 - step;
                for (int c = 0; c < k; c++)
                {
                    double s = x[xo + i * k + c];
                    if (forward)
                        for (int j = 0; j < i; j++) s -= Op(a, ao, n, i, j, p.TransposeA) * x[xo + j * k + c];
                    else
                        for (int j = i + 1; j < n; j++) s -= Op(a, ao, n, i, j, p.TransposeA) * x[xo + j * k + c];
                    x[xo + i * k + c] = p.UnitDiagonal ? s : s / a[ao + i * n + i];
                }
            }
        }
        if (outType.DType == DType.Float64) return ConcreteArray.Own(x, outType.Shape);
        var f = new float[x.Length];
        for (int i = 0; i < f.Length; i++) f[i] = (float)x[i];
        return ConcreteArray.Own(f, outType.Shape);
    }

    /// <summary>Entry (i, j) of op(a).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Op(double[] a, int offset, int n, int i, int j, bool transpose) => transpose ? a[offset + j * n + i] : a[offset + i * n + j];

    protected override (NDArray Primal, NDArray? Tangent) Jvp(NDArray[] primals, NDArray?[] tangents, TriangularSolveParams p)
    {
        var x = Apply(primals, p);
        NDArray? tangent = tangents[1] is { } db ? Apply(new[] { primals[0], db }, p) : null;
        if (tangents[0] is { } da)
        {
            var triangle = LinalgShapes.Triangle(da, p.Lower, p.UnitDiagonal ? 0 : 1);
            var opDa = p.TransposeA ? LinalgShapes.SwapLast(triangle) : triangle;
            var fromA = Ops.Neg(Apply(new[] { primals[0], LinalgShapes.MatMul(opDa, x) }, p));
            tangent = tangent is null ? fromA : Ops.Add(tangent, fromA);
        }
        return (x, tangent);
    }

    /// <summary>Transpose in b: b̄ = op(a)⁻ᵀ · x̄.</summary>
    public NDArray?[] Transpose(NDArray cotangent, TransposeArg[] args, TriangularSolveParams p)
    {
        if (!args[0].IsLinear && args[1].IsLinear)
            return new NDArray?[] { null, Apply(new[] { args[0].KnownValue, cotangent }, p with { TransposeA = !p.TransposeA }) };
        throw new InvalidOperationException("triangular_solve: linear only in b");
    }

    protected override (NDArray Output, int OutDim) Batch(NDArray[] args, int[] dims, TriangularSolveParams p, int axisSize)
    {
        var a = Batching.ToFront(args[0], dims[0], axisSize);
        var b = Batching.ToFront(args[1], dims[1], axisSize);
        return (Apply(new[] { a, b }, p), 0);
    }

    /// <summary>Binds <c>triangular_solve</c>: op(a)⁻¹ b.</summary>
    internal static NDArray Solve(NDArray a, NDArray b, bool lower, bool transposeA, bool unitDiagonal = false) =>
        Instance.Apply(new[] { a, b }, new TriangularSolveParams(lower, transposeA, unitDiagonal));
}
