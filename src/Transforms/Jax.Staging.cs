using System;

namespace Functional.AD;

public static partial class Jax
{
    /// <summary>The jaxpr of a function of one array, traced at the shape and dtype of the argument.</summary>
    public static Func<NDArray, ClosedJaxpr> MakeJaxpr(Func<NDArray, NDArray> f)
    {
        Guard.NotNull(f, "Jax.MakeJaxpr");
        return x => MakeJaxpr<NDArray, NDArray>(f)(x);
    }

    /// <summary>The jaxpr of a function of a pytree, traced at the shapes and dtypes of the argument's leaves.</summary>
    public static Func<TIn, ClosedJaxpr> MakeJaxpr<TIn, TOut>(Func<TIn, TOut> f)
    {
        Guard.NotNull(f, "Jax.MakeJaxpr");
        return x => StageTree(f, x, "MakeJaxpr", "MakeJaxpr").Jaxpr;
    }

    /// <summary>
    /// Traces <paramref name="f"/> into a jaxpr at the types of the leaves of <paramref name="x"/> (concrete arrays,
    /// placeholders or tracers: only their types are read); <paramref name="transform"/> names the caller in argument
    /// errors, <paramref name="description"/> the trace. Returns the jaxpr and the result's tree structure.
    /// </summary>
    internal static (ClosedJaxpr Jaxpr, TreeDef OutDef) StageTree<TIn, TOut>(Func<TIn, TOut> f, TIn x, string transform, string description)
    {
        var (leaves, def) = Tree.FlattenArgs(x, transform, allowNumberLeaves: false);
        var types = new ArrayType[leaves.Length];
        for (int i = 0; i < leaves.Length; i++) types[i] = leaves[i].Type;
        TreeDef? outDef = null;
        var closed = JaxprTrace.StageFunction(description, types, inputs =>
        {
            var (outs, d) = Tree.FlattenResult(f(def.UnflattenArray<TIn>(inputs)), description);
            outDef = d;
            return outs;
        });
        return (closed, outDef!);   // set by the traced function, which returned
    }

    /// <summary>The jaxpr of a function of two pytrees, whose input variables are the leaves of both arguments in order.</summary>
    public static Func<A, B, ClosedJaxpr> MakeJaxpr<A, B, TOut>(Func<A, B, TOut> f)
    {
        Guard.NotNull(f, "Jax.MakeJaxpr");
        var make = MakeJaxpr<(A, B), TOut>(t => f(t.Item1, t.Item2));
        return (a, b) => make((a, b));
    }

    /// <summary>
    /// Compiles a function of one array: traced once per input signature (shape, dtype, weak type), cached,
    /// optimized and run as one compiled program; composes with every transform.
    /// </summary>
    /// <remarks>
    /// As in JAX, <paramref name="f"/> itself runs only when a signature is seen for the first time, on tracers
    /// that stand for the arguments: its side effects (printing, counting, logging) happen at trace time, not on
    /// every call; values it captures from enclosing scopes (arrays, numbers, fields) are read once per signature
    /// and frozen into the compiled program, so later changes to them are not seen (pass changing values as
    /// arguments instead); and C# control flow on a traced value (<c>if (x &gt; 0)</c>, <c>(double)x</c>) throws
    /// <see cref="ConcretizationException"/> (use <see cref="Lax.Cond{TIn, TOut}"/> or <see cref="Np.Where"/>). Work
    /// that <paramref name="f"/> hands to other threads and waits for (<c>Parallel.For</c>, an awaited task) is traced
    /// too; traced values must not outlive the call. A trace that throws is not cached: the next call traces again.
    /// At most <see cref="JitCacheCapacity"/> signatures are kept.
    /// </remarks>
    public static Func<NDArray, NDArray> Jit(Func<NDArray, NDArray> f)
    {
        Guard.NotNull(f, "Jax.Jit");
        return new StagedFunction<NDArray, NDArray>(f, NameOf(f)).Call;
    }

    /// <summary>Compiles a function of two arrays.</summary>
    public static Func<NDArray, NDArray, NDArray> Jit(Func<NDArray, NDArray, NDArray> f)
    {
        Guard.NotNull(f, "Jax.Jit");
        var jitted = new StagedFunction<(NDArray, NDArray), NDArray>(t => f(t.Item1, t.Item2), NameOf(f));
        return (a, b) => jitted.Call((a, b));
    }

