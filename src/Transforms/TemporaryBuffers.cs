using System.Runtime.CompilerServices;
using System.Collections.Generic;

namespace Functional.AD;

/// <summary>
/// Which pooled buffers of an eager backward pass are its own temporaries, and when they die. The pass calls
/// <see cref="Hold"/> when it stores a cotangent and <see cref="Drop"/> when it takes one out; a buffer is the pass's
/// own when it first appeared as a result of a rule the pass trusts (a first-order primitive's transpose rule, or the
/// pass's own accumulation) and never belonged to anything that came from outside (constants, residuals, known
/// values, the caller's cotangents, arrays handed to a rule that may keep them). An own buffer that no stored
/// cotangent uses any more (views share a buffer and are counted together) goes back to the pool at once, and one
/// that exactly one stored cotangent uses may be overwritten in place by the kernel that consumes that cotangent.
/// Arrays the pass returns stay stored to the end, so they are never released.
/// </summary>
internal sealed class TemporaryBuffers
{
    private readonly HashSet<BufferOwner> _foreign = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<BufferOwner, int> _uses = new(ReferenceEqualityComparer.Instance);

    /// <summary>Set to false to keep every temporary (tests compare the results of both ways).</summary>
    internal static bool Enabled = true;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private TemporaryBuffers() { }

    /// <summary>
    /// A tracker when the pass runs eagerly (the current trace evaluates kernels, so no array the pass makes can be
    /// captured by a jaxpr being recorded), else null: under any other trace nothing is released.
    /// </summary>
    internal static TemporaryBuffers? ForCurrentTrace() =>
        Enabled && TraceContext.Current is EvalTrace ? new TemporaryBuffers() : null;

    private static BufferOwner? OwnerOf(NDArray? a) => (a as ConcreteArray)?.Owner;

    /// <summary>Marks the buffer of an array that comes from outside, or was handed to code that may keep it: never released.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void Foreign(NDArray? a)
    {
        if (OwnerOf(a) is not { } owner) return;
        _foreign.Add(owner);
        _uses.Remove(owner);
    }

    /// <summary>
    /// Counts a stored cotangent. <paramref name="trusted"/>: it was made by a rule the pass trusts, so a buffer seen
    /// for the first time is a fresh temporary; otherwise the buffer is foreign.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void Hold(NDArray a, bool trusted)
    {
        if (OwnerOf(a) is not { } owner || _foreign.Contains(owner)) return;
        if (!trusted)
        {
            Foreign(a);
            return;
        }
        _uses[owner] = _uses.GetValueOrDefault(owner) + 1;
    }

    /// <summary>Uncounts a cotangent taken out of its slot (its buffer is released later by <see cref="ReleaseIfDead"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void Drop(NDArray? a)
    {
        if (OwnerOf(a) is { } owner && _uses.TryGetValue(owner, out int n)) _uses[owner] = n - 1;
    }

    /// <summary>Releases the buffer of an array taken out of its slot when it is the pass's own and no stored cotangent uses it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void ReleaseIfDead(NDArray? a)
    {
        if (OwnerOf(a) is not { } owner || !_uses.TryGetValue(owner, out int n) || n > 0) return;
        _uses.Remove(owner);
        owner.Release();
    }

    /// <summary>
    /// <paramref name="a"/> when its buffer is the pass's own and used by <paramref name="storedUses"/> stored
    /// cotangents and nothing else, so that a kernel consuming <paramref name="a"/> for the last time may overwrite
    /// it; else null.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal ConcreteArray? Donatable(NDArray? a, int storedUses) =>
        OwnerOf(a) is { } owner && _uses.TryGetValue(owner, out int n) && n == storedUses ? (ConcreteArray)a! : null;
}
