namespace Functional.AD;

/// <summary>
/// What an indexing operation does with an index outside its axis, as JAX's <c>mode</c> argument
/// (<c>jax.numpy.take</c>, <c>x.at[idx].get(mode=...)</c>). The same in eager and compiled code: JAX cannot
/// raise from compiled code, and neither does this library.
/// </summary>
public enum IndexingMode
{
    /// <summary>
    /// JAX's <c>"fill"</c>, the default of <c>Np.Take</c>: negative indices count from the end, and an index outside
    /// [-n, n) gives the fill value (NaN for floats, the smallest int for i32, true for bool, unless one is given);
    /// no gradient flows to the operand from such an element.
    /// </summary>
    Fill,

    /// <summary>JAX's <c>"clip"</c>: indices are clamped to [0, n-1] (a negative index reads element 0, as in JAX).</summary>
    Clip,

    /// <summary>
    /// JAX's <c>"promise_in_bounds"</c>: the caller promises every index is in [-n, n), which skips the bounds mask;
    /// negative indices count from the end, and a broken promise reads a clamped element rather than failing.
    /// </summary>
    PromiseInBounds,

    /// <summary>
    /// JAX's <c>"drop"</c>: updates at indices outside [-n, n) are ignored (for reads, the same as <see cref="Fill"/>).
    /// </summary>
    Drop,
}
