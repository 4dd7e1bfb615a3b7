using System;
using System.Collections.Generic;
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

    /// <summary>
    /// Vectorizing map with JAX's full options (<c>jax.vmap(f, in_axes, out_axes, axis_name, axis_size)</c>).
    /// <paramref name="inAxes"/> and <paramref name="outAxes"/> are tree prefixes of the argument and of the result
    /// (<see cref="VmapAxes"/>: an <c>int</c> for every leaf below, <c>null</c> for "not mapped", a tuple per node): an
    /// unmapped input leaf is passed unchanged to every example, and an output leaf with a null out axis is returned
    /// once (it must not depend on the batch, e.g. the result of <c>Lax.Psum</c>). <paramref name="axisSize"/> sets the
    /// number of examples when no input is mapped (it must agree with the mapped axes otherwise).
    /// <paramref name="axisName"/> names the batch axis for the collectives inside <paramref name="f"/>
    /// (<c>Lax.Psum(x, axisName)</c>, <c>Lax.AxisIndex(axisName)</c>, ...).
    /// </summary>
    /// <exception cref="ArgumentException">An axes prefix does not match the argument or result structure, the mapped
    /// sizes disagree, nothing is mapped and no <paramref name="axisSize"/> is given, or an output with a null out axis
    /// depends on the batch.</exception>
    public static Func<TIn, TOut> Vmap<TIn, TOut>(Func<TIn, TOut> f, VmapAxes? inAxes, VmapAxes? outAxes, int? axisSize = null, string? axisName = null)
    {
        Guard.NotNull(f, "Jax.Vmap");
        return x =>
        {
            var leaves = new List<NDArray>();
            var axes = new List<int?>();
            var names = new List<string>();
            var def = FlattenMapped(x, inAxes, "the argument", leaves, axes, names);
            return MapBatched(leaves.ToArray(), axes.ToArray(), names.ToArray(),
                ins => f(def is null ? x : def.UnflattenArray<TIn>(ins)), outAxes, axisSize, axisName);
        };
    }

    /// <summary>
    /// Vectorizing map of an array function with JAX's full options (see
    /// <see cref="Vmap{TIn, TOut}(Func{TIn, TOut}, VmapAxes?, VmapAxes?, int?, string?)"/>), so that a lambda needs no
    /// type arguments: <c>Vmap(x =&gt; x / Lax.Psum(x, "i"), 0, 0, axisName: "i")</c>.
    /// </summary>
    /// <exception cref="ArgumentException">As for the pytree form.</exception>
    public static Func<NDArray, NDArray> Vmap(Func<NDArray, NDArray> f, VmapAxes? inAxes, VmapAxes? outAxes, int? axisSize = null, string? axisName = null)
    {
        Guard.NotNull(f, "Jax.Vmap");
        return Vmap<NDArray, NDArray>(f, inAxes, outAxes, axisSize, axisName);
    }

    /// <summary>
    /// Vectorizing map over two arguments with JAX's full options: a tree prefix of axes per argument (null: the
    /// argument is not mapped and passed unchanged, so it may hold anything), a tree prefix of out axes, an explicit
    /// <paramref name="axisSize"/> and an <paramref name="axisName"/> for collectives (see
    /// <see cref="Vmap{TIn, TOut}(Func{TIn, TOut}, VmapAxes?, VmapAxes?, int?, string?)"/>).
    /// </summary>
    /// <exception cref="ArgumentException">As for the one-argument form.</exception>
    public static Func<A, B, TOut> Vmap<A, B, TOut>(Func<A, B, TOut> f, (VmapAxes? A, VmapAxes? B) inAxes, VmapAxes? outAxes, int? axisSize = null, string? axisName = null)
    {
        Guard.NotNull(f, "Jax.Vmap");
        return (a, b) =>
        {
            var leaves = new List<NDArray>();
            var axes = new List<int?>();
            var names = new List<string>();
            var da = FlattenMapped(a, inAxes.A, "argument a", leaves, axes, names);
            int na = leaves.Count;
            var db = FlattenMapped(b, inAxes.B, "argument b", leaves, axes, names);
            return MapBatched(leaves.ToArray(), axes.ToArray(), names.ToArray(), ins =>
            {
                var aa = da is null ? a : da.UnflattenArray<A>(ins[..na]);
                var bb = db is null ? b : db.UnflattenArray<B>(ins[na..]);
                return f(aa, bb);
            }, outAxes, axisSize, axisName);
        };
    }

    /// <summary>
    /// Appends the leaves of <paramref name="x"/> with their axes from the prefix <paramref name="prefix"/>; returns its
    /// structure, or null (nothing appended) when the whole argument is unmapped and is passed as it is.
    /// </summary>
    private static TreeDef? FlattenMapped<T>(T x, VmapAxes? prefix, string what, List<NDArray> leaves, List<int?> axes, List<string> names)
    {
        if (prefix is null) return null;
        // Number leaves are allowed where some subtree is unmapped (they are passed unchanged); a mapped one is 0-d and
        // fails the axis check.
        var (ls, def) = Tree.FlattenArgs(x, "Vmap", allowNumberLeaves: VmapAxes.HasUnmapped(prefix));
        var perLeaf = VmapAxes.PerLeaf(prefix, def, what);
        var paths = ls.Length == 1 ? null : def.LeafPaths();
        for (int i = 0; i < ls.Length; i++)
        {
            leaves.Add(ls[i]);
            axes.Add(perLeaf[i]);
            names.Add(paths is null ? what : $"leaf {paths[i]} of {what}");
        }
        return def;
    }

    /// <summary>Runs <paramref name="call"/> on batch tracers of the mapped leaves and stacks its output leaves along <paramref name="outAxes"/>.</summary>
    private static TOut MapBatched<TOut>(NDArray[] leaves, int?[] axes, string[] names, Func<NDArray[], TOut> call, int outAxes) =>
        MapBatched(leaves, axes, names, call, VmapAxes.Axis(outAxes), null, null);

    /// <summary>
    /// Runs <paramref name="call"/> on batch tracers of the mapped leaves (a batch of <paramref name="axisSize"/> examples
    /// when given, else the mapped axes' size) with the batch axis named <paramref name="axisName"/> for collectives, and
    /// moves the batch axis of each output leaf to its out axis from the prefix <paramref name="outAxes"/> (null: the
    /// output must not depend on the batch and is returned unstacked).
    /// </summary>
    private static TOut MapBatched<TOut>(NDArray[] leaves, int?[] axes, string[] names, Func<NDArray[], TOut> call, VmapAxes? outAxes, int? axisSize, string? axisName)
    {
        if (axisSize is < 0) throw new ArgumentOutOfRangeException(nameof(axisSize), $"Vmap: axis size {axisSize} is negative");
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
        {
            if (axisSize is not int given)
                throw new ArgumentException("Vmap: no argument is mapped (every in axis is null, or the arguments have no leaves); map at least one argument or give axisSize");
            size = given;
        }
        if (!consistent || (axisSize is int n2 && n2 != size))
        {
            var sb = new StringBuilder(consistent ? $"Vmap: axisSize is {axisSize} but the mapped axes have size {size}:" : "Vmap: the mapped axes have different sizes:");
            if (!consistent && axisSize is not null) sb.Append($" (axisSize {axisSize})");
            for (int i = 0; i < leaves.Length; i++)
                if (normalized[i] != Batching.NotMapped)
                    sb.Append($"\n  axis {normalized[i]} of {names[i]} ({leaves[i].Type}) has size {leaves[i].Shape[normalized[i]]}");
            throw new ArgumentException(sb.ToString());
        }
        var parent = TraceContext.Current;
        var trace = new BatchTrace(parent, size, axisName);
        var inputs = new NDArray[leaves.Length];
        for (int i = 0; i < leaves.Length; i++)
            inputs[i] = normalized[i] == Batching.NotMapped ? leaves[i] : new BatchTracer(trace, leaves[i], normalized[i]);
        TOut result;
        try
        {
            using (TraceContext.EnterUserFunction(trace))
            using (AxisEnv.Bind(axisName, size))
                result = call(inputs);
        }
        finally
        {
            trace.End();
        }
        var (outs, outDef) = Tree.FlattenResult(result, "Vmap");
        var outLeafAxes = VmapAxes.PerLeaf(outAxes, outDef, "the result");
        string[]? paths = null;
        var stacked = new NDArray[outs.Length];
        for (int i = 0; i < stacked.Length; i++)
        {
            if (outLeafAxes[i] is not int outAxis)
            {
                var (value, dim) = trace.UnpackOrUnbatched(outs[i]);
                if (dim != Batching.NotMapped)
                {
                    paths ??= outDef.LeafPaths();
                    var where = paths[i].Length == 0 ? "the result" : $"the result's leaf {paths[i]}";
                    throw new ArgumentException(
                        $"Vmap: {where} ({outs[i].Type} per example) is mapped (it depends on the mapped inputs), but its " +
                        "out axis is null (JAX: vmap has mapped output but out_axes is None); give it an out axis, or " +
                        "make it the same for every example (e.g. with Lax.Psum over a named axis)");
                }
                stacked[i] = value;
                continue;
            }
            int rank = outs[i].Rank + 1;
            int o = outAxis < 0 ? outAxis + rank : outAxis;
            if (o < 0 || o >= rank)
                throw new ArgumentOutOfRangeException(nameof(outAxes), $"Vmap: out axis {outAxis} is out of range for an output of per-example type {outs[i].Type}");
            stacked[i] = trace.Unpack(outs[i], o);
        }
        return outDef.UnflattenArray<TOut>(stacked);
    }
}
