using System;
using System.Runtime.CompilerServices;

namespace Functional.AD;

/// <summary>
/// Lets the eager backward pass give the buffer of a dead temporary to the elementwise kernel that reads it last, so
/// that the kernel writes its result in place instead of taking a new buffer (as XLA's buffer donation does). The
/// offer is made for one array, on the current thread, within a scope: the first elementwise kernel that has that very
/// array as an operand and an output of the same dtype and size takes it, and the offer ends there. The caller
/// guarantees that nothing reads the array afterwards: the backward pass offers only cotangents it owns alone, dead
/// after the call, to rules that read them once (<see cref="Primitive.TransposeReadsCotangentOnce"/>), and the
/// previous sum when it accumulates.
/// </summary>
internal static class BufferDonation
{
    [ThreadStatic] private static ConcreteArray? t_offered;

    /// <summary>Offers <paramref name="array"/> (nothing when null) until the scope is disposed.</summary>
    internal static Scope Offer(ConcreteArray? array)
    {
        var previous = t_offered;
        t_offered = array;
        return new Scope(previous);
    }

    /// <summary>
    /// The output array of an elementwise kernel with operands <paramref name="a"/> and <paramref name="b"/>: the
    /// offered array's buffer when it is one of them and fits, else a new one from <see cref="ConcreteArray.Allocate"/>.
    /// Kernels whose element <c>i</c> of the output depends only on element <c>i</c> of each operand may write in place.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static ConcreteArray Output(ArrayType outType, ConcreteArray a, ConcreteArray? b = null)
    {
        var offered = t_offered;
        if (offered is not null && (ReferenceEquals(offered, a) || ReferenceEquals(offered, b))
            && offered.Owner is { } owner && offered.Offset == owner.Offset && offered.DType == outType.DType
            && offered.Size == outType.Size && owner.Length == outType.Size)
        {
            t_offered = null;
            return offered.Reinterpret(outType);
        }
        return ConcreteArray.Allocate(outType);
    }

    /// <summary>Ends an offer (restoring the one before it, if any).</summary>
    internal readonly struct Scope : IDisposable
    {
        private readonly ConcreteArray? _previous;

        internal Scope(ConcreteArray? previous) => _previous = previous;

        /// <summary>Withdraws the offer if no kernel took it.</summary>
        public void Dispose() => t_offered = _previous;
    }
}
