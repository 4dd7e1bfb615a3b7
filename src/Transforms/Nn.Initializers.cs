using System;

namespace Functional.AD;

public static partial class Nn
{
    /// <summary>
    /// <c>jax.nn.initializers</c>: functions that make a parameter array of a shape and dtype. In JAX an initializer is a
    /// function <c>(key, shape, dtype) -&gt; Array</c>; here it is the <see cref="Initializer"/> delegate. The random
    /// factories (<c>Normal</c>, <c>Uniform</c>, <c>TruncatedNormal</c>, <c>VarianceScaling</c>, Glorot/Xavier, He/Kaiming,
    /// LeCun, <c>Orthogonal</c>) return one; <c>Zeros</c> and <c>Ones</c> are initializers themselves (their keyed method
    /// groups convert to <see cref="Initializer"/>, their keyless ones to <c>Func&lt;int[], DType, NDArray&gt;</c>) and
    /// <see cref="Constant"/> makes a keyless one.
    /// </summary>
    public static partial class Initializers
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
