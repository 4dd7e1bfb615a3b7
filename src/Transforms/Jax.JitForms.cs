using System;

namespace Functional.AD;

public static partial class Jax
{
    /// <summary>
    /// Compiles a function of no arguments: traced on the first call (the arrays it closes over become constants of
    /// the compiled program, read once), then run as that program on every call. See <see cref="Jit(Func{NDArray, NDArray})"/>.
    /// </summary>
    public static Func<TOut> Jit<TOut>(Func<TOut> f)
    {
        Guard.NotNull(f, "Jax.Jit");
        var jitted = new StagedFunction<NDArray[], TOut>(_ => f(), NameOf(f));
        return () => jitted.Call([]);
    }

    /// <summary>
    /// Compiles a function of one static argument (<c>jax.jit(f, static_argnums=0)</c>): the argument is not traced but
    /// passed to <paramref name="f"/> as it is, so C# code may branch on it, and its value is part of the cache key: the
    /// function is traced once per distinct value (compared with <see cref="object.Equals(object)"/>: ints, strings,
    /// enums, records and tuples of them compare by value; other classes by reference unless they override Equals).
    /// </summary>
    /// <param name="f">The function.</param>
    /// <param name="staticArgnums">The static argument's position: 0.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="staticArgnums"/> is not 0.</exception>
    /// <remarks>The returned function throws <see cref="ArgumentException"/> when given an <see cref="NDArray"/> as the static value.</remarks>
    public static Func<S, TOut> Jit<S, TOut>(Func<S, TOut> f, int staticArgnums)
    {
        Guard.NotNull(f, "Jax.Jit");
        CheckStaticArgnums(staticArgnums, 1);
        var jitted = new StaticJit<S, NDArray[], TOut>((s, _) => f(s), NameOf(f), 0);
        return s => jitted.Call(s, []);
    }

    /// <summary>
    /// Compiles a function of two arguments of which one is static (<c>jax.jit(f, static_argnums=k)</c>): the other is
    /// traced as by <see cref="Jit{A, B, TOut}(Func{A, B, TOut})"/>; the static one is passed to <paramref name="f"/> as
    /// it is, so C# code may branch on it (<c>if (mode == Mode.Train)</c>, a loop count, a layer size), and its value
    /// is part of the cache key: the function is traced once per distinct value and traced-argument signature. Values
    /// compare with <see cref="object.Equals(object)"/> (ints, strings, enums, records and tuples of them by value;
    /// other classes by reference unless they override Equals); at most <see cref="JitCacheCapacity"/> values are kept.
    /// </summary>
    /// <param name="f">The function.</param>
    /// <param name="staticArgnums">Which argument is static: 0 (<typeparamref name="A"/>) or 1 (<typeparamref name="B"/>).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="staticArgnums"/> is not 0 or 1.</exception>
    /// <remarks>The returned function throws <see cref="ArgumentException"/> when given an <see cref="NDArray"/> as the static value.</remarks>
    public static Func<A, B, TOut> Jit<A, B, TOut>(Func<A, B, TOut> f, int staticArgnums)
    {
        Guard.NotNull(f, "Jax.Jit");
        CheckStaticArgnums(staticArgnums, 2);
        string name = NameOf(f);
        if (staticArgnums == 0)
        {
            var first = new StaticJit<A, B, TOut>(f, name, 0);
            return first.Call;
        }
        var second = new StaticJit<B, A, TOut>((b, a) => f(a, b), name, 1);
        return (a, b) => second.Call(b, a);
    }

    private static void CheckStaticArgnums(int staticArgnums, int arity)
    {
        if (staticArgnums < 0 || staticArgnums >= arity)
            throw new ArgumentOutOfRangeException(nameof(staticArgnums), staticArgnums,
                $"Jax.Jit: staticArgnums {staticArgnums} is out of range for a function of {arity} argument{(arity == 1 ? "" : "s")} (0 to {arity - 1}).");
    }
}
