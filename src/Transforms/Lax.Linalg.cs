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
    }
}
