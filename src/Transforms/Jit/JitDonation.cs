using System;

namespace Functional.AD;

/// <summary>
/// Buffer donation for jitted calls (<c>jax.jit(f, donate_argnums=...)</c>): the caller promises not to use the
/// donated arguments again, so the compiled program may hand their buffers back to <see cref="BufferPool"/> after
/// their last use in the program, where the program's own outputs (or the next call's) pick them up. A training step
/// that returns new parameters and optimizer state then runs on recycled, already mapped memory instead of fresh
/// buffers whose first touch costs page faults, and its old state is not left for the garbage collector.
/// <para>
/// Only a top-level call on concrete arrays donates: <see cref="StagedFunction{TIn, TOut}"/> offers the donated leaves on
/// this thread just before binding <c>jit</c>, and the <c>jit</c> kernel takes the offer (for the very arrays it
/// was offered for) before it runs anything else, so calls nested inside the program, and calls under other
/// transforms, never see it (as in JAX, donation is ignored under transformations). A donated array whose buffer was
/// given back is deleted: every later use throws <see cref="InvalidOperationException"/> (<see cref="DeletedError"/>).
/// </para>
/// </summary>
internal static class JitDonation
{
    [ThreadStatic] private static NDArray?[]? t_offered;

    /// <summary>Offers <paramref name="donated"/> (the donated leaves; null entries are kept) to the next <c>jit</c> kernel on this thread.</summary>
    internal static void Offer(NDArray?[] donated) => t_offered = donated;

    /// <summary>Withdraws an offer nobody took (the call failed before the kernel ran).</summary>
    internal static void Withdraw() => t_offered = null;

    /// <summary>
    /// Takes the current offer: which of <paramref name="args"/> the caller donated, or null when there is no offer.
    /// An argument counts only when it is the very array offered, backed by a pooled buffer it starts at, and not
    /// sharing that buffer with another argument (which would still be read).
    /// </summary>
    internal static bool[]? Take(NDArray[] args)
    {
        var offered = t_offered;
        if (offered is null) return null;
        t_offered = null;
        if (NumericChecks.Nans || NumericChecks.Infs) return null;   // the checks re-run the program on its inputs
        bool[]? donated = null;
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] is not ConcreteArray { Owner: { Rental: not null } owner } c || !IsOffered(offered, c)) continue;
            bool shared = false;
            for (int k = 0; k < args.Length && !shared; k++)
                shared = k != i && args[k] is ConcreteArray other && ReferenceEquals(other.Owner, owner);
            if (shared) continue;
            (donated ??= new bool[args.Length])[i] = true;
        }
        return donated;
    }

    private static bool IsOffered(NDArray?[] offered, ConcreteArray c)
    {
        foreach (var o in offered) if (ReferenceEquals(o, c)) return true;
        return false;
    }

    /// <summary>Throws <see cref="DeletedError"/> when <paramref name="array"/>'s buffer was donated and given back.</summary>
    internal static void ThrowIfDeleted(ConcreteArray array, string operation)
    {
        if (array.Owner is { IsReleased: true }) throw DeletedError(operation, array);
    }

    /// <summary>The error for using an array whose buffer a jitted call was given (its donateArgnums) and reused.</summary>
    internal static InvalidOperationException DeletedError(string operation, NDArray array) =>
        new($"{operation}: this {array.Type} array was donated to a jitted function (Jax.Jit(..., donateArgnums: ...)) and " +
            "has been deleted: its buffer now holds other values. Use the arrays the jitted call returned instead, or do " +
            "not donate an argument that is still needed after the call.");
}
