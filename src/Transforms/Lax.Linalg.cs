using System;

namespace Functional.AD;

public static partial class Lax
{
    /// <summary>Linear-algebra primitives (<c>jax.lax.linalg</c>).</summary>
    public static class Linalg
    {
        /// <summary>
        /// The eigen-decomposition of real symmetric matrices over the last two axes (<c>jax.lax.linalg.eigh</c>):
        /// eigenvectors as columns and eigenvalues, <c>x = v · diag(w) · vᵀ</c>. <paramref name="lower"/> names the
        /// triangle read when <paramref name="symmetrizeInput"/> is false; with it (the default) <c>(x + xᵀ)/2</c> is
        /// decomposed. Eigenvalues ascend when <paramref name="sortEigenvalues"/>.
        /// </summary>
        /// <returns>(V [..., n, n], W [..., n]), JAX's order.</returns>
        public static (NDArray V, NDArray W) Eigh(NDArray x, bool lower = true, bool symmetrizeInput = true, bool sortEigenvalues = true)
        {
            Guard.NotNull(x, "Lax.Linalg.Eigh");
            if (x.Rank < 2 || x.Shape[x.Rank - 1] != x.Shape[x.Rank - 2])
                throw new ArgumentException($"Lax.Linalg.Eigh: needs square matrices in the last two axes, got {x.Type}");
            if (symmetrizeInput) x = Np.Multiply(Np.Add(x, Np.SwapAxes(x, -1, -2)), Ops.Const(x, 0.5));
            return EighPrimitive.Apply(x, lower, sortEigenvalues);
        }
    

        /// <summary>
        /// The Cholesky factor of symmetric positive-definite matrices over the last two axes (<c>jax.lax.linalg.cholesky</c>):
        /// lower triangular <c>l</c> with <c>x = l · lᵀ</c>. With <paramref name="symmetrizeInput"/> (the default)
        /// <c>(x + xᵀ)/2</c> is factored, else only the lower triangle is read. A matrix that is not positive definite
        /// gives NaN, as in JAX. Differentiable (JAX's rule).
        /// </summary>
        public static NDArray Cholesky(NDArray x, bool symmetrizeInput = true)
        {
            Guard.NotNull(x, "Lax.Linalg.Cholesky");
            x = Square("Lax.Linalg.Cholesky", x);
            if (symmetrizeInput) x = Np.Multiply(Np.Add(x, Np.SwapAxes(x, -1, -2)), Ops.Const(x, 0.5));
            return CholeskyPrimitive.Factor(x);
        }

        /// <summary>
        /// Solves triangular systems (<c>jax.lax.linalg.triangular_solve</c>): <c>op(a) · x = b</c> when
        /// <paramref name="leftSide"/>, else <c>x · op(a) = b</c> (JAX's default), where <c>op</c> transposes when
        /// <paramref name="transposeA"/> (<paramref name="conjugateA"/> changes nothing for real arrays). Only the triangle
        /// named by <paramref name="lower"/> is read; <paramref name="unitDiagonal"/> takes its diagonal as ones.
        /// <paramref name="a"/> is [..., n, n]; <paramref name="b"/> [..., n, k] (left) or [..., k, n] (right), same batch axes.
        /// Differentiable in both operands; linear in b.
        /// </summary>
        public static NDArray TriangularSolve(NDArray a, NDArray b, bool leftSide = false, bool lower = false, bool transposeA = false,
            bool conjugateA = false, bool unitDiagonal = false)
        {
            Guard.NotNull(a, "Lax.Linalg.TriangularSolve");
            Guard.NotNull(b, "Lax.Linalg.TriangularSolve");
            _ = conjugateA;   // real arrays only: conjugation is the identity
            a = Square("Lax.Linalg.TriangularSolve", a);
            var (dtype, _) = Promotion.ResultType(a, b);
            dtype = dtype is DType.Float32 or DType.Float64 ? dtype : dtype.IsFloat() ? DType.Float32 : DType.Float64;
            (a, b) = (Promotion.Coerce(a, dtype), Promotion.Coerce(b, dtype));
            if (b.Rank != a.Rank)
                throw new ArgumentException($"Lax.Linalg.TriangularSolve: b must have a's rank (batch axes, then a matrix), got a {a.Type} and b {b.Type}");
            if (leftSide) return TriangularSolvePrimitive.Solve(a, b, lower, transposeA, unitDiagonal);
            // x · op(a) = b  ⇔  op(a)ᵀ · xᵀ = bᵀ
            var xt = TriangularSolvePrimitive.Solve(a, Np.SwapAxes(b, -1, -2), lower, !transposeA, unitDiagonal);
            return Np.SwapAxes(xt, -1, -2);
        }

        private static NDArray Square(string op, NDArray x)
        {
            if (x.Rank < 2 || x.Shape[x.Rank - 1] != x.Shape[x.Rank - 2])
                throw new ArgumentException($"{op}: needs square matrices in the last two axes, got {x.Type}");
            return Promotion.ToFloat(x);
        }
    }
}
