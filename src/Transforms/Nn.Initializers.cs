using System;

namespace Functional.AD;

public static partial class Nn
{
    /// <summary>
    /// <c>jax.nn.initializers</c>: functions that make a parameter array of a shape and dtype. In JAX an initializer is
    /// a function <c>(key, shape, dtype) -&gt; Array</c>. The library has no random keys yet, so only the deterministic
    /// initializers exist, keyless: <see cref="Zeros"/> and <see cref="Ones"/> are initializers themselves (their
    /// method groups convert to <c>Func&lt;int[], DType, NDArray&gt;</c>) and <see cref="Constant"/> makes one.
    /// <para>
    /// Planned once <c>Random.Key</c> exists (keys are arrays, so traced like any other value): a delegate
    /// <c>public delegate NDArray Initializer(NDArray key, int[] shape, DType dtype)</c>; keyed overloads
    /// <c>Zeros(NDArray key, int[] shape, DType dtype)</c> and <c>Ones(…)</c> (the key ignored, as JAX's) so the method
    /// groups also convert to <c>Initializer</c>; <c>Constant(value)</c> keeping its keyless form plus a keyed one
    /// <c>Constant(NDArray value, DType dtype) -&gt; Initializer</c>; and the random factories returning <c>Initializer</c>, with JAX's parameters and defaults:
    /// <c>Normal(double stddev = 1e-2, DType dtype)</c>, <c>Uniform(double scale = 1e-2, DType dtype)</c>,
    /// <c>TruncatedNormal(double stddev = 1e-2, DType dtype, double lower = -2, double upper = 2)</c>,
    /// <c>VarianceScaling(double scale, string mode, string distribution, int[] inAxis, int[] outAxis, int[] batchAxis, DType dtype)</c>
    /// (mode "fan_in" | "fan_out" | "fan_avg", distribution "truncated_normal" | "normal" | "uniform"),
    /// <c>GlorotNormal</c>/<c>GlorotUniform</c> (aliases <c>XavierNormal</c>/<c>XavierUniform</c>), <c>HeNormal</c>/<c>HeUniform</c>
    /// (aliases <c>KaimingNormal</c>/<c>KaimingUniform</c>), <c>LecunNormal</c>/<c>LecunUniform</c> (each
    /// <c>(int[] inAxis, int[] outAxis, int[] batchAxis, DType dtype)</c> with JAX's defaults -2, -1, none), and
    /// <c>Orthogonal(double scale = 1, int columnAxis = -1, DType dtype)</c>.
    /// </para>
    /// </summary>
    public static class Initializers
    {
        /// <summary>An array of zeros, as <c>jax.nn.initializers.zeros</c> (without the key, which it ignores).</summary>
        public static NDArray Zeros(int[] shape, DType dtype = DType.Float64)
        {
            Guard.NotNull(shape, "Nn.Initializers.Zeros");
            return Np.Zeros(shape, dtype);
        }

        /// <summary>An array of ones, as <c>jax.nn.initializers.ones</c> (without the key, which it ignores).</summary>
        public static NDArray Ones(int[] shape, DType dtype = DType.Float64)
        {
            Guard.NotNull(shape, "Nn.Initializers.Ones");
            return Np.Ones(shape, dtype);
        }

        /// <summary>
        /// An initializer that fills with <paramref name="value"/> (a scalar, or an array broadcast to the shape), as
        /// <c>jax.nn.initializers.constant(value)</c>. JAX's <c>dtype</c> parameter only sets the default of the returned
        /// function's dtype argument, which a C# function type cannot carry, so the dtype is always passed to the
        /// returned function.
        /// </summary>
        public static Func<int[], DType, NDArray> Constant(NDArray value)
        {
            Guard.NotNull(value, "Nn.Initializers.Constant");
            return (shape, d) =>
            {
                Guard.NotNull(shape, "Nn.Initializers.Constant");
                return Np.BroadcastTo(value.AsType(d), shape);
            };
        }
    }
}
