namespace Functional.AD;

/// <summary>
/// Constant folding: an equation whose operands are all known when compiling (literals and constants) is
/// evaluated once, at compile time. Equations that would expand small constants into large ones (a
/// broadcast of a scalar, an iota) are kept, since the fused kernels produce those on the fly.
/// </summary>
internal static class ConstantFolding
{
    /// <summary>The values of <paramref name="e"/> applied to <paramref name="ins"/> when it folds, else null.</summary>
    internal static NDArray[]? Fold(Equation e, NDArray[] ins)
    {
        if (Effects.Of(e)) return null;   // run when the program runs, not when it is compiled
        long inSize = 0;
        foreach (var x in ins)
        {
            if (x is not ConcreteArray) return null;
            inSize += x.Size;
        }
        long outSize = 0;
        foreach (var o in e.Outputs) outSize += o.Shape.Size;
        if (outSize > 1 && outSize > inSize) return null;
        return e.Primitive.Evaluate(ins, e.Params);
    }
}
