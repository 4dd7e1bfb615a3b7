using System;
using System.Runtime.CompilerServices;

namespace Functional.AD;

/// <summary>
/// The transforms: <c>Grad</c>, <c>Jvp</c>, <c>Vjp</c>, <c>Linearize</c>, <c>Vmap</c>, <c>Jit</c>,
/// <c>Checkpoint</c> and friends. Each takes a function and returns a new one; they compose with each
/// other to any depth. Inputs and outputs are pytrees (see <see cref="Tree"/>).
/// </summary>
public static partial class Jax
{
    /// <summary>The gradient of a scalar-valued function of one array.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Func<NDArray, NDArray> Grad(Func<NDArray, NDArray> f)
    {
        Guard.NotNull(f, "Jax.Grad");
        return new GradientFunction<NDArray>(f).Grad;
    }

    /// <summary>The gradient of a scalar-valued function with respect to its first argument.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Func<NDArray, NDArray, NDArray> Grad(Func<NDArray, NDArray, NDArray> f)
    {
        Guard.NotNull(f, "Jax.Grad");
        return (x, b) => ValueAndGradCore<NDArray>(a => f(a, b), x, "Grad").Grad;
    }

    /// <summary>The gradient of a scalar-valued function of a pytree: a pytree of the same structure.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Func<T, T> Grad<T>(Func<T, NDArray> f)
    {
        Guard.NotNull(f, "Jax.Grad");
        return new GradientFunction<T>(f).Grad;
    }

    /// <summary>The gradient with respect to the first argument; the second is passed through unchanged.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Func<A, B, A> Grad<A, B>(Func<A, B, NDArray> f)
    {
        Guard.NotNull(f, "Jax.Grad");
        return (a, b) => ValueAndGradCore<A>(x => f(x, b), a, "Grad").Grad;
    }

    /// <summary>The value and the gradient of a scalar-valued function of one array.</summary>
    public static Func<NDArray, (NDArray Value, NDArray Grad)> ValueAndGrad(Func<NDArray, NDArray> f)
    {
        Guard.NotNull(f, "Jax.ValueAndGrad");
        return new GradientFunction<NDArray>(f).ValueAndGrad;
    }

    /// <summary>The value and the gradient of a scalar-valued function of a pytree.</summary>
    public static Func<T, (NDArray Value, T Grad)> ValueAndGrad<T>(Func<T, NDArray> f)
    {
        Guard.NotNull(f, "Jax.ValueAndGrad");
        return new GradientFunction<T>(f).ValueAndGrad;
    }

    /// <summary>The value and the gradient with respect to the first argument.</summary>
    public static Func<A, B, (NDArray Value, A Grad)> ValueAndGrad<A, B>(Func<A, B, NDArray> f)
    {
        Guard.NotNull(f, "Jax.ValueAndGrad");
        return (a, b) => ValueAndGradCore<A>(x => f(x, b), a, "ValueAndGrad");
    }

    internal static (NDArray Value, T Grad) ValueAndGradCore<T>(Func<T, NDArray> f, T x, string operation, bool allowInt = false)
    {
        var (value, grad, _) = ValueAndGradAuxCore<T>(t => (f(t), System.Array.Empty<NDArray>()), x, operation, allowInt);
        return (value, grad);
    }

    /// <summary>
    /// <see cref="ValueAndGradCore{T}(Func{T, NDArray}, T, string, bool)"/> of a function that also returns auxiliary
    /// leaves: they come back undifferentiated (their primal values), beside the value and the gradient. With
    /// <paramref name="allowInt"/> (JAX's <c>allow_int</c>) integer and bool leaves are accepted and get a zero gradient
    /// of their own dtype (see <see cref="Grad{T}(Func{T, NDArray}, bool)"/>).
    /// </summary>
    internal static (NDArray Value, T Grad, NDArray[] Aux) ValueAndGradAuxCore<T>(Func<T, (NDArray Value, NDArray[] Aux)> f, T x, string operation, bool allowInt = false)
    {
        var (leaves, def) = Tree.FlattenArgs(x, operation, allowNumberLeaves: false);
        if (!allowInt) RequireFloatLeaves(operation, leaves, def);
        var (outs, linear, aux) = Differentiation.LinearizeWithAux(ls =>
        {
            var (value, auxLeaves) = f(def.UnflattenArray<T>(ls));
            return (new[] { Tree.Result(value, operation) }, auxLeaves);
        }, leaves, operation);
        var y = outs[0];
        CheckScalarOutput(operation, y.Type);
        // The seed has the output's weak type, as JAX's (so Grad of the identity at a C# literal is weakly typed).
        var cts = linear.Transpose(new NDArray?[] { ConcreteArray.Scalar(1.0, y.DType, y.IsWeaklyTyped) });
        return (y, def.UnflattenArray<T>(cts), aux);
    }

