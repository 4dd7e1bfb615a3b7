using System;

namespace Functional.AD;

/// <summary>
/// A parameter initializer, as <c>jax.nn.initializers</c> defines one: a function of a random key, a shape and a dtype.
/// Keys are pytrees of arrays, so an initializer runs under <c>Jit</c> and <c>Vmap</c> like any function.
/// </summary>
/// <param name="key">The random key (ignored by the deterministic initializers).</param>
/// <param name="shape">The parameter's shape.</param>
/// <param name="dtype">The parameter's dtype (a float dtype for the random initializers).</param>
public delegate NDArray Initializer(PRNGKey key, int[] shape, DType dtype);

public static partial class Nn
{
    public static partial class Initializers
    {
        /// <summary>Zeros, ignoring the key (<c>jax.nn.initializers.zeros</c>); the method group converts to <see cref="Initializer"/>.</summary>
#pragma warning disable IDE0060 // the key is part of the Initializer signature, ignored as JAX's zeros and ones ignore it
        public static NDArray Zeros(PRNGKey key, int[] shape, DType dtype = DType.Float64) => Zeros(shape, dtype);

        /// <summary>Ones, ignoring the key (<c>jax.nn.initializers.ones</c>); the method group converts to <see cref="Initializer"/>.</summary>
        public static NDArray Ones(PRNGKey key, int[] shape, DType dtype = DType.Float64) => Ones(shape, dtype);
#pragma warning restore IDE0060

        /// <summary>Normal samples of standard deviation <paramref name="stddev"/> (<c>jax.nn.initializers.normal</c>).</summary>
        public static Initializer Normal(double stddev = 1e-2) =>
            (key, shape, dtype) => Np.Multiply(Random.Normal(key, Checked("Normal", shape), dtype), Np.Scalar(stddev).AsType(dtype));

        /// <summary>Uniform samples in [0, <paramref name="scale"/>) (<c>jax.nn.initializers.uniform</c>).</summary>
        public static Initializer Uniform(double scale = 1e-2) =>
            (key, shape, dtype) => Np.Multiply(Random.Uniform(key, Checked("Uniform", shape), dtype), Np.Scalar(scale).AsType(dtype));

        /// <summary>
        /// Normal samples truncated to [<paramref name="lower"/>, <paramref name="upper"/>] standard deviations, times
        /// <paramref name="stddev"/> (<c>jax.nn.initializers.truncated_normal</c>).
        /// </summary>
        public static Initializer TruncatedNormal(double stddev = 1e-2, double lower = -2.0, double upper = 2.0) =>
            (key, shape, dtype) => Np.Multiply(Random.TruncatedNormal(key, lower, upper, Checked("TruncatedNormal", shape), dtype), Np.Scalar(stddev).AsType(dtype));

        /// <summary>
        /// Samples whose variance is <paramref name="scale"/> over a fan of the shape (<c>jax.nn.initializers.variance_scaling</c>):
        /// <paramref name="mode"/> "fan_in", "fan_out" or "fan_avg" picks the fan, where fan_in = in size × receptive field,
        /// fan_out = out size × receptive field, the receptive field being the product of the axes that are neither
        /// <paramref name="inAxis"/>, <paramref name="outAxis"/> nor <paramref name="batchAxis"/>; <paramref name="distribution"/>
        /// "truncated_normal" (within two standard deviations, rescaled to the variance), "normal" or "uniform" (on ±√(3·variance)).
        /// Axes default to JAX's: in -2, out -1, no batch axis.
        /// </summary>
        public static Initializer VarianceScaling(double scale, string mode, string distribution, int[]? inAxis = null, int[]? outAxis = null, int[]? batchAxis = null)
        {
            Guard.NotNull(mode, "Nn.Initializers.VarianceScaling");
            Guard.NotNull(distribution, "Nn.Initializers.VarianceScaling");
            if (scale <= 0) throw new ArgumentOutOfRangeException(nameof(scale), scale, "Nn.Initializers.VarianceScaling: scale must be positive");
            if (mode is not ("fan_in" or "fan_out" or "fan_avg"))
                throw new ArgumentException($"Nn.Initializers.VarianceScaling: mode must be fan_in, fan_out or fan_avg, got \"{mode}\"", nameof(mode));
            if (distribution is not ("truncated_normal" or "normal" or "uniform"))
                throw new ArgumentException($"Nn.Initializers.VarianceScaling: distribution must be truncated_normal, normal or uniform, got \"{distribution}\"", nameof(distribution));
            int[] ins = inAxis ?? [-2], outs = outAxis ?? [-1], batch = batchAxis ?? [];
            return (key, shape, dtype) =>
            {
                Checked("VarianceScaling", shape);
                var (fanIn, fanOut) = Fans(shape, ins, outs, batch);
                double denominator = mode == "fan_in" ? fanIn : mode == "fan_out" ? fanOut : (fanIn + fanOut) / 2;
                double variance = scale / denominator;
                return distribution switch
                {
                    // 0.8796… is the standard deviation of a standard normal truncated to (-2, 2)
                    "truncated_normal" => Np.Multiply(Random.TruncatedNormal(key, -2.0, 2.0, shape, dtype), Np.Scalar(Math.Sqrt(variance) / .87962566103423978).AsType(dtype)),
                    "normal" => Np.Multiply(Random.Normal(key, shape, dtype), Np.Scalar(Math.Sqrt(variance)).AsType(dtype)),
                    _ => Np.Multiply(Random.Uniform(key, shape, dtype, -1.0, 1.0), Np.Scalar(Math.Sqrt(3 * variance)).AsType(dtype)),
                };
            };
        }

