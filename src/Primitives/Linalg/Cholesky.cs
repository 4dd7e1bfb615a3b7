using System.Runtime.CompilerServices;

namespace Functional.AD;

/// <summary>
/// The <c>cholesky</c> primitive: the lower-triangular factor <c>l</c> of symmetric positive-definite matrices over the
/// last two axes, <c>a = l · lᵀ</c>, reading only the lower triangle of <c>a</c>; a matrix that is not positive definite
/// gives NaN (as JAX's). Computed column by column in double precision (f32 too). JVP (JAX's rule):
/// <c>l̇ = l · Φ(l⁻¹ · ȧ · l⁻ᵀ)</c>, where <c>Φ</c> keeps the lower triangle and halves the diagonal, with <c>ȧ</c> read as
/// the kernel reads <c>a</c> (its lower triangle mirrored). Batching moves the batch axis first.
/// </summary>
internal sealed class CholeskyPrimitive : SingleResultPrimitive<NoParams>
{
    internal static readonly CholeskyPrimitive Instance = new();

    private CholeskyPrimitive() : base("cholesky") { }

    protected override ArrayType ShapeRule(ArrayType[] inputs, NoParams p)
    {
        var a = inputs[0];
        if (a.DType is not (DType.Float32 or DType.Float64)) throw ShapeErrors.Error(Name, "needs an f32 or f64 operand", a);
        if (a.Rank < 2 || a.Shape[a.Rank - 1] != a.Shape[a.Rank - 2]) throw ShapeErrors.Error(Name, "needs square matrices in the last two axes", a);
        return a with { Weak = false };
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override NDArray Kernel(NDArray[] args, NoParams p, ArrayType outType)
    {
        var a = ((ConcreteArray)args[0]).CopyAs<double>();
        int n = outType.Shape[outType.Rank - 1];
        int batch = n == 0 ? 0 : a.Length / (n * n);
        var l = new double[a.Length];
        for (int t = 0; t < batch; t++)
        {
            int o = t * n * n;
            for (int j = 0; j < n; j++)
            {
                double d = a[o + j * n + j];
                for (int k = 0; k < j; k++) d -= l[o + j * n + k] * l[o + j * n + k];
                double root = d > 0 ? System.Math.Sqrt(d) : double.NaN;
                l[o + j * n + j] = root;
                for (int i = j + 1; i < n; i++)
                {
                    double s = a[o + i * n + j];
                    for (int k = 0; k < j; k++) s -= l[o + i * n + k] * l[o + j * n + k];
                    l[o + i * n + j] = s / root;
                }
            }
            if (double.IsNaN(l[o + (n - 1) * n + (n - 1)]) || !AllFinite(l, o, n))
                System.Array.Fill(l, double.NaN, o, n * n);   // not positive definite: NaN throughout, as JAX
        }
        if (outType.DType == DType.Float64) return ConcreteArray.Own(l, outType.Shape);
        var f = new float[l.Length];
        for (int i = 0; i < f.Length; i++) f[i] = (float)l[i];
        return ConcreteArray.Own(f, outType.Shape);
    }

    private static bool AllFinite(double[] l, int offset, int n)
    {
        for (int i = 0; i < n * n; i++) if (!double.IsFinite(l[offset + i])) return false;
        return true;
    }

    protected override (NDArray Primal, NDArray? Tangent) Jvp(NDArray[] primals, NDArray?[] tangents, NoParams p)
    {
        var l = Apply(primals, p);
        if (tangents[0] is not { } da) return (l, null);
        // ȧ as the kernel reads a: the lower triangle, mirrored.
        var lowerPart = LinalgShapes.Triangle(da, lower: true);
        var sym = Ops.Add(lowerPart, LinalgShapes.SwapLast(LinalgShapes.Triangle(da, lower: true, diagonalScale: 0)));
        // l⁻¹ ȧ l⁻ᵀ = l⁻¹ (l⁻¹ ȧ)ᵀ, ȧ symmetric
        var left = TriangularSolvePrimitive.Solve(l, sym, lower: true, transposeA: false);
        var middle = TriangularSolvePrimitive.Solve(l, LinalgShapes.SwapLast(left), lower: true, transposeA: false);
        var phi = LinalgShapes.Triangle(middle, lower: true, diagonalScale: 0.5);
        return (l, LinalgShapes.MatMul(l, phi));
    }

    protected override (NDArray Output, int OutDim) Batch(NDArray[] args, int[] dims, NoParams p, int axisSize) =>
        (Apply(new[] { Batching.ToFront(args[0], dims[0], axisSize) }, p), 0);

    /// <summary>Binds <c>cholesky</c>.</summary>
    internal static NDArray Factor(NDArray a) => Instance.Apply(new[] { a }, NoParams.Instance);
}