    /// <summary>
    /// JAX's check of a gradient's inputs without <c>allow_int</c>: every leaf floating point; the message names the
    /// first integer or bool leaf by its path and says how to accept it.
    /// </summary>
    private static void RequireFloatLeaves(string operation, NDArray[] leaves, TreeDef def)
    {
        for (int i = 0; i < leaves.Length; i++)
        {
            if (leaves[i].DType.IsFloat()) continue;
            var path = def.LeafPaths()[i];
            var where = path.Length == 0 ? "the input" : $"leaf {i} ({path})";
            throw new ArgumentException(
                $"{operation}: the differentiated input must be floating point, but {where} is {leaves[i].Type}. " +
                $"To accept integer and bool inputs (their gradient is a zero of their own dtype, JAX's float0), use {operation}(f, allowInt: true); " +
                "or use Vjp, or convert them with AsType(DType.Float64)");
        }
    }

    /// <summary>
    /// JAX's checks of a gradient's output, with its hints: a scalar (a size-1 output can be reshaped, a 1-d one indexed;
    /// any can be summed, or differentiated with Jacrev), and floating point (Vjp differentiates integer outputs).
    /// </summary>
    private static void CheckScalarOutput(string operation, ArrayType y)
    {
        if (y.Rank != 0)
        {
            var extract = y.Size != 1 ? "" : "extract the scalar with output.Reshape()" + (y.Rank == 1 ? " or output[0]" : "") + ", ";
            throw new ArgumentException(
                $"{operation}: gradient only defined for scalar-output functions. Output had type {y}. To get the gradient, " +
                $"{extract}reduce the output to a scalar with output.Sum(), or use Jacrev to differentiate a function with a non-scalar output.");
        }
        if (!y.DType.IsFloat())
            throw new ArgumentException(
                $"{operation} requires real-valued outputs (a floating-point dtype), but got {y}. " +
                "For differentiation of functions with integer outputs, use Vjp directly.");
    }

    /// <summary>Forward mode: the output and its directional derivative along <paramref name="tangent"/>.</summary>
    [OverloadResolutionPriority(1)]
    public static (NDArray Primal, NDArray Tangent) Jvp(Func<NDArray, NDArray> f, NDArray primal, NDArray tangent)
    {
        Guard.NotNull(f, "Jax.Jvp");
        Guard.NotNull(primal, "Jax.Jvp");
        Guard.NotNull(tangent, "Jax.Jvp");
        return Jvp<NDArray, NDArray>(f, primal, tangent);
    }

    /// <summary>Forward mode over pytrees: the outputs and their tangents (zeros where the output does not depend on the input).</summary>
    /// <remarks>
    /// Forward over reverse, <c>Jvp(Grad(f))</c> or <c>Jvp(ValueAndGrad(f))</c> with the function <c>Grad</c> or
    /// <c>ValueAndGrad</c> returned, called eagerly (outside any transform) on more than about a thousand elements, is
    /// traced into one jaxpr and runs as one compiled program, as <c>Jit</c> would run it; the compiled program is
    /// cached by the jaxpr's structure, while <c>f</c> is still traced on every call, so it may close over values that
    /// change. A function that needs concrete values (C# control flow on its argument) runs op by op instead: it has
    /// then run partly once more, up to the point where it needed a value.
    /// </remarks>
    public static (TOut Primal, TOut Tangent) Jvp<TIn, TOut>(Func<TIn, TOut> f, TIn primals, TIn tangents)
    {
        Guard.NotNull(f, "Jax.Jvp");
        var (primal, tangent) = JvpCore(f, primals, tangents, primalsWanted: true);
        return (primal!, tangent);
    }

