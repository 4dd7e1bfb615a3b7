using System;

namespace Functional.AD;

// Jit with donated arguments (jax.jit(f, donate_argnums=...)): the compiled program may reuse their buffers.
public static partial class Jax
{
    /// <summary>
    /// Compiles a function of one pytree whose argument the caller donates (<c>jax.jit(f, donate_argnums=0)</c>): the
    /// caller promises not to use the argument's arrays after the call, so the compiled program gives their buffers back
    /// to the library's buffer pool after their last use, where its results (or the next call's) reuse them. A training
    /// step <c>state = step(state)</c> then runs on recycled memory instead of fresh buffers for every new state.
    /// </summary>
    /// <param name="f">The function.</param>
    /// <param name="donateArgnums">The donated argument's position: <c>[0]</c>, or none (<c>[]</c>: a plain <see cref="Jit{TIn, TOut}(Func{TIn, TOut})"/>).</param>
    /// <exception cref="ArgumentOutOfRangeException">A position is not 0.</exception>
    /// <exception cref="ArgumentException">A position is listed twice.</exception>
    /// <remarks>
    /// As in JAX, a donated array is deleted by the call: reading it afterwards (an operation on it, <c>ToArray</c>,
    /// passing it to another function) throws <see cref="InvalidOperationException"/>, and views of it (reshapes,
    /// slices) share its fate. Donation applies to calls on concrete arrays outside other transforms; under
    /// <see cref="Grad(Func{NDArray, NDArray})"/>, <see cref="Vmap(Func{NDArray, NDArray}, int, int)"/> or inside another
    /// <c>Jit</c>, and while <see cref="DebugNans"/> or <see cref="DebugInfs"/> is on, nothing is donated. Arrays the caller
    /// made from its own memory (<see cref="Np.FromFlat(float[], int[])"/>), small arrays (under 64 KiB) and an
    /// argument also passed in another position are never reused, so stay valid.
    /// </remarks>
    public static Func<TIn, TOut> Jit<TIn, TOut>(Func<TIn, TOut> f, int[] donateArgnums)
    {
        Guard.NotNull(f, "Jax.Jit");
        var donated = DonationMask(donateArgnums, 1, []);
        return new StagedFunction<TIn, TOut>(f, NameOf(f), donated[0] ? donated : null).Call;
    }

    /// <summary>
    /// Compiles a function of two arguments with some of them static (<c>static_argnums</c>, as in
    /// <see cref="Jit{A, B, TOut}(Func{A, B, TOut}, int[])"/>) and some donated (<c>donate_argnums</c>, as in
    /// <see cref="Jit{TIn, TOut}(Func{TIn, TOut}, int[])"/>): <c>Jax.Jit(step, donateArgnums: [0])</c> for
    /// <c>(params, optState) = step((params, optState), batch)</c>.
    /// </summary>
    /// <param name="f">The function.</param>
    /// <param name="staticArgnums">The static arguments' positions (0, 1); null or none: every argument traced.</param>
    /// <param name="donateArgnums">The donated arguments' positions (0, 1), none of them static; null or none: nothing donated.</param>
    /// <exception cref="ArgumentOutOfRangeException">A position is not 0 or 1.</exception>
    /// <exception cref="ArgumentException">A position is listed twice, or is both static and donated.</exception>
    public static Func<A, B, TOut> Jit<A, B, TOut>(Func<A, B, TOut> f, int[]? staticArgnums = null, int[]? donateArgnums = null)
    {
        Guard.NotNull(f, "Jax.Jit");
        var statics = StaticArguments.Normalize(staticArgnums ?? [], 2);
        var donated = DonationMask(donateArgnums ?? [], 2, statics);
        if (!donated[0] && !donated[1]) return Jit(f, staticArgnums: statics);
        string name = NameOf(f);
        if (statics.Length == 0)
        {
            var jitted = new StagedFunction<(A, B), TOut>(t => f(t.Item1, t.Item2), name, donated);
            return (a, b) => jitted.Call((a, b));
        }
        if (statics[0] == 0)
        {
            var first = new StaticJit<A, B, TOut>(f, name, 0, donateTraced: true);
            return first.Call;
        }
        var second = new StaticJit<B, A, TOut>((b, a) => f(a, b), name, 1, donateTraced: true);
        return (a, b) => second.Call(b, a);
    }

    /// <summary>Which of <paramref name="arity"/> arguments are donated, after checking the positions.</summary>
    private static bool[] DonationMask(int[] donateArgnums, int arity, int[] statics)
    {
        Guard.NotNull(donateArgnums, "Jax.Jit");
        var donated = new bool[arity];
        foreach (int k in donateArgnums)
        {
            if (k < 0 || k >= arity)
                throw new ArgumentOutOfRangeException(nameof(donateArgnums), k,
                    $"Jax.Jit: donateArgnums {k} is out of range for a function of {arity} argument{(arity == 1 ? "" : "s")} (0 to {arity - 1}).");
            if (donated[k]) throw new ArgumentException($"Jax.Jit: donateArgnums lists argument {k} twice.", nameof(donateArgnums));
            if (Array.IndexOf(statics, k) >= 0)
                throw new ArgumentException($"Jax.Jit: argument {k} is both static and donated; a static argument is not an array to donate.", nameof(donateArgnums));
            donated[k] = true;
        }
        return donated;
    }
}
