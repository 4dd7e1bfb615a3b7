namespace Functional.AD;

/// <summary>
/// JAX's <c>argnums</c> for functions of two or three arguments, as typed markers: <c>Grad(f, Argnums.Second)</c> is
/// <c>jax.grad(f, argnums=1)</c>, <c>Grad(f, Argnums.All)</c> is <c>argnums=(0, 1)</c> (or <c>(0, 1, 2)</c>) and
/// returns a tuple with one gradient per argument, <c>Grad(f3, Argnums.SecondAndThird)</c> is <c>argnums=(1, 2)</c>.
/// </summary>
/// <remarks>
/// Why markers and not <c>int argnums</c>: the result's type depends on which arguments are differentiated (the
/// gradient of the second argument has the second argument's type, several give a tuple), which an integer cannot
/// say to the compiler; each marker has its own type, so every overload returns exactly the type JAX would return.
/// The transforms that take them: <c>Grad</c>, <c>ValueAndGrad</c>, <c>GradWithAux</c>, <c>ValueAndGradWithAux</c>,
/// <c>Jacfwd</c>, <c>Jacrev</c> and <c>Hessian</c>. The arguments that are not differentiated are passed to the function
/// unchanged (they may hold anything, numbers included). Two-argument functions take <see cref="First"/>,
/// <see cref="Second"/> and <see cref="All"/>; three-argument functions take every marker.
/// </remarks>
public static class Argnums
{
    /// <summary>The type of <see cref="First"/> (argnums=0).</summary>
    public readonly struct FirstArgument { }

    /// <summary>The type of <see cref="Second"/> (argnums=1).</summary>
    public readonly struct SecondArgument { }

    /// <summary>The type of <see cref="Third"/> (argnums=2).</summary>
    public readonly struct ThirdArgument { }

    /// <summary>The type of <see cref="FirstAndSecond"/> (argnums=(0, 1) of a three-argument function).</summary>
    public readonly struct FirstAndSecondArguments { }

    /// <summary>The type of <see cref="FirstAndThird"/> (argnums=(0, 2)).</summary>
    public readonly struct FirstAndThirdArguments { }

    /// <summary>The type of <see cref="SecondAndThird"/> (argnums=(1, 2)).</summary>
    public readonly struct SecondAndThirdArguments { }

    /// <summary>The type of <see cref="All"/> (every argument: argnums=(0, 1) or (0, 1, 2)).</summary>
    public readonly struct AllArguments { }

    /// <summary>argnums=0: the first argument (the default of the transforms without a marker).</summary>
    public static FirstArgument First => default;

    /// <summary>argnums=1: the second argument.</summary>
    public static SecondArgument Second => default;

    /// <summary>argnums=2: the third argument of a three-argument function.</summary>
    public static ThirdArgument Third => default;

    /// <summary>argnums=(0, 1) of a three-argument function: a tuple of two results (for two arguments, use <see cref="All"/>).</summary>
    public static FirstAndSecondArguments FirstAndSecond => default;

    /// <summary>argnums=(0, 2) of a three-argument function: a tuple of two results.</summary>
    public static FirstAndThirdArguments FirstAndThird => default;

    /// <summary>argnums=(1, 2) of a three-argument function: a tuple of two results.</summary>
    public static SecondAndThirdArguments SecondAndThird => default;

    /// <summary>Every argument: argnums=(0, 1) of a two-argument function, (0, 1, 2) of a three-argument one; a tuple with one result per argument.</summary>
    public static AllArguments All => default;
}