    /// <summary>
    /// <see cref="Jvp{TIn, TOut}(Func{TIn, TOut}, TIn, TIn)"/>; without <paramref name="primalsWanted"/> the primal
    /// outputs are not returned (null), so a staged call (forward over reverse, see <see cref="StagedJvp"/>) does not
    /// compute them.
    /// </summary>
    internal static (TOut? Primal, TOut Tangent) JvpCore<TIn, TOut>(Func<TIn, TOut> f, TIn primals, TIn tangents, bool primalsWanted)
    {
        var (ps, def) = Tree.FlattenArgs(primals, "Jvp", allowNumberLeaves: false);
        var (ts, tdef) = Tree.Flatten(tangents);
        if (!def.Equals(tdef))
            throw new ArgumentException($"Jvp: the tangents' structure {tdef} does not match the primals' structure {def}");
        TreeDef? outDef = null;
        NDArray[] Flat(NDArray[] ls)
        {
            var (o, od) = Tree.FlattenResult(f(def.UnflattenArray<TIn>(ls)), "Jvp");
            outDef = od;
            return o;
        }
        NDArray[] Wanted(NDArray[] primalLeaves, NDArray[] tangentLeaves)
        {
            var both = JvpFlat(Flat, primalLeaves, tangentLeaves);
            return primalsWanted ? both : both[(both.Length / 2)..];
        }
        // Forward over reverse (Jvp(Grad(f)), Hvp) runs eagerly as one compiled program when it can.
        var outs = (f.Target is IStagedUnderJvp staged ? StagedJvp.TryRun(staged, Wanted, ps, ts) : null) ?? Wanted(ps, ToArray(ts));
        int n = primalsWanted ? outs.Length / 2 : 0;
        var primal = primalsWanted ? outDef!.UnflattenArray<TOut>(outs[..n]) : default;
        return (primal, outDef!.UnflattenArray<TOut>(outs[n..]));
    }

    /// <summary>Forward mode over flat leaves, op by op: the outputs, then their tangents (zeros where there is no dependence).</summary>
    private static NDArray[] JvpFlat(Func<NDArray[], NDArray[]> f, NDArray[] primals, NDArray[] tangents)
    {
        var (outs, outTangents) = Differentiation.Jvp(f, primals, ToNullable(tangents), "Jvp");
        var both = new NDArray[2 * outs.Length];
        outs.CopyTo(both, 0);
        for (int i = 0; i < outs.Length; i++) both[outs.Length + i] = outTangents[i] ?? Ops.Zeros(outs[i].Type);
        return both;
    }

    /// <summary>Curried forward mode, for composing: <c>Jvp(Grad(f))(x, v)</c> is a Hessian-vector product.</summary>
    public static Func<TIn, TIn, (TOut Primal, TOut Tangent)> Jvp<TIn, TOut>(Func<TIn, TOut> f)
    {
        Guard.NotNull(f, "Jax.Jvp");
        return (primals, tangents) => Jvp(f, primals, tangents);
    }

    /// <summary>Reverse mode: the output and a pullback mapping an output cotangent to the input cotangent.</summary>
    [OverloadResolutionPriority(1)]
    public static (NDArray Value, Func<NDArray, NDArray> Pullback) Vjp(Func<NDArray, NDArray> f, NDArray primal)
    {
        Guard.NotNull(f, "Jax.Vjp");
        Guard.NotNull(primal, "Jax.Vjp");
        return Vjp<NDArray, NDArray>(f, primal);
    }

    /// <summary>
    /// Reverse mode over pytrees: the outputs and a pullback from output cotangents to input cotangents. The pullback
    /// is itself a pytree (JAX's <c>Partial</c>) whose leaves are the residuals it holds, so it can be returned from
    /// Jit or kept in the residuals of <see cref="CustomVjp{TIn, TOut, TRes}"/>.
    /// </summary>
    public static (TOut Value, Func<TOut, TIn> Pullback) Vjp<TIn, TOut>(Func<TIn, TOut> f, TIn primals)
    {
        Guard.NotNull(f, "Jax.Vjp");
        var (value, pullback, _) = VjpCore<TIn, TOut, object?>(x => (f(x), null), primals, "Vjp");
        return (value, pullback);
    }

    /// <summary>The output and the linear map (the Jacobian-vector product at <paramref name="primals"/>), recorded once and reusable.</summary>
    public static (TOut Value, Func<TIn, TOut> Jvp) Linearize<TIn, TOut>(Func<TIn, TOut> f, TIn primals)
    {
        Guard.NotNull(f, "Jax.Linearize");
        var (value, jvp, _) = LinearizeCore<TIn, TOut, object?>(x => (f(x), null), primals, "Linearize");
        return (value, jvp);
    }

    /// <summary>Reverse mode over pytrees with aux: the core of <c>Vjp</c> and <c>VjpWithAux</c>.</summary>
    private static (TOut Value, Func<TOut, TIn> Pullback, TAux Aux) VjpCore<TIn, TOut, TAux>(Func<TIn, (TOut Output, TAux Aux)> f, TIn primals, string operation)
    {
        var (outs, linear, def, od, aux) = LinearizeTree(f, primals, operation);
        // The pullback is a pytree whose leaves are its residuals (JAX's Partial), so it can be stored in one.
        var pullback = new PullbackStructure<TIn, TOut>(def, od, operation).Make(linear);
        return (od.UnflattenArray<TOut>(outs), pullback, aux);
    }