    /// <summary>Compiles a function of a pytree (traced once per tree structure and leaf signature).</summary>
    public static Func<TIn, TOut> Jit<TIn, TOut>(Func<TIn, TOut> f)
    {
        Guard.NotNull(f, "Jax.Jit");
        return new StagedFunction<TIn, TOut>(f, NameOf(f)).Call;
    }

    /// <summary>Compiles a function of two pytrees.</summary>
    public static Func<A, B, TOut> Jit<A, B, TOut>(Func<A, B, TOut> f)
    {
        Guard.NotNull(f, "Jax.Jit");
        var jitted = new StagedFunction<(A, B), TOut>(t => f(t.Item1, t.Item2), NameOf(f));
        return (a, b) => jitted.Call((a, b));
    }

    /// <summary>
    /// When set, called with an explanation each time a jitted function is traced again for a new input
    /// signature (which leaf's shape, dtype or weak type changed, or how the argument structure changed),
    /// for finding out why a function keeps retracing. The callback runs on the calling thread during the
    /// jitted call; an exception it throws is caught and ignored, so a failing log never breaks the computation.
    /// </summary>
    public static Action<string>? JitRetraceLog { get; set; }

    /// <summary>
    /// How many input signatures each jitted (or checkpointed) function keeps traced and compiled; when a new
    /// signature arrives at a full cache, the least recently used one is dropped (and traced again if it comes
    /// back), with a line to <see cref="JitRetraceLog"/>. Defaults to the environment variable
    /// <c>FUNCTIONAL_AD_JIT_CACHE_SIZE</c> when set, else 512. Bounds the memory a function called at ever new
    /// shapes holds (about 10 KB per signature for <c>Jit(f)</c>, 25 KB for <c>Jit(Grad(f))</c>). The programs that
    /// eager forward-over-reverse calls (<c>Hvp</c>, <c>Jvp(Grad(f))</c>) compile share one cache of at most 64 of
    /// them, or this many when it is lower.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public static int JitCacheCapacity
    {
        get => _jitCacheCapacity;
        set => _jitCacheCapacity = value >= 1 ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "Jax.JitCacheCapacity: at least one signature must fit.");
    }

    private static int _jitCacheCapacity =
        int.TryParse(Environment.GetEnvironmentVariable("FUNCTIONAL_AD_JIT_CACHE_SIZE"), out var n) && n >= 1 ? n : 512;

    /// <summary>
    /// Where the library's one-time warnings go (for example, a user-defined primitive without a batching rule
    /// running under Vmap); standard error when null. An exception the callback throws is caught and ignored, so
    /// a failing log never breaks the computation that warns.
    /// </summary>
    public static Action<string>? WarningLog { get; set; }

    /// <summary>
    /// Passes <paramref name="message"/> to a logging callback (<see cref="JitRetraceLog"/>, <see cref="WarningLog"/>),
    /// ignoring anything the callback throws: a logging hook must never abort the call it reports on.
    /// </summary>
    internal static void Report(Action<string>? log, string message)
    {
        if (log is null) return;
        try
        {
            log(message);
        }
        catch (Exception)
        {
            // Deliberately ignored (see the documentation of the hooks): the message is lost, the computation goes on.
        }
    }

    /// <summary>
    /// A readable name for a function: the method's name, or the local function's, or "lambda" (also for an F# function
    /// value, whose delegate calls its closure's <c>Invoke</c>: the name the user gave it is not recorded there).
    /// </summary>
    internal static string NameOf(Delegate f)
    {
        var name = f.Method.Name;
        if (name == "Invoke" && IsFSharpClosure(f.Method.DeclaringType)) return "lambda";
        int g = name.IndexOf(">g__", StringComparison.Ordinal);
        if (g >= 0)
        {
            int end = name.IndexOf('|', g);
            return end > g + 4 ? name[(g + 4)..end] : "lambda";
        }
        return name.Contains('<') ? "lambda" : name;
    }

    /// <summary>
    /// True for a class F# generated for a closure or a delegate over a function value: F# names them <c>name@line</c>
    /// (C# never puts '@' in a type name), and some derive from FSharpFunc (found by name: the core does not reference
    /// FSharp.Core).
    /// </summary>
    private static bool IsFSharpClosure(Type? type)
    {
        if (type is not null && type.Name.Contains('@')) return true;
        for (var t = type; t is not null; t = t.BaseType)
            if (t.Name.StartsWith("FSharpFunc`", StringComparison.Ordinal)) return true;
        return false;
    }
}
