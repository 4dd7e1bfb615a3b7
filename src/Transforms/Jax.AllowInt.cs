using System;

namespace Functional.AD;

// JAX's allow_int: Grad and ValueAndGrad of functions whose pytree argument carries integer or bool leaves.
public static partial class Jax
{
    /// <summary>
    /// The gradient of a scalar-valued function of one array, with JAX's <c>allow_int</c>: see
    /// <see cref="Grad{T}(Func{T, NDArray}, bool)"/>.
    /// </summary>
    /// <param name="f">A scalar-valued function.</param>
    /// <param name="allowInt">True to accept an integer or bool argument, whose gradient is then a zero of its own dtype.</param>
    public static Func<NDArray, NDArray> Grad(Func<NDArray, NDArray> f, bool allowInt)
    {
        Guard.NotNull(f, "Jax.Grad");
        return new GradientFunction<NDArray>(f, allowInt).Grad;
    }

    /// <summary>
    /// The gradient of a scalar-valued function of a pytree, with JAX's <c>allow_int</c>: <c>jax.grad(f, allow_int=True)</c>.
    /// With <paramref name="allowInt"/> the argument may carry integer and bool leaves (a step counter, a flag, an
    /// index array beside the parameters); they are passed to <paramref name="f"/> as they are, not differentiated, and
    /// their gradient is a zero of the leaf's own shape and dtype (i32 zeros, bool false): this library's stand-in for
    /// JAX's zero-sized <c>float0</c> dtype, the same zero that <c>Vjp</c> gives integer inputs. Float leaves get their
    /// gradient as usual. Without it (false, the default of <see cref="Grad{T}(Func{T, NDArray})"/>) an integer or bool
    /// leaf is an <see cref="ArgumentException"/> that names the leaf by its path.
    /// </summary>
    /// <param name="f">A scalar-valued function of a pytree.</param>
    /// <param name="allowInt">True to accept integer and bool leaves, whose gradient is then a zero of their own dtype.</param>
    /// <remarks>
    /// Forward mode needs no option: <c>Jvp</c> already accepts integer and bool primals, whose tangents must have the
    /// primal's type and are ignored (pass zeros), and integer outputs get zero tangents of their dtype.
    /// </remarks>
    public static Func<T, T> Grad<T>(Func<T, NDArray> f, bool allowInt)
    {
        Guard.NotNull(f, "Jax.Grad");
        return new GradientFunction<T>(f, allowInt).Grad;
    }

    /// <summary>
    /// The value and the gradient of a scalar-valued function of one array, with JAX's <c>allow_int</c>: see
    /// <see cref="Grad{T}(Func{T, NDArray}, bool)"/>.
    /// </summary>
    /// <param name="f">A scalar-valued function.</param>
    /// <param name="allowInt">True to accept an integer or bool argument, whose gradient is then a zero of its own dtype.</param>
    public static Func<NDArray, (NDArray Value, NDArray Grad)> ValueAndGrad(Func<NDArray, NDArray> f, bool allowInt)
    {
        Guard.NotNull(f, "Jax.ValueAndGrad");
        return new GradientFunction<NDArray>(f, allowInt).ValueAndGrad;
    }

    /// <summary>
    /// The value and the gradient of a scalar-valued function of a pytree, with JAX's <c>allow_int</c>
    /// (<c>jax.value_and_grad(f, allow_int=True)</c>): integer and bool leaves get a zero gradient of their own dtype,
    /// as in <see cref="Grad{T}(Func{T, NDArray}, bool)"/>.
    /// </summary>
    /// <param name="f">A scalar-valued function of a pytree.</param>
    /// <param name="allowInt">True to accept integer and bool leaves, whose gradient is then a zero of their own dtype.</param>
    public static Func<T, (NDArray Value, T Grad)> ValueAndGrad<T>(Func<T, NDArray> f, bool allowInt)
    {
        Guard.NotNull(f, "Jax.ValueAndGrad");
        return new GradientFunction<T>(f, allowInt).ValueAndGrad;
    }
}