    /// <summary>Linearization over pytrees with aux: the core of <c>Linearize</c> and <c>LinearizeWithAux</c>.</summary>
    private static (TOut Value, Func<TIn, TOut> Jvp, TAux Aux) LinearizeCore<TIn, TOut, TAux>(Func<TIn, (TOut Output, TAux Aux)> f, TIn primals, string operation)
    {
        var (outs, linear, def, od, aux) = LinearizeTree(f, primals, operation);
        TOut Apply(TIn tangents)
        {
            var (ts, tdef) = Tree.Flatten(tangents);
            if (!tdef.Equals(def))
                throw new ArgumentException($"{operation}: the tangents' structure {tdef} does not match the primals' structure {def}");
            return od.UnflattenArray<TOut>(linear.Apply(ToNullable(ts)));
        }
        return (od.UnflattenArray<TOut>(outs), Apply, aux);
    }

    /// <summary>Linearizes a pytree function returning <c>(output, aux)</c>: flat outputs, the linear map, both structures, and the aux.</summary>
    private static (NDArray[] Outputs, LinearFunction Linear, TreeDef In, TreeDef Out, TAux Aux) LinearizeTree<TIn, TOut, TAux>(
        Func<TIn, (TOut Output, TAux Aux)> f, TIn primals, string operation)
    {
        var (ps, def) = Tree.FlattenArgs(primals, operation, allowNumberLeaves: false);
        TreeDef? outDef = null;
        var auxTree = new AuxTree<TAux>(operation);
        var (outs, linear, aux) = Differentiation.LinearizeWithAux(ls =>
        {
            var (o, a) = f(def.UnflattenArray<TIn>(ls));
            var (leaves, od) = Tree.FlattenResult(o, operation);
            outDef = od;
            return (leaves, auxTree.Flatten(a));
        }, ps, operation);
        return (outs, linear, def, outDef!, auxTree.Unflatten(aux));
    }

    /// <summary>
    /// The transpose of a linear function: given <c>linearF</c> (which must be linear) and an example of its
    /// input (only shapes and dtypes are used), a function mapping output cotangents to input cotangents.
    /// </summary>
    public static Func<TOut, TIn> LinearTranspose<TIn, TOut>(Func<TIn, TOut> linearF, TIn primalsExample)
    {
        Guard.NotNull(linearF, "Jax.LinearTranspose");
        var (ps, def) = Tree.FlattenArgs(primalsExample, "LinearTranspose", allowNumberLeaves: false);
        var types = new ArrayType[ps.Length];
        for (int i = 0; i < ps.Length; i++) types[i] = ps[i].Type;
        TreeDef? outDef = null;
        var linear = Differentiation.TraceLinear(ls =>
        {
            var (o, od) = Tree.FlattenResult(linearF(def.UnflattenArray<TIn>(ls)), "LinearTranspose");
            outDef = od;
            return ToArray(o);
        }, types, "LinearTranspose");
        CheckLinearDTypes(linear.InputTypes, linear.OutputTypes);
        var od = outDef!;
        return cotangent =>
        {
            var (cts, ctDef) = Tree.Flatten(cotangent);
            if (!ctDef.Equals(od))
                throw new ArgumentException($"LinearTranspose: the cotangent's structure {ctDef} does not match the output's structure {od}");
            return def.UnflattenArray<TIn>(linear.Transpose(ToNullable(cts)));
        };
    }

    /// <summary>
    /// JAX's dtype rule for <c>linear_transpose</c>: a float to float or an integer to integer function (a bool, or an
    /// integer on one side and a float on the other, has no cotangent of its own type).
    /// </summary>
    private static void CheckLinearDTypes(ArrayType[] inputs, ArrayType[] outputs)
    {
        bool allFloat = true, allInt = true;
        foreach (var t in inputs) { allFloat &= t.DType.IsFloat(); allInt &= t.DType.IsInteger(); }
        foreach (var t in outputs) { allFloat &= t.DType.IsFloat(); allInt &= t.DType.IsInteger(); }
        if (allFloat || allInt) return;
        throw new ArgumentException(
            "LinearTranspose only supports float -> float and integer -> integer functions, but got " +
            $"[{string.Join(", ", inputs)}] -> [{string.Join(", ", outputs)}]");
    }

    private static NDArray[] ToArray(System.Collections.Generic.IReadOnlyList<NDArray> xs)
    {
        if (xs is NDArray[] a) return a;
        var r = new NDArray[xs.Count];
        for (int i = 0; i < r.Length; i++) r[i] = xs[i];
        return r;
    }

    private static NDArray?[] ToNullable(System.Collections.Generic.IReadOnlyList<NDArray> xs)
    {
        var r = new NDArray?[xs.Count];
        for (int i = 0; i < r.Length; i++) r[i] = xs[i];
        return r;
    }
}
