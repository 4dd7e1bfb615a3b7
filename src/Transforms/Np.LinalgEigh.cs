using System;

namespace Functional.AD;

public static partial class Np
{
    public static partial class Linalg
    {
        /// <summary>
        /// The eigenvalues (ascending) and eigenvectors (as columns) of real symmetric matrices over the last two axes
        /// (<c>jnp.linalg.eigh</c>): <c>a = v · diag(w) · vᵀ</c>. With <paramref name="symmetrizeInput"/> (the default)
        /// the input is first replaced by <c>(a + aᵀ)/2</c>, so a gradient flows to both triangles; otherwise only the
        /// triangle named by <paramref name="uplo"/> ("L" or "U") is read. Integer inputs become floats. Differentiable
        /// (JAX's rule; repeated eigenvalues give non-finite eigenvector derivatives, as there).
        /// </summary>
        /// <returns>(Eigenvalues [..., n], Eigenvectors [..., n, n]), the order of JAX's <c>EighResult</c>.</returns>
        public static (NDArray Eigenvalues, NDArray Eigenvectors) Eigh(NDArray a, string? uplo = null, bool symmetrizeInput = true)
        {
            Guard.NotNull(a, "Np.Linalg.Eigh");
            var (v, w) = Decompose("Np.Linalg.Eigh", a, uplo, symmetrizeInput);
            return (w, v);
        }

        /// <summary>The eigenvalues (ascending) of real symmetric matrices over the last two axes (<c>jnp.linalg.eigvalsh</c>).</summary>
        public static NDArray Eigvalsh(NDArray a, string uplo = "L")
        {
            Guard.NotNull(a, "Np.Linalg.Eigvalsh");
            Guard.NotNull(uplo, "Np.Linalg.Eigvalsh");
            return Decompose("Np.Linalg.Eigvalsh", a, uplo, symmetrizeInput: true).W;
        }

        /// <summary>
        /// The singular values, descending, of the matrices over the last two axes (<c>jnp.linalg.svdvals</c>): computed as
        /// the non-negative eigenvalues of the symmetric embedding <c>[[0, a], [aᵀ, 0]]</c>, whose eigenvalues are
        /// <c>±σᵢ</c>, so small singular values keep an absolute accuracy of rounding times the largest (no squaring as
        /// through <c>aᵀa</c>). Differentiable where the singular values are distinct and non-zero.
        /// </summary>
        public static NDArray Svdvals(NDArray x)
        {
            Guard.NotNull(x, "Np.Linalg.Svdvals");
            if (x.Rank < 2) throw new ArgumentException($"Np.Linalg.Svdvals: needs matrices in the last two axes, got {x.Type}");
            x = Promotion.ToFloat(x);
            int r = x.Rank, m = x.Shape[r - 2], n = x.Shape[r - 1], k = Math.Min(m, n);
            var lead = x.Shape.ToArray()[..^2];
            if (k == 0) return Zeros([.. lead, 0], x.DType);
            // [[0, x], [xᵀ, 0]], (m + n) square
            var top = Concatenate(new[] { Zeros([.. lead, m, m], x.DType), x }, r - 1);
            var bottom = Concatenate(new[] { SwapAxes(x, -1, -2), Zeros([.. lead, n, n], x.DType) }, r - 1);
            var embedding = Concatenate(new[] { top, bottom }, r - 2);
            var w = EighPrimitive.Apply(embedding, lower: true, sortEigenvalues: true).W;   // ascending: the last k are σ ascending
            return Flip(Lax.SliceInDim(w, m + n - k, m + n, 1, r - 2), -1);
        }

        private static (NDArray V, NDArray W) Decompose(string op, NDArray a, string? uplo, bool symmetrizeInput)
        {
            if (uplo is not (null or "L" or "U")) throw new ArgumentException($"{op}: UPLO must be \"L\" or \"U\", got \"{uplo}\"", nameof(uplo));
            if (a.Rank < 2 || a.Shape[a.Rank - 1] != a.Shape[a.Rank - 2])
                throw new ArgumentException($"{op}: needs square matrices in the last two axes, got {a.Type}");
            a = Promotion.ToFloat(a);
            if (symmetrizeInput) a = Multiply(Add(a, SwapAxes(a, -1, -2)), Ops.Const(a, 0.5));
            return EighPrimitive.Apply(a, lower: uplo != "U", sortEigenvalues: true);
        }
    }
}
