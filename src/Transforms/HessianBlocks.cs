using System;
using System.Collections.Immutable;

namespace Functional.AD;

/// <summary>
/// The Hessian of a scalar function of a pytree <typeparamref name="T"/>, as blocks: JAX's <c>jax.hessian</c> of a
/// pytree function returns a tree of trees, <c>H[i][j]</c> shaped leaf i's shape followed by leaf j's. A C# type
/// cannot hold a <typeparamref name="T"/> in place of each of its own <see cref="NDArray"/> leaves, so the outer
/// tree is a list of rows in leaf order (the order of <see cref="Tree.Leaves{T}(T)"/>), and each row is a
/// <typeparamref name="T"/> whose leaf j is the block (i, j). Rows and blocks can be picked by leaf:
/// <c>h.Block(p => p.W, p => p.B)</c> is JAX's <c>H['W']['B']</c>, <c>h.Row(p => p.W)</c> is <c>H['W']</c>.
/// </summary>
/// <remarks>
/// It is a pytree (its constructor's parameter matches <see cref="Rows"/>), so a function returning it can be
/// jitted, mapped with <c>Vmap</c> or differentiated again.
/// </remarks>
/// <typeparam name="T">The function's argument: a pytree of floating-point arrays.</typeparam>
public sealed class HessianBlocks<T>
{
    /// <summary>Builds the blocks from their rows (row i: a <typeparamref name="T"/> whose leaf j is block (i, j)).</summary>
    /// <param name="rows">One row per leaf of <typeparamref name="T"/>, in leaf order.</param>
    public HessianBlocks(ImmutableArray<T> rows)
    {
        if (rows.IsDefault) throw new ArgumentNullException(nameof(rows));
        Rows = rows;
    }

    /// <summary>The rows, one per leaf of the argument in leaf order; row i's leaf j is the block (i, j).</summary>
    public ImmutableArray<T> Rows { get; }

    /// <summary>The number of leaves of the argument (rows, and blocks per row).</summary>
    public int LeafCount => Rows.Length;

    /// <summary>Row <paramref name="i"/>: a <typeparamref name="T"/> whose leaf j is the block (i, j), JAX's <c>H[i]</c>.</summary>
    /// <param name="i">The row's leaf index, in leaf order.</param>
    public T Row(int i) => Rows[i];

    /// <summary>The row of a leaf picked by <paramref name="leaf"/> (as <c>p => p.W</c>): JAX's <c>H['W']</c>.</summary>
    /// <param name="leaf">Selects one <see cref="NDArray"/> leaf of a <typeparamref name="T"/>.</param>
    public T Row(Func<T, NDArray> leaf) => Rows[IndexOf(leaf)];

    /// <summary>The block (i, j), shaped leaf i's shape followed by leaf j's: ∂²f / ∂leaf_i ∂leaf_j.</summary>
    /// <param name="i">The row's leaf index.</param>
    /// <param name="j">The column's leaf index.</param>
    public NDArray this[int i, int j] => Tree.Leaves(Rows[i])[j];

    /// <summary>The block of two leaves picked by selectors (as <c>p => p.W</c>): JAX's <c>H['W']['B']</c>.</summary>
    /// <param name="row">Selects the row's leaf.</param>
    /// <param name="column">Selects the column's leaf.</param>
    public NDArray Block(Func<T, NDArray> row, Func<T, NDArray> column) => column(Rows[IndexOf(row)]);

    /// <summary>
    /// The leaf index that <paramref name="leaf"/> selects: the selector is applied to a <typeparamref name="T"/> whose
    /// leaves are distinct markers, and the marker it returns names the leaf.
    /// </summary>
    private int IndexOf(Func<T, NDArray> leaf)
    {
        Guard.NotNull(leaf, "HessianBlocks");
        if (Rows.Length == 0) throw new InvalidOperationException("HessianBlocks: the argument has no leaves to select");
        var def = Tree.Flatten(Rows[0]).Def;
        var markers = new NDArray[def.LeafCount];
        for (int i = 0; i < markers.Length; i++) markers[i] = ConcreteArray.Scalar(i, DType.Int32, false);
        var picked = leaf(def.UnflattenArray<T>(markers));
        for (int i = 0; i < markers.Length; i++)
            if (ReferenceEquals(picked, markers[i])) return i;
        throw new ArgumentException("HessianBlocks: the selector must return one leaf of its argument (as p => p.W)", nameof(leaf));
    }
}
