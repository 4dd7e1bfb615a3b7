using System;

namespace Functional.AD;

// Jit with several static arguments (jax.jit(f, static_argnums=(...))): any subset of the arguments of two- and
// three-argument functions. The static values, as one tuple, key a StaticJit; the others are traced as one pytree.
public static partial class Jax
{
    /// <summary>
    /// Compiles a function of two arguments with any subset of them static (<c>jax.jit(f, static_argnums=(0, 1))</c>):
    /// static arguments are passed to <paramref name="f"/> as they are (C# code may branch on them) and their values,
    /// together, are part of the cache key: the function is traced once per distinct combination of static values and
    /// signature of the traced arguments. Values compare with <see cref="object.Equals(object)"/> as in
    /// <see cref="Jit{A, B, TOut}(Func{A, B, TOut}, int)"/>; at most <see cref="JitCacheCapacity"/> combinations are kept.
    /// </summary>
    /// <param name="f">The function.</param>
    /// <param name="staticArgnums">The static arguments' positions (0, 1), distinct, in any order; none: every argument traced.</param>
    /// <exception cref="ArgumentOutOfRangeException">A position is not 0 or 1.</exception>
    /// <exception cref="ArgumentException">A position is listed twice.</exception>
    /// <remarks>The returned function throws <see cref="ArgumentException"/> when given an <see cref="NDArray"/> as a static value.</remarks>
    public static Func<A, B, TOut> Jit<A, B, TOut>(Func<A, B, TOut> f, params int[] staticArgnums)
    {
        Guard.NotNull(f, "Jax.Jit");
        var argnums = StaticArguments.Normalize(staticArgnums, 2);
        if (argnums.Length == 0) return Jit(f);
        if (argnums.Length == 1) return Jit(f, argnums[0]);
        string name = NameOf(f);
        var both = new StaticJit<(A, B), NDArray[], TOut>((s, _) => f(s.Item1, s.Item2), name, StaticArguments.Describe(argnums));
        return (a, b) =>
        {
            StaticArguments.RequireNotArray(a, name, 0);
            StaticArguments.RequireNotArray(b, name, 1);
            return both.Call((a, b), []);
        };
    }

    /// <summary>
    /// Compiles a function of three arguments of which one is static: see
    /// <see cref="Jit{A, B, C, TOut}(Func{A, B, C, TOut}, int[])"/>.
    /// </summary>
    /// <param name="f">The function.</param>
    /// <param name="staticArgnums">The static argument's position: 0, 1 or 2.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="staticArgnums"/> is not 0, 1 or 2.</exception>
    public static Func<A, B, C, TOut> Jit<A, B, C, TOut>(Func<A, B, C, TOut> f, int staticArgnums) =>
        Jit(f, [staticArgnums]);

    /// <summary>
    /// Compiles a function of three arguments with any subset of them static (<c>jax.jit(f, static_argnums=(0, 2))</c>):
    /// the traced arguments are traced together as one pytree; the static ones are passed to <paramref name="f"/> as
    /// they are (C# code may branch on them), and their values, together, are part of the cache key: the function is
    /// traced once per distinct combination of static values and signature of the traced arguments. Values compare with
    /// <see cref="object.Equals(object)"/> (ints, strings, enums, records and tuples of them by value; other classes by
    /// reference unless they override Equals); at most <see cref="JitCacheCapacity"/> combinations are kept.
    /// </summary>
    /// <param name="f">The function.</param>
    /// <param name="staticArgnums">The static arguments' positions (0, 1, 2), distinct, in any order; none: every argument traced.</param>
    /// <exception cref="ArgumentOutOfRangeException">A position is not 0, 1 or 2.</exception>
    /// <exception cref="ArgumentException">A position is listed twice.</exception>
    /// <remarks>The returned function throws <see cref="ArgumentException"/> when given an <see cref="NDArray"/> as a static value.</remarks>
    public static Func<A, B, C, TOut> Jit<A, B, C, TOut>(Func<A, B, C, TOut> f, params int[] staticArgnums)
    {
        Guard.NotNull(f, "Jax.Jit");
        var argnums = StaticArguments.Normalize(staticArgnums, 3);
        string name = NameOf(f);
        string which = argnums.Length == 1 ? $"argument {argnums[0]}" : StaticArguments.Describe(argnums);
        int mask = 0;
        foreach (int k in argnums) mask |= 1 << k;
        switch (mask)
        {
            case 0:
                var all = new StagedFunction<(A, B, C), TOut>(t => f(t.Item1, t.Item2, t.Item3), name);
                return (a, b, c) => all.Call((a, b, c));
            case 0b001: return Static3(f, name, which, mask, (a, b, c) => a, (a, b, c) => (b, c), (s, t) => f(s, t.Item1, t.Item2));
            case 0b010: return Static3(f, name, which, mask, (a, b, c) => b, (a, b, c) => (a, c), (s, t) => f(t.Item1, s, t.Item2));
            case 0b100: return Static3(f, name, which, mask, (a, b, c) => c, (a, b, c) => (a, b), (s, t) => f(t.Item1, t.Item2, s));
            case 0b011: return Static3(f, name, which, mask, (a, b, c) => (a, b), (a, b, c) => c, (s, t) => f(s.Item1, s.Item2, t));
            case 0b101: return Static3(f, name, which, mask, (a, b, c) => (a, c), (a, b, c) => b, (s, t) => f(s.Item1, t, s.Item2));
            case 0b110: return Static3(f, name, which, mask, (a, b, c) => (b, c), (a, b, c) => a, (s, t) => f(t, s.Item1, s.Item2));
            default: return Static3<A, B, C, (A, B, C), NDArray[], TOut>(f, name, which, mask, (a, b, c) => (a, b, c), (a, b, c) => [], (s, _) => f(s.Item1, s.Item2, s.Item3));
        }
    }

    /// <summary>
    /// A three-argument function jitted with the static values <paramref name="statics"/> picks (the cache key) and the
    /// traced ones <paramref name="traced"/> picks (one pytree); <paramref name="call"/> puts them back in place
    /// (<paramref name="f"/> itself only fixes the argument types for inference).
    /// </summary>
    private static Func<A, B, C, TOut> Static3<A, B, C, S, T, TOut>(Func<A, B, C, TOut> f, string name, string which, int mask,
        Func<A, B, C, S> statics, Func<A, B, C, T> traced, Func<S, T, TOut> call)
    {
        _ = f;   // only for type inference: call already holds it
        var jitted = new StaticJit<S, T, TOut>(call, name, which);
        return (a, b, c) =>
        {
            if ((mask & 1) != 0) StaticArguments.RequireNotArray(a, name, 0);
            if ((mask & 2) != 0) StaticArguments.RequireNotArray(b, name, 1);
            if ((mask & 4) != 0) StaticArguments.RequireNotArray(c, name, 2);
            return jitted.Call(statics(a, b, c), traced(a, b, c));
        };
    }
}
