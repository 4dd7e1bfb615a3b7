using System;

namespace Functional.AD;

public static partial class Np
{
    /// <summary>jax.numpy.linalg: linear-algebra functions of numpy's linalg module.</summary>
    public static partial class Linalg
    {
        /// <summary>
        /// jax.numpy.linalg.norm with a numeric (or default) order. With no <paramref name="axis"/>: a 1-d array's
        /// vector norm, a 2-d array's matrix norm, or (<paramref name="ord"/> null) the 2-norm of all elements.
        /// Vector orders: null or 2 (Euclidean), ∞, -∞, 0 (count of nonzeros), 1, and any p (sum |x|^p)^(1/p).
        /// Matrix orders: null (Frobenius), 1, -1 (max/min column sum), ∞, -∞ (max/min row sum); 2, -2 need singular
        /// values, which the library does not compute yet.
        /// </summary>
        public static NDArray Norm(NDArray x, double? ord = null, int? axis = null, bool keepDims = false)
        {
            Guard.NotNull(x, "Np.Linalg.Norm");
            return NormCore(x, ord, null, axis is int a ? new[] { a } : null, keepDims);
        }

        /// <summary>jax.numpy.linalg.norm over one axis (a vector norm) or two axes (a matrix norm, rows then columns).</summary>
        public static NDArray Norm(NDArray x, double? ord, int[] axis, bool keepDims = false)
        {
            Guard.NotNull(x, "Np.Linalg.Norm");
            Guard.NotNull(axis, "Np.Linalg.Norm");
            return NormCore(x, ord, null, axis, keepDims);
        }

        /// <summary>
        /// jax.numpy.linalg.norm with a named matrix order: "fro" (Frobenius) or "nuc" (nuclear: the sum of the singular
        /// values, see <see cref="Svdvals"/>). Without <paramref name="axis"/> the array must be 2-d.
        /// </summary>
        public static NDArray Norm(NDArray x, string ord, int[]? axis = null, bool keepDims = false)
        {
            Guard.NotNull(x, "Np.Linalg.Norm");
            Guard.NotNull(ord, "Np.Linalg.Norm");
            return NormCore(x, null, ord, axis, keepDims);
        }

        private const string Op = "Np.Linalg.Norm";

        private static NDArray NormCore(NDArray x, double? ord, string? named, int[]? axis, bool keepDims)
        {
            x = Promotion.ToFloat(x);
            if (axis is null)
            {
                if (ord is null && named is null)
                {
                    var all = ReduceAxes(Op, x, (int?)null);
                    return Ops.Sqrt(Sum(Multiply(x, x), all.ToArray(), keepDims));
                }
                axis = x.Rank switch
                {
                    1 when named is null => new[] { 0 },
                    2 => new[] { 0, 1 },
                    _ => throw new ArgumentException($"{Op}: an order needs a 1-d or 2-d array, or an axis, got {x.Type}"),
                };
            }
            if (axis.Length == 1)
            {
                if (named is not null) throw new ArgumentException($"{Op}: order \"{named}\" is a matrix norm; it needs two axes of {x.Type}");
                int a = Promotion.Axis(Op, axis[0], x);
                var ax = new[] { a };
                double p = ord ?? 2;
                if (p == 2) return Ops.Sqrt(Sum(Multiply(x, x), ax, keepDims));
                if (double.IsPositiveInfinity(p)) return Max(Abs(x), ax, keepDims);
                if (double.IsNegativeInfinity(p)) return Min(Abs(x), ax, keepDims);
                if (p == 0) return Promotion.Coerce(CountNonzero(x, ax, keepDims), x.DType);
                if (p == 1) return Sum(Abs(x), ax, keepDims);
                var s = Sum(Power(Abs(x), Ops.Const(x, p)), ax, keepDims);
                return Power(s, Ops.Const(s, 1 / p));
            }
            if (axis.Length != 2) throw new ArgumentException($"{Op}: axis must name one or two axes of {x.Type}, got ({string.Join(", ", axis)})");
            int row = Promotion.Axis(Op, axis[0], x), col = Promotion.Axis(Op, axis[1], x);
            if (row == col) throw new ArgumentException($"{Op}: axis ({string.Join(", ", axis)}) names the same axis of {x.Type} twice");
            if (named == "fro" || (named is null && ord is null)) return Ops.Sqrt(Sum(Multiply(x, x), new[] { row, col }, keepDims));
            if (named == "nuc" || ord is 2 or -2)
            {
                // singular values of the matrices in (row, col), moved last
                var s = Svdvals(MoveAxis(x, new[] { row, col }, new[] { -2, -1 }));
                var reduced = named == "nuc" ? Sum(s, -1) : ord == 2 ? Max(s, -1) : Min(s, -1);
                return keepDims ? ExpandDims(reduced, new[] { Math.Min(row, col), Math.Max(row, col) }) : reduced;
            }
            if (named is not null) throw new ArgumentException($"{Op}: order \"{named}\" is not one of fro, nuc");
            double o = ord!.Value;
            if (o is 1 or -1)
            {
                // the largest (smallest) column sum: sum over rows, then the extreme over the columns
                int c = !keepDims && col > row ? col - 1 : col;
                var sums = Sum(Abs(x), row, keepDims);
                return o == 1 ? Max(sums, c, keepDims) : Min(sums, c, keepDims);
            }
            if (double.IsInfinity(o))
            {
                int r = !keepDims && row > col ? row - 1 : row;
                var sums = Sum(Abs(x), col, keepDims);
                return o > 0 ? Max(sums, r, keepDims) : Min(sums, r, keepDims);
            }
            throw new ArgumentException($"{Op}: order {o} is not a matrix norm order (null, fro, 1, -1, inf, -inf)");
        }
    }
}