        /// <summary>Glorot (Xavier) normal: variance 1 / fan_avg, truncated normal (<c>jax.nn.initializers.glorot_normal</c>).</summary>
        public static Initializer GlorotNormal(int[]? inAxis = null, int[]? outAxis = null, int[]? batchAxis = null) =>
            VarianceScaling(1.0, "fan_avg", "truncated_normal", inAxis, outAxis, batchAxis);

        /// <summary>Glorot (Xavier) uniform: variance 1 / fan_avg, uniform (<c>jax.nn.initializers.glorot_uniform</c>).</summary>
        public static Initializer GlorotUniform(int[]? inAxis = null, int[]? outAxis = null, int[]? batchAxis = null) =>
            VarianceScaling(1.0, "fan_avg", "uniform", inAxis, outAxis, batchAxis);

        /// <summary>The same as <see cref="GlorotNormal"/> (<c>jax.nn.initializers.xavier_normal</c>).</summary>
        public static Initializer XavierNormal(int[]? inAxis = null, int[]? outAxis = null, int[]? batchAxis = null) => GlorotNormal(inAxis, outAxis, batchAxis);

        /// <summary>The same as <see cref="GlorotUniform"/> (<c>jax.nn.initializers.xavier_uniform</c>).</summary>
        public static Initializer XavierUniform(int[]? inAxis = null, int[]? outAxis = null, int[]? batchAxis = null) => GlorotUniform(inAxis, outAxis, batchAxis);

        /// <summary>He (Kaiming) normal: variance 2 / fan_in, truncated normal (<c>jax.nn.initializers.he_normal</c>).</summary>
        public static Initializer HeNormal(int[]? inAxis = null, int[]? outAxis = null, int[]? batchAxis = null) =>
            VarianceScaling(2.0, "fan_in", "truncated_normal", inAxis, outAxis, batchAxis);

        /// <summary>He (Kaiming) uniform: variance 2 / fan_in, uniform (<c>jax.nn.initializers.he_uniform</c>).</summary>
        public static Initializer HeUniform(int[]? inAxis = null, int[]? outAxis = null, int[]? batchAxis = null) =>
            VarianceScaling(2.0, "fan_in", "uniform", inAxis, outAxis, batchAxis);

        /// <summary>The same as <see cref="HeNormal"/> (<c>jax.nn.initializers.kaiming_normal</c>).</summary>
        public static Initializer KaimingNormal(int[]? inAxis = null, int[]? outAxis = null, int[]? batchAxis = null) => HeNormal(inAxis, outAxis, batchAxis);

        /// <summary>The same as <see cref="HeUniform"/> (<c>jax.nn.initializers.kaiming_uniform</c>).</summary>
        public static Initializer KaimingUniform(int[]? inAxis = null, int[]? outAxis = null, int[]? batchAxis = null) => HeUniform(inAxis, outAxis, batchAxis);

