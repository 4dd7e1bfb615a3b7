using System.Runtime.CompilerServices;
using System.Collections.Generic;

namespace Functional.AD;

/// <summary>
/// The pooled buffers allocated on the current thread while a scope is open, so that code which knows that only its
/// results escape (an eager JVP rule of a first-order primitive) can release the buffers of everything else it made
/// as soon as it is done. Scopes nest: what an inner scope keeps is still logged for the outer one.
/// </summary>
internal static class AllocationLog
{
    [System.ThreadStatic] private static List<BufferOwner>? t_log;
    [System.ThreadStatic] private static int t_depth;

    /// <summary>Logs a new pooled buffer when a scope is open on this thread.</summary>
    internal static void Record(BufferOwner owner)
    {
        if (t_depth > 0) t_log!.Add(owner);
    }

    /// <summary>Opens a scope; pass the mark to <see cref="ReleaseAllBut"/> or <see cref="Abandon"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static int Open()
    {
        t_depth++;
        return (t_log ??= new List<BufferOwner>()).Count;
    }

    /// <summary>
    /// Closes the scope opened at <paramref name="mark"/>, releasing every buffer allocated in it that none of
    /// <paramref name="results"/> and <paramref name="moreResults"/> uses (views share their buffer's owner).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void ReleaseAllBut(int mark, NDArray[] results, NDArray?[] moreResults)
    {
        var log = t_log!;
        int kept = mark;
        for (int i = mark; i < log.Count; i++)
        {
            var owner = log[i];
            if (Uses(results, owner) || Uses(moreResults, owner)) log[kept++] = owner;
            else owner.Release();
        }
        log.RemoveRange(kept, log.Count - kept);
        Close();
    }

    /// <summary>Closes the scope opened at <paramref name="mark"/> without releasing anything (after a failure).</summary>
    internal static void Abandon(int mark)
    {
        t_log!.RemoveRange(mark, t_log.Count - mark);
        Close();
    }

    private static void Close()
    {
        if (--t_depth == 0) t_log!.Clear();
    }

    private static bool Uses(NDArray?[] arrays, BufferOwner owner)
    {
        foreach (var a in arrays)
            if (a is ConcreteArray c && ReferenceEquals(c.Owner, owner)) return true;
        return false;
    }
}
