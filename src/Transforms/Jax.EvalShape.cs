using System;

namespace Functional.AD;

public static partial class Jax
{
    /// <summary>
    /// The shapes and dtypes of a function's outputs, found without running it (<c>jax.eval_shape</c>): the returned
    /// function traces <paramref name="f"/> abstractly at the shapes, dtypes and weak types of its argument's leaves
    /// and returns the result's tree with a <see cref="ShapeDtypeStruct"/> at each leaf. No kernel runs and no output
    /// buffer is allocated. The argument's leaves may be concrete arrays, <see cref="ShapeDtypeStruct"/> placeholders
    /// (so inputs need not be allocated either), or values traced by an enclosing transform (under
    /// <see cref="Vmap{TIn, TOut}(Func{TIn, TOut}, int, int)"/> a leaf's type is the per-example type).
    /// </summary>
    /// <remarks>
    /// As under <see cref="Jit{TIn, TOut}(Func{TIn, TOut})"/>, reading a value inside <paramref name="f"/>
    /// (<c>(double)x</c>, <c>if (x &gt; 0)</c>) throws <see cref="ConcretizationException"/>, and a C# number leaf in the
    /// argument fails with an <see cref="ArgumentException"/> (declare it <see cref="NDArray"/>). Shape and dtype errors
    /// in <paramref name="f"/> surface here, as they would when running it.
    /// </remarks>
    public static Func<TIn, TOut> EvalShape<TIn, TOut>(Func<TIn, TOut> f)
    {
        Guard.NotNull(f, "Jax.EvalShape");
        string description = $"EvalShape({NameOf(f)})";
        return x =>
        {
            var (closed, outDef) = StageTree(f, x, "EvalShape", description);
            var outVars = closed.Jaxpr.OutVarList;
            var placeholders = new NDArray[outVars.Length];
            for (int i = 0; i < placeholders.Length; i++) placeholders[i] = new ShapeDtypeStruct(outVars[i].Type);
            return outDef.UnflattenArray<TOut>(placeholders);
        };
    }

    /// <summary>The shape and dtype of the output of a function of one array, found without running it (see <see cref="EvalShape{TIn, TOut}"/>).</summary>
    public static Func<NDArray, NDArray> EvalShape(Func<NDArray, NDArray> f) => EvalShape<NDArray, NDArray>(Guard.NotNull(f, "Jax.EvalShape"));

    /// <summary>The shapes and dtypes of the outputs of a function of two pytrees, found without running it (see <see cref="EvalShape{TIn, TOut}"/>).</summary>
    public static Func<A, B, TOut> EvalShape<A, B, TOut>(Func<A, B, TOut> f)
    {
        Guard.NotNull(f, "Jax.EvalShape");
        var shaped = EvalShape<(A, B), TOut>(t => f(t.Item1, t.Item2));
        return (a, b) => shaped((a, b));
    }
}