        /// <summary>LeCun normal: variance 1 / fan_in, truncated normal (<c>jax.nn.initializers.lecun_normal</c>).</summary>
        public static Initializer LecunNormal(int[]? inAxis = null, int[]? outAxis = null, int[]? batchAxis = null) =>
            VarianceScaling(1.0, "fan_in", "truncated_normal", inAxis, outAxis, batchAxis);

        /// <summary>LeCun uniform: variance 1 / fan_in, uniform (<c>jax.nn.initializers.lecun_uniform</c>).</summary>
        public static Initializer LecunUniform(int[]? inAxis = null, int[]? outAxis = null, int[]? batchAxis = null) =>
            VarianceScaling(1.0, "fan_in", "uniform", inAxis, outAxis, batchAxis);

        /// <summary>
        /// A random matrix with orthonormal columns (or rows, when there are fewer rows than columns), times
        /// <paramref name="scale"/>, shaped with <paramref name="columnAxis"/> as the columns and the other axes flattened
        /// into the rows (<c>jax.nn.initializers.orthogonal</c>). JAX orthogonalizes a normal matrix by QR; this library has
        /// no QR yet and takes its polar factor <c>a·(aᵀa)^(-1/2)</c> instead (through <c>eigh</c>), which is distributed
        /// the same way (uniformly over orthonormal frames) but is not JAX's bits.
        /// </summary>
        public static Initializer Orthogonal(double scale = 1.0, int columnAxis = -1) => (key, shape, dtype) =>
        {
            Checked("Orthogonal", shape);
            if (shape.Length < 2) throw new ArgumentException($"Nn.Initializers.Orthogonal: needs at least a 2-d shape, got [{string.Join(",", shape)}]", nameof(shape));
            int axis = columnAxis < 0 ? columnAxis + shape.Length : columnAxis;
            if (axis < 0 || axis >= shape.Length) throw new ArgumentOutOfRangeException(nameof(columnAxis), columnAxis, $"Nn.Initializers.Orthogonal: no axis {columnAxis} in a {shape.Length}-d shape");
            int cols = shape[axis], size = 1;
            foreach (var d in shape) size *= d;
            int rows = cols == 0 ? 0 : size / cols;
            var (tall, wide) = rows < cols ? (cols, rows) : (rows, cols);
            var a = Random.Normal(key, [tall, wide], DType.Float64);
            var (lambda, v) = Np.Linalg.Eigh(Np.Matmul(a.T, a));
            var inverseRoot = Np.Matmul(v * Np.Reciprocal(Np.Sqrt(lambda)), v.T);
            var q = Np.Matmul(a, inverseRoot);
            if (rows < cols) q = q.T;
            var others = new int[shape.Length - 1];
            for (int i = 0, j = 0; i < shape.Length; i++) if (i != axis) others[j++] = shape[i];
            q = Np.Reshape(q, [.. others, cols]);
            return Np.Multiply(Np.MoveAxis(q, -1, axis), Np.Scalar(scale)).AsType(dtype);
        };

        private static int[] Checked(string name, int[] shape) => Guard.NotNull(shape, "Nn.Initializers." + name);

        /// <summary>JAX's <c>_compute_fans</c>: (fan_in, fan_out) of a weight shape with the given in, out and batch axes.</summary>
        internal static (double FanIn, double FanOut) Fans(int[] shape, int[] inAxis, int[] outAxis, int[] batchAxis)
        {
            if (shape.Length <= 1)
                throw new ArgumentException($"Nn.Initializers: fans need a weight shape of at least 2 dimensions, got [{string.Join(",", shape)}]");
            double Product(int[] axes)
            {
                double p = 1;
                foreach (var a in axes)
                {
                    int k = a < 0 ? a + shape.Length : a;
                    if (k < 0 || k >= shape.Length) throw new ArgumentException($"Nn.Initializers: no axis {a} in shape [{string.Join(",", shape)}]");
                    p *= shape[k];
                }
                return p;
            }
            double total = 1;
            foreach (var d in shape) total *= d;
            double inSize = Product(inAxis), outSize = Product(outAxis), batchSize = Product(batchAxis);
            double receptive = total / inSize / outSize / batchSize;
            return (inSize * receptive, outSize * receptive);
        }
    }
}
