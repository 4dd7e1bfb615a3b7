using System;
using System.Collections.Generic;

namespace Functional.AD;

/// <summary>Plumbing shared by the custom-derivative primitives (<c>custom_jvp_call</c>, <c>custom_vjp_call</c>, <c>custom_lin</c>).</summary>
internal static class CustomCalls
{
    /// <summary>
    /// The batched form of a custom call's function: batched over the inputs marked <paramref name="batched"/>
    /// (batch axis first), every output batched along axis 0 (a custom rule mapped with Vmap always returns
    /// batched values, so the function must too). Memoized in <paramref name="p"/>.
    /// </summary>
    internal static ClosedJaxpr BatchedCall(CallParams p, bool[] batched, int axisSize) =>
        p.Memo($"vmap-call:{axisSize}:" + MemoizingParams.Key(batched), () =>
        {
            var all = new bool[p.Jaxpr.Jaxpr.OutVarList.Length];
            Array.Fill(all, true);
            return JaxprTransforms.Batch(p.Jaxpr, batched, axisSize, all).Jaxpr;
        });

    /// <summary>
    /// A custom rule cannot see the tangent of a value the function closes over: differentiating with respect to
    /// one would silently give a wrong derivative, so it is refused.
    /// </summary>
    internal static void RefuseClosedOverTangents(string operation, NDArray[] primals, NDArray?[] tangents, int numConsts)
    {
        for (int i = 0; i < numConsts; i++)
            if (tangents[i] is not null && primals[i].DType.IsFloat())
                throw new ArgumentException(
                    $"{operation}: the function closes over a value that is being differentiated ({primals[i].Type}); its custom " +
                    "rule cannot see that value's tangent, so the derivative would be wrong. Pass the value as an argument of the function instead.");
    }

    /// <summary>Tangents with zeros in place of symbolic zeros.</summary>
    internal static NDArray[] Instantiate(NDArray[] primals, NDArray?[] tangents)
    {
        var result = new NDArray[primals.Length];
        for (int i = 0; i < result.Length; i++) result[i] = tangents[i] ?? Ops.Zeros(primals[i].Type.Strong);
        return result;
    }

    /// <summary>The arguments with their batch axes moved to the front, and which are batched.</summary>
    internal static (NDArray[] Moved, bool[] Batched) MoveToFront(NDArray[] args, int[] dims)
    {
        var moved = new NDArray[args.Length];
        var batched = new bool[args.Length];
        for (int i = 0; i < args.Length; i++)
        {
            batched[i] = dims[i] != Batching.NotMapped;
            moved[i] = batched[i] ? Batching.MoveAxis(args[i], dims[i], 0) : args[i];
        }
        return (moved, batched);
    }

    /// <summary>
    /// Runs a rule over two lists of arrays on a batch: <paramref name="first"/>[i] is batched along axis 0 when
    /// <paramref name="firstBatched"/>[i]; an array of <paramref name="second"/> (tangents or cotangents of the
    /// first) is batched when its rank is one more than its example's. Every output is batched along axis 0.
    /// </summary>
    internal static (NDArray[] A, NDArray[] B) VmapPairs(
        NDArray[] first, NDArray[] second, bool[] firstBatched, int axisSize, Func<NDArray[], NDArray[], (NDArray[] A, NDArray[] B)> rule,
        IReadOnlyList<int>? secondExampleRanks = null)
    {
        int n = first.Length;
        var all = new NDArray[n + second.Length];
        first.CopyTo(all, 0);
        second.CopyTo(all, n);
        var axes = new int?[all.Length];
        bool any = false;
        for (int i = 0; i < n; i++) { axes[i] = firstBatched[i] ? 0 : null; any |= firstBatched[i]; }
        for (int i = 0; i < second.Length; i++)
        {
            int exampleRank = secondExampleRanks?[i] ?? (first[i].Rank - (firstBatched[i] ? 1 : 0));
            bool b = second[i].Rank == exampleRank + 1;
            axes[n + i] = b ? 0 : null;
            any |= b;
        }
        int countA = -1;
        NDArray[] Run(NDArray[] xs)
        {
            var (a, b) = rule(xs[..n], xs[n..]);
            countA = a.Length;
            var outs = new NDArray[a.Length + b.Length];
            a.CopyTo(outs, 0);
            b.CopyTo(outs, a.Length);
            return outs;
        }
        // Nothing of the rule's own inputs is batched (only a value the function closes over): the rule's result is
        // the same for every example.
        var results = any ? Jax.Vmap<NDArray[]>(Run, axes)(all) : Array.ConvertAll(Run(all), x => Batching.BroadcastBatch(x, axisSize));
        return (results[..countA], results[countA..]);
    }
}
