using System;
using System.Text;

namespace Functional.AD;

public static partial class Jax
{
    /// <summary>
    /// Vectorizing map: <c>Vmap(f)(xs)</c> applies <paramref name="f"/> to every slice of <c>xs</c> along axis
    /// <paramref name="inAxes"/> (negative counts from the end) and stacks the results along axis
    /// <paramref name="outAxes"/>, as one batched computation (no loop over the examples).
    /// </summary>
    public static Func<NDArray, NDArray> Vmap(Func<NDArray, NDArray> f, int inAxes = 0, int outAxes = 0)
    {
        Guard.NotNull(f, "Jax.Vmap");
        return Vmap<NDArray, NDArray>(f, inAxes, outAxes);
    }

    /// <summary>Vectorizing map over a pytree argument: every leaf is mapped along <paramref name="inAxes"/>; every output leaf gets its batch axis at <paramref name="outAxes"/>.</summary>
    public static Func<TIn, TOut> Vmap<TIn, TOut>(Func<TIn, TOut> f, int inAxes = 0, int outAxes = 0)
    {
        Guard.NotNull(f, "Jax.Vmap");
        return x =>
        {
            var (leaves, def) = Tree.FlattenArgs(x, "Vmap", allowNumberLeaves: false);
            var axes = new int?[leaves.Length];
            var names = new string[leaves.Length];
            for (int i = 0; i < leaves.Length; i++)
            {
                axes[i] = inAxes;
                names[i] = leaves.Length == 1 ? "the argument" : $"leaf {i} of the argument";
            }
            return MapBatched(leaves, axes, names, ins => f(def.UnflattenArray<TIn>(ins)), outAxes);
        };
    }

    /// <summary>
    /// Vectorizing map over two arguments with an axis each; a null axis means "not mapped": that argument
    /// is passed unchanged to every example (it may then hold numbers or anything else).
    /// </summary>
    public static Func<A, B, TOut> Vmap<A, B, TOut>(Func<A, B, TOut> f, (int? A, int? B) inAxes, int outAxes = 0)
    {
        Guard.NotNull(f, "Jax.Vmap");
        return (a, b) =>
        {
            var la = System.Array.Empty<NDArray>();
            var lb = System.Array.Empty<NDArray>();
            TreeDef? da = null, db = null;
            if (inAxes.A is not null) (la, da) = Tree.FlattenArgs(a, "Vmap", allowNumberLeaves: false);
            if (inAxes.B is not null) (lb, db) = Tree.FlattenArgs(b, "Vmap", allowNumberLeaves: false);
            var leaves = new NDArray[la.Length + lb.Length];
            var axes = new int?[leaves.Length];
            var names = new string[leaves.Length];
            for (int i = 0; i < la.Length; i++) (leaves[i], axes[i], names[i]) = (la[i], inAxes.A, la.Length == 1 ? "argument a" : $"leaf {i} of argument a");
            for (int i = 0; i < lb.Length; i++) (leaves[la.Length + i], axes[la.Length + i], names[la.Length + i]) = (lb[i], inAxes.B, lb.Length == 1 ? "argument b" : $"leaf {i} of argument b");
            return MapBatched(leaves, axes, names, ins =>
            {
                var aa = da is null ? a : da.UnflattenArray<A>(ins[..la.Length]);
                var bb = db is null ? b : db.UnflattenArray<B>(ins[la.Length..]);
                return f(aa, bb);
            }, outAxes);
        };
    }

    /// <summary>
    /// Vectorizing map over an array of arrays with one in axis per array (null: not mapped, the same array
    /// for every example), like JAX's tuple of <c>in_axes</c>.
    /// </summary>
    public static Func<NDArray[], TOut> Vmap<TOut>(Func<NDArray[], TOut> f, int?[] inAxes, int outAxes = 0)
    {
        Guard.NotNull(f, "Jax.Vmap");
        Guard.NotNull(inAxes, "Jax.Vmap");
        return xs =>
        {
            Guard.NotNull(xs, "Vmap");
            if (xs.Length != inAxes.Length)
                throw new ArgumentException($"Vmap: {inAxes.Length} in axes given for {xs.Length} arrays");
            var names = new string[xs.Length];
            for (int i = 0; i < xs.Length; i++) names[i] = $"array {i}";
            var leaves = new NDArray[xs.Length];
            for (int i = 0; i < xs.Length; i++)
                leaves[i] = xs[i] ?? throw new ArgumentException($"Vmap: array {i} is null");
            return MapBatched(leaves, inAxes, names, f, outAxes);
        };
    }

    /// <summary>Runs <paramref name="call"/> on batch tracers of the mapped leaves and stacks its output leaves along <paramref name="outAxes"/>.</summary>
    private static TOut MapBatched<TOut>(NDArray[] leaves, int?[] axes, string[] names, Func<NDArray[], TOut> call, int outAxes)
    {
        var normalized = new int[leaves.Length];
        int size = -1;
        bool consistent = true;
        for (int i = 0; i < leaves.Length; i++)
        {
            if (axes[i] is not int axis)
            {
                normalized[i] = Batching.NotMapped;
                continue;
            }
            int rank = leaves[i].Rank;
            int a = axis < 0 ? axis + rank : axis;
            if (a < 0 || a >= rank)
                throw new ArgumentOutOfRangeException(nameof(axes),
                    $"Vmap: in axis {axis} is out of range for {names[i]} of type {leaves[i].Type} (rank {rank})");
            normalized[i] = a;
            int n = leaves[i].Shape[a];
            if (size < 0) size = n;
            else if (size != n) consistent = false;
        }
        if (size < 0)
            throw new ArgumentException("Vmap: no argument is mapped (every in axis is null, or the arguments have no leaves); map at least one argument");
        if (!consistent)
        {
            var sb = new StringBuilder("Vmap: the mapped axes have different sizes:");
            for (int i = 0; i < leaves.Length; i++)
                if (normalized[i] != Batching.NotMapped)
                    sb.Append($"\n  axis {normalized[i]} of {names[i]} ({leaves[i].Type}) has size {leaves[i].Shape[normalized[i]]}");
            throw new ArgumentException(sb.ToString());
        }
        var parent = TraceContext.Current;
        var trace = new BatchTrace(parent, size);
        var inputs = new NDArray[leaves.Length];
        for (int i = 0; i < leaves.Length; i++)
            inputs[i] = normalized[i] == Batching.NotMapped ? leaves[i] : new BatchTracer(trace, leaves[i], normalized[i]);
        TOut result;
        try
        {
            using (TraceContext.EnterUserFunction(trace)) result = call(inputs);
        }
        finally
        {
            trace.End();
        }
        var (outs, outDef) = Tree.FlattenResult(result, "Vmap");
        var stacked = new NDArray[outs.Length];
        for (int i = 0; i < stacked.Length; i++)
        {
            int rank = outs[i].Rank + 1;
            int o = outAxes < 0 ? outAxes + rank : outAxes;
            if (o < 0 || o >= rank)
                throw new ArgumentOutOfRangeException(nameof(outAxes), $"Vmap: out axis {outAxes} is out of range for an output of per-example type {outs[i].Type}");
            stacked[i] = trace.Unpack(outs[i], o);
        }
        return outDef.UnflattenArray<TOut>(stacked);
    }
}
