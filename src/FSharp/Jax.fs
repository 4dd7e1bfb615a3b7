namespace Functional.AD.FSharp

open System
open System.Collections.Generic
open Microsoft.FSharp.Reflection
open Functional.AD

/// <summary>
/// The transforms as curried F# functions over the C# core (<c>Functional.AD.Jax</c>): <c>grad f x</c>,
/// <c>jvp f x v</c>, <c>vmap f xs</c>, <c>jit f</c>... Each takes an F# function, wraps it into a delegate once
/// (when the transform is applied, not per call), calls the core, and returns an F# function; pairs come back as
/// F# tuples. Arguments and results are pytrees: NDArray leaves in tuples, arrays, lists, options, maps, records
/// and unions.
/// </summary>
/// <remarks>
/// The module is auto-opened with <c>open Functional.AD.FSharp</c>, so <c>grad f x</c> works unqualified; <c>Jax.grad</c>
/// works too, and with <c>open Functional.AD</c> as well the core's <c>Jax.Grad</c> stays reachable under the same
/// prefix (F# merges the module and the class, as it does for <c>String.length</c> and <c>String.Join</c>).
/// </remarks>
[<AutoOpen>]
module Jax =

    /// Makes F# values (lists, options, maps, unions...) pytrees: cheap after the first call.
    let private ensureTrees () = Trees.ensureRegistered ()

    let private toNullable (axis: int option) : Nullable<int> =
        match axis with
        | Some a -> Nullable a
        | None -> Nullable()

    // ---------------------------------------------------------------- reverse mode

    /// <summary>The gradient of a scalar-valued function of a pytree (<c>jax.grad</c>): a pytree like <paramref name="x"/>.</summary>
    /// <remarks>
    /// Only the argument is differentiated. For a curried <c>loss p b</c> write <c>grad (fun p -> loss p b) p</c>
    /// (or <see cref="gradWrtFirst"/>); for a tupled <c>loss (p, b)</c>, <c>grad loss (p, b)</c> differentiates the whole tuple.
    /// <c>let g = grad f</c> wraps <paramref name="f"/> once; <c>g x</c> then only runs the transform.
    /// </remarks>
    /// <param name="f">A function returning a 0-d floating-point array.</param>
    /// <param name="x">The point, with floating-point leaves.</param>
    let grad (f: 'T -> NDArray) : 'T -> 'T =
        ensureTrees ()
        let g = Functional.AD.Jax.Grad<'T>(Func<'T, NDArray> f)
        fun x -> g.Invoke x

    /// <summary>The value and the gradient of a scalar-valued function (<c>jax.value_and_grad</c>), as an F# tuple <c>(value, grad)</c>.</summary>
    let valueAndGrad (f: 'T -> NDArray) : 'T -> NDArray * 'T =
        ensureTrees ()
        let g = Functional.AD.Jax.ValueAndGrad<'T>(Func<'T, NDArray> f)
        fun x ->
            let struct (value, gradient) = g.Invoke x
            value, gradient

    /// <summary>
    /// The gradient with JAX's <c>allow_int=True</c> (<c>jax.grad(f, allow_int=True)</c>): the argument may carry integer
    /// and bool leaves (step counters, flags), whose gradient is a zero of their own dtype; float leaves get their gradient.
    /// </summary>
    let gradAllowInt (f: 'T -> NDArray) : 'T -> 'T =
        ensureTrees ()
        let g = Functional.AD.Jax.Grad<'T>(Func<'T, NDArray> f, true)
        fun x -> g.Invoke x

    /// <summary>The gradient of a curried two-argument function with respect to its first argument (<c>argnums=0</c>); the second is passed through.</summary>
    let gradWrtFirst (f: 'A -> 'B -> NDArray) : 'A -> 'B -> 'A =
        ensureTrees ()
        let g = Functional.AD.Jax.Grad<'A, 'B>(Func<'A, 'B, NDArray>(fun a b -> f a b))
        fun a b -> g.Invoke(a, b)

    /// <summary>The gradient of a curried two-argument function with respect to its second argument (<c>argnums=1</c>); the first is passed through.</summary>
    let gradWrtSecond (f: 'A -> 'B -> NDArray) : 'A -> 'B -> 'B =
        let g = gradWrtFirst (fun b a -> f a b)
        fun a b -> g b a

    /// <summary>The gradients of a curried two-argument function with respect to both arguments (<c>argnums=(0, 1)</c>), as an F# tuple.</summary>
    let gradWrtBoth (f: 'A -> 'B -> NDArray) : 'A -> 'B -> 'A * 'B =
        ensureTrees ()
        let g = Functional.AD.Jax.Grad<struct ('A * 'B)>(Func<struct ('A * 'B), NDArray>(fun (struct (a, b)) -> f a b))
        fun a b ->
            let struct (ga, gb) = g.Invoke(struct (a, b))
            ga, gb

    /// <summary>The value and the gradient with respect to the first argument of a curried two-argument function.</summary>
    let valueAndGradWrtFirst (f: 'A -> 'B -> NDArray) : 'A -> 'B -> NDArray * 'A =
        ensureTrees ()
        let g = Functional.AD.Jax.ValueAndGrad<'A, 'B>(Func<'A, 'B, NDArray>(fun a b -> f a b))
        fun a b ->
            let struct (value, gradient) = g.Invoke(a, b)
            value, gradient

    /// <summary>The value and the gradient with respect to the second argument of a curried two-argument function.</summary>
    let valueAndGradWrtSecond (f: 'A -> 'B -> NDArray) : 'A -> 'B -> NDArray * 'B =
        let g = valueAndGradWrtFirst (fun b a -> f a b)
        fun a b -> g b a

    /// <summary>The value and the gradients with respect to both arguments of a curried two-argument function: <c>(value, (ga, gb))</c>.</summary>
    let valueAndGradWrtBoth (f: 'A -> 'B -> NDArray) : 'A -> 'B -> NDArray * ('A * 'B) =
        ensureTrees ()
        let g = Functional.AD.Jax.ValueAndGrad<struct ('A * 'B)>(Func<struct ('A * 'B), NDArray>(fun (struct (a, b)) -> f a b))
        fun a b ->
            let struct (value, struct (ga, gb)) = g.Invoke(struct (a, b))
            value, (ga, gb)

    /// Converts an F# function returning a pair <c>(value, aux)</c> into the core's delegate returning a struct tuple.
    let private withAux (f: 'T -> 'B * 'Aux) =
        Func<'T, struct ('B * 'Aux)>(fun x ->
            let value, aux = f x
            struct (value, aux))

    /// The core's function returning a struct pair, as an F# function returning an F# pair.
    let private pairResult (g: Func<'A, struct ('B * 'C)>) : 'A -> 'B * 'C =
        fun x ->
            let struct (b, c) = g.Invoke x
            b, c

    /// <summary>
    /// Reverse mode over a function returning <c>(loss, aux)</c> (<c>jax.value_and_grad(f, has_aux=True)</c>):
    /// <c>((loss, aux), grad)</c>, where only the loss is differentiated and aux (a pytree of arrays: metrics, a new
    /// model state...) is returned as computed. As in JAX, an enclosing transform still differentiates through aux.
    /// </summary>
    /// <remarks>The core's <c>Jax.ValueAndGradWithAux</c>.</remarks>
    /// <exception cref="ArgumentException">The loss is not a 0-d floating-point array, or aux is not a pytree.</exception>
    let valueAndGradWithAux (f: 'T -> NDArray * 'Aux) : 'T -> (NDArray * 'Aux) * 'T =
        ensureTrees ()
        let g = Functional.AD.Jax.ValueAndGradWithAux<'T, 'Aux>(withAux f)
        fun x ->
            let struct (struct (loss, aux), gradient) = g.Invoke x
            (loss, aux), gradient

    /// <summary>The gradient of the loss of a function returning <c>(loss, aux)</c> and the aux: <c>(grad, aux)</c> (<c>jax.grad(f, has_aux=True)</c>).</summary>
    let gradWithAux (f: 'T -> NDArray * 'Aux) : 'T -> 'T * 'Aux =
        let g = valueAndGradWithAux f
        fun x ->
            let (_, aux), gradient = g x
            gradient, aux

    /// <summary>
    /// The gradient and the aux of a curried two-argument function returning <c>(loss, aux)</c>, with respect to the
    /// second argument (<c>jax.grad(f, argnums=1, has_aux=True)</c>): <c>(grad, aux)</c>.
    /// </summary>
    let gradWithAuxWrtSecond (f: 'A -> 'B -> NDArray * 'Aux) : 'A -> 'B -> 'B * 'Aux =
        ensureTrees ()
        let g = Functional.AD.Jax.GradWithAux<'A, 'B, 'Aux>(Func<'A, 'B, struct (NDArray * 'Aux)>(fun a b -> let loss, aux = f a b in struct (loss, aux)), Argnums.Second)
        fun a b ->
            let struct (gradient, aux) = g.Invoke(a, b)
            gradient, aux

    // ---------------------------------------------------------------- forward mode and the pieces of reverse mode

    /// <summary>Forward mode (<c>jax.jvp</c>): <c>jvp f x v</c> is <c>(f x, J(x) v)</c>, an F# tuple. Composes: <c>jvp (grad f) x v</c>.</summary>
    let jvp (f: 'A -> 'B) : 'A -> 'A -> 'B * 'B =
        ensureTrees ()
        let j = Functional.AD.Jax.Jvp<'A, 'B>(Func<'A, 'B> f)
        fun x v ->
            let struct (primal, tangent) = j.Invoke(x, v)
            primal, tangent

    /// <summary>Reverse mode (<c>jax.vjp</c>): <c>(f x, pullback)</c>, where <c>pullback u</c> is <c>J(x)ᵀ u</c>, an F# function.</summary>
    let vjp (f: 'A -> 'B) (x: 'A) : 'B * ('B -> 'A) =
        ensureTrees ()
        let struct (value, pullback) = Functional.AD.Jax.Vjp<'A, 'B>(Func<'A, 'B> f, x)
        value, (fun u -> pullback.Invoke u)

    /// <summary>The value and the linear map <c>v -> J(x) v</c>, recorded once and reusable (<c>jax.linearize</c>).</summary>
    let linearize (f: 'A -> 'B) (x: 'A) : 'B * ('A -> 'B) =
        ensureTrees ()
        let struct (value, linear) = Functional.AD.Jax.Linearize<'A, 'B>(Func<'A, 'B> f, x)
        value, (fun v -> linear.Invoke v)

    /// <summary>Forward mode of a function returning <c>(output, aux)</c> (<c>jax.jvp(f, x, v, has_aux=True)</c>): <c>(f x, J(x) v, aux)</c>.</summary>
    let jvpWithAux (f: 'A -> 'B * 'Aux) : 'A -> 'A -> 'B * 'B * 'Aux =
        ensureTrees ()
        let j = Functional.AD.Jax.JvpWithAux<'A, 'B, 'Aux>(withAux f)
        fun x v ->
            let struct (primal, tangent, aux) = j.Invoke(x, v)
            primal, tangent, aux

    /// <summary>Reverse mode of a function returning <c>(output, aux)</c> (<c>jax.vjp(f, x, has_aux=True)</c>): <c>(output, pullback, aux)</c>.</summary>
    let vjpWithAux (f: 'A -> 'B * 'Aux) (x: 'A) : 'B * ('B -> 'A) * 'Aux =
        ensureTrees ()
        let struct (value, pullback, aux) = Functional.AD.Jax.VjpWithAux<'A, 'B, 'Aux>(withAux f, x)
        value, (fun u -> pullback.Invoke u), aux

    /// <summary>The output, the linear map and the aux of a function returning <c>(output, aux)</c> (<c>jax.linearize(f, x, has_aux=True)</c>).</summary>
    let linearizeWithAux (f: 'A -> 'B * 'Aux) (x: 'A) : 'B * ('A -> 'B) * 'Aux =
        ensureTrees ()
        let struct (value, linear, aux) = Functional.AD.Jax.LinearizeWithAux<'A, 'B, 'Aux>(withAux f, x)
        value, (fun v -> linear.Invoke v), aux

    /// <summary>The transpose of a linear function (<c>jax.linear_transpose</c>); <paramref name="example"/> gives only shapes and dtypes.</summary>
    let linearTranspose (linearF: 'A -> 'B) (example: 'A) : 'B -> 'A =
        ensureTrees ()
        let t = Functional.AD.Jax.LinearTranspose<'A, 'B>(Func<'A, 'B> linearF, example)
        fun u -> t.Invoke u

    /// <summary>The Hessian-vector product <c>H(x) v</c> of a scalar function, forward over reverse: <c>snd (jvp (grad f) x v)</c>.</summary>
    let hvp (f: 'T -> NDArray) : 'T -> 'T -> 'T =
        ensureTrees ()
        let j = Functional.AD.Jax.Jvp<'T, 'T>(Functional.AD.Jax.Grad<'T>(Func<'T, NDArray> f))
        fun x v ->
            let struct (_, tangent) = j.Invoke(x, v)
            tangent

    /// <summary>The Jacobian by forward mode (<c>jax.jacfwd</c>): shape <c>out.Shape @ x.Shape</c>.</summary>
    let jacfwd (f: NDArray -> NDArray) : NDArray -> NDArray =
        let j = Functional.AD.Jax.Jacfwd(Func<NDArray, NDArray> f)
        fun x -> j.Invoke x

    /// <summary>The Jacobian by reverse mode (<c>jax.jacrev</c>): shape <c>out.Shape @ x.Shape</c>.</summary>
    let jacrev (f: NDArray -> NDArray) : NDArray -> NDArray =
        let j = Functional.AD.Jax.Jacrev(Func<NDArray, NDArray> f)
        fun x -> j.Invoke x

    /// <summary>The Hessian of a scalar function (<c>jax.hessian</c>, forward over reverse).</summary>
    let hessian (f: NDArray -> NDArray) : NDArray -> NDArray =
        let h = Functional.AD.Jax.Hessian(Func<NDArray, NDArray> f)
        fun x -> h.Invoke x

    /// <summary>The Jacobian by forward mode of a function returning <c>(output, aux)</c> (<c>jax.jacfwd(f, has_aux=True)</c>): <c>(jacobian, aux)</c>.</summary>
    let jacfwdWithAux (f: NDArray -> NDArray * 'Aux) : NDArray -> NDArray * 'Aux =
        ensureTrees ()
        pairResult (Functional.AD.Jax.JacfwdWithAux<'Aux>(withAux f))

    /// <summary>The Jacobian by reverse mode of a function returning <c>(output, aux)</c> (<c>jax.jacrev(f, has_aux=True)</c>): <c>(jacobian, aux)</c>.</summary>
    let jacrevWithAux (f: NDArray -> NDArray * 'Aux) : NDArray -> NDArray * 'Aux =
        ensureTrees ()
        pairResult (Functional.AD.Jax.JacrevWithAux<'Aux>(withAux f))

    /// <summary>The Hessian of the loss of a function returning <c>(loss, aux)</c> (<c>jax.hessian(f, has_aux=True)</c>): <c>(hessian, aux)</c>.</summary>
    let hessianWithAux (f: NDArray -> NDArray * 'Aux) : NDArray -> NDArray * 'Aux =
        ensureTrees ()
        pairResult (Functional.AD.Jax.HessianWithAux<'Aux>(withAux f))

    /// <summary>The Jacobian by forward mode with respect to the second argument of a curried function (<c>jax.jacfwd(f, argnums=1)</c>).</summary>
    let jacfwdWrtSecond (f: 'A -> NDArray -> NDArray) : 'A -> NDArray -> NDArray =
        let j = Functional.AD.Jax.Jacfwd<'A>(Func<'A, NDArray, NDArray>(fun a b -> f a b), Argnums.Second)
        fun a b -> j.Invoke(a, b)

    /// <summary>The Jacobian by reverse mode with respect to the second argument of a curried function (<c>jax.jacrev(f, argnums=1)</c>).</summary>
    let jacrevWrtSecond (f: 'A -> NDArray -> NDArray) : 'A -> NDArray -> NDArray =
        let j = Functional.AD.Jax.Jacrev<'A>(Func<'A, NDArray, NDArray>(fun a b -> f a b), Argnums.Second)
        fun a b -> j.Invoke(a, b)

    /// <summary>The Jacobians by reverse mode with respect to both arguments of a curried function (<c>jax.jacrev(f, argnums=(0, 1))</c>), as an F# tuple.</summary>
    let jacrevWrtBoth (f: NDArray -> NDArray -> NDArray) : NDArray -> NDArray -> NDArray * NDArray =
        let j = Functional.AD.Jax.Jacrev(Func<NDArray, NDArray, NDArray>(fun a b -> f a b), Argnums.All)
        fun a b ->
            let struct (ja, jb) = j.Invoke(a, b)
            ja, jb

    /// <summary>The Hessian with respect to the second argument of a curried function (<c>jax.hessian(f, argnums=1)</c>).</summary>
    let hessianWrtSecond (f: 'A -> NDArray -> NDArray) : 'A -> NDArray -> NDArray =
        let h = Functional.AD.Jax.Hessian<'A>(Func<'A, NDArray, NDArray>(fun a b -> f a b), Argnums.Second)
        fun a b -> h.Invoke(a, b)

    /// <summary>
    /// The Hessian with respect to both arguments of a curried function (<c>jax.hessian(f, argnums=(0, 1))</c>), as
    /// JAX's nested blocks <c>((haa, hab), (hba, hbb))</c>.
    /// </summary>
    let hessianWrtBoth (f: NDArray -> NDArray -> NDArray) : NDArray -> NDArray -> (NDArray * NDArray) * (NDArray * NDArray) =
        let h = Functional.AD.Jax.Hessian(Func<NDArray, NDArray, NDArray>(fun a b -> f a b), Argnums.All)
        fun a b ->
            let struct (struct (haa, hab), struct (hba, hbb)) = h.Invoke(a, b)
            (haa, hab), (hba, hbb)

    /// <summary>
    /// The Jacobian by forward mode of an array-valued function of a pytree (<c>jax.jacfwd</c>): a pytree like the
    /// argument whose leaf i is the block <c>out.Shape @ leaf_i.Shape</c>.
    /// </summary>
    let jacfwdTree (f: 'T -> NDArray) : 'T -> 'T =
        ensureTrees ()
        let j = Functional.AD.Jax.Jacfwd<'T>(Func<'T, NDArray> f)
        fun x -> j.Invoke x

    /// <summary>
    /// The Jacobian by reverse mode of an array-valued function of a pytree (<c>jax.jacrev</c>): a pytree like the
    /// argument whose leaf i is the block <c>out.Shape @ leaf_i.Shape</c>.
    /// </summary>
    let jacrevTree (f: 'T -> NDArray) : 'T -> 'T =
        ensureTrees ()
        let j = Functional.AD.Jax.Jacrev<'T>(Func<'T, NDArray> f)
        fun x -> j.Invoke x

    /// <summary>
    /// The Hessian of a scalar function of a pytree (<c>jax.hessian</c>) as blocks: <c>h.[i, j]</c> is shaped
    /// <c>leaf_i.Shape @ leaf_j.Shape</c>, <c>h.Block((fun p -> p.W), (fun p -> p.B))</c> is JAX's <c>H['W']['B']</c>.
    /// </summary>
    let hessianTree (f: 'T -> NDArray) : 'T -> HessianBlocks<'T> =
        ensureTrees ()
        let h = Functional.AD.Jax.Hessian<'T>(Func<'T, NDArray> f)
        fun x -> h.Invoke x

    // ---------------------------------------------------------------- batching

    /// <summary>Vectorizing map (<c>jax.vmap</c>): every leaf of the argument mapped along axis 0, the results stacked along axis 0.</summary>
    let vmap (f: 'A -> 'B) : 'A -> 'B =
        ensureTrees ()
        let v = Functional.AD.Jax.Vmap<'A, 'B>(Func<'A, 'B> f, 0, 0)
        fun x -> v.Invoke x

    /// <summary>
    /// Vectorizing map with axes: <c>Some a</c> maps every leaf of the argument along axis <c>a</c> (negative counts from
    /// the end), <c>None</c> maps nothing (an error, as in JAX, since the batch size is then unknown); the results get
    /// their batch axis at <paramref name="outAxes"/>.
    /// </summary>
    let vmapWith (inAxes: int option) (outAxes: int) (f: 'A -> 'B) : 'A -> 'B =
        ensureTrees ()
        match inAxes with
        | Some axis ->
            let v = Functional.AD.Jax.Vmap<'A, 'B>(Func<'A, 'B> f, axis, outAxes)
            fun x -> v.Invoke x
        | None ->
            // Nothing mapped: the core rejects it with its message.
            fun x -> Functional.AD.Jax.Vmap<'B>(Func<NDArray[], 'B>(fun _ -> f x), Array.empty<Nullable<int>>, outAxes).Invoke(Array.empty)

    /// <summary>
    /// Vectorizing map of a curried two-argument function with one axis per argument (<c>in_axes=(0, None)</c> is
    /// <c>(Some 0, None)</c>): a <c>None</c> argument is not mapped and passed unchanged to every example.
    /// </summary>
    let vmap2With (inAxes: int option * int option) (outAxes: int) (f: 'A -> 'B -> 'C) : 'A -> 'B -> 'C =
        ensureTrees ()
        let axisA, axisB = inAxes
        let v = Functional.AD.Jax.Vmap<'A, 'B, 'C>(Func<'A, 'B, 'C>(fun a b -> f a b), struct (toNullable axisA, toNullable axisB), outAxes)
        fun a b -> v.Invoke(a, b)

    /// <summary>Vectorizing map of a curried two-argument function with one axis per argument (see <see cref="vmap2With"/>); results stacked along axis 0.</summary>
    let vmap2 (inAxes: int option * int option) (f: 'A -> 'B -> 'C) : 'A -> 'B -> 'C = vmap2With inAxes 0 f

    /// <summary>
    /// Vectorizing map of a function of an F# tuple or record with one axis per element or field, in declaration order
    /// (JAX's tuple of <c>in_axes</c>): <c>vmapFields [Some 0; None] f (xs, w)</c> maps <c>xs</c> and passes <c>w</c> to
    /// every example unchanged (it may then hold anything). Every leaf of a mapped element is mapped along its axis.
    /// </summary>
    /// <exception cref="ArgumentException">The argument type is not an F# tuple or record, or the number of axes is not its number of elements.</exception>
    let vmapFieldsWith (inAxes: int option list) (outAxes: int) (f: 'A -> 'B) : 'A -> 'B =
        ensureTrees ()
        let t = typeof<'A>
        let read, build, count =
            if FSharpType.IsTuple t then
                FSharpValue.PreComputeTupleReader t, FSharpValue.PreComputeTupleConstructor t, FSharpType.GetTupleElements(t).Length
            elif FSharpType.IsRecord(t, true) then
                FSharpValue.PreComputeRecordReader(t, true), FSharpValue.PreComputeRecordConstructor(t, true), FSharpType.GetRecordFields(t, true).Length
            else
                invalidArg "f" $"vmapFields: the argument must be an F# tuple or record with one in axis per element, but it is {t.Name}; use vmapWith for one axis for every leaf"
        let axes = List.toArray inAxes
        if axes.Length <> count then
            invalidArg "inAxes" $"vmapFields: {axes.Length} in axes given for an argument with {count} elements ({t.Name})"
        fun (x: 'A) ->
            let fields = read (box x)
            let defs = Array.zeroCreate<TreeDef> count
            let leaves = List<NDArray>()
            let leafAxes = List<Nullable<int>>()
            for i in 0 .. count - 1 do
                match axes.[i] with
                | Some axis ->
                    let struct (ls, def) = Tree.Flatten<obj>(fields.[i])
                    defs.[i] <- def
                    leaves.AddRange ls
                    for _ in 1 .. ls.Count do leafAxes.Add(Nullable axis)
                | None -> ()
            let body (ins: NDArray[]) =
                let rebuilt = Array.copy fields
                let mutable k = 0
                for i in 0 .. count - 1 do
                    if not (isNull defs.[i]) then
                        let n = defs.[i].LeafCount
                        rebuilt.[i] <- defs.[i].Unflatten<obj>(ArraySegment(ins, k, n))
                        k <- k + n
                f (build rebuilt :?> 'A)
            Functional.AD.Jax.Vmap<'B>(Func<NDArray[], 'B> body, leafAxes.ToArray(), outAxes).Invoke(leaves.ToArray())

    /// <summary>Vectorizing map with one axis per tuple element or record field (see <see cref="vmapFieldsWith"/>); results stacked along axis 0.</summary>
    let vmapFields (inAxes: int option list) (f: 'A -> 'B) : 'A -> 'B = vmapFieldsWith inAxes 0 f

    /// <summary>
    /// Vectorizing map with JAX's full options (<c>jax.vmap(f, in_axes, out_axes, axis_name=..., axis_size=...)</c>):
    /// <paramref name="inAxes"/> and <paramref name="outAxes"/> are tree prefixes of the argument and result
    /// (<c>VmapAxes.Axis 0</c>, <c>null</c> for "not mapped", <c>VmapAxes.Node(...)</c> with one entry per child);
    /// <paramref name="axisSize"/> fixes the number of examples when nothing is mapped; <paramref name="axisName"/> names
    /// the axis for the collectives (<c>Lax.psum</c>, ...) inside <paramref name="f"/>.
    /// </summary>
    let vmapAxes (inAxes: VmapAxes) (outAxes: VmapAxes) (axisSize: int option) (axisName: string option) (f: 'A -> 'B) : 'A -> 'B =
        ensureTrees ()
        let v = Functional.AD.Jax.Vmap<'A, 'B>(Func<'A, 'B> f, inAxes, outAxes, Option.toNullable axisSize, Option.toObj axisName)
        fun x -> v.Invoke x

    /// <summary>Vectorizing map over axis 0 of every leaf, with the batch axis named <paramref name="axisName"/> for collectives (<c>jax.vmap(f, axis_name=name)</c>).</summary>
    let vmapNamed (axisName: string) (f: 'A -> 'B) : 'A -> 'B =
        vmapAxes (VmapAxes.Axis 0) (VmapAxes.Axis 0) None (Some axisName) f

    // ---------------------------------------------------------------- staging and compilation

    /// <summary>
    /// Compiles a function (<c>jax.jit</c>): <c>let g = jit f</c> stages the core's compiled function once, and every
    /// <c>g x</c> reuses its cache (one trace per tree structure, shapes, dtypes and weak types). As in JAX, <paramref name="f"/>
    /// runs only when tracing; reading a traced value inside it throws <c>ConcretizationException</c>.
    /// </summary>
    let jit (f: 'A -> 'B) : 'A -> 'B =
        ensureTrees ()
        let compiled = Functional.AD.Jax.Jit<'A, 'B>(Func<'A, 'B> f)
        fun x -> compiled.Invoke x

    /// <summary>Compiles a curried function of two pytrees (see <see cref="jit"/>).</summary>
    let jit2 (f: 'A -> 'B -> 'C) : 'A -> 'B -> 'C =
        ensureTrees ()
        let compiled = Functional.AD.Jax.Jit<'A, 'B, 'C>(Func<'A, 'B, 'C>(fun a b -> f a b))
        fun a b -> compiled.Invoke(a, b)

    /// <summary>
    /// Compiles a function whose argument is donated (<c>jax.jit(f, donate_argnums=0)</c>): the caller does not use the
    /// argument's arrays after the call, so the compiled program reuses their buffers (<c>state &lt;- step state</c> runs
    /// on recycled memory). A donated array is deleted by the call: using it afterwards throws.
    /// </summary>
    let jitDonate (f: 'A -> 'B) : 'A -> 'B =
        ensureTrees ()
        let compiled = Functional.AD.Jax.Jit<'A, 'B>(Func<'A, 'B> f, [| 0 |])
        fun x -> compiled.Invoke x

    /// <summary>
    /// Compiles a curried function of two pytrees whose first argument is donated (<c>jax.jit(f, donate_argnums=0)</c>):
    /// <c>let step = jit2Donate (fun (p, s) batch -> ...)</c> for a training step over parameters and optimizer state.
    /// </summary>
    let jit2Donate (f: 'A -> 'B -> 'C) : 'A -> 'B -> 'C =
        ensureTrees ()
        let compiled = Functional.AD.Jax.Jit<'A, 'B, 'C>(Func<'A, 'B, 'C>(fun a b -> f a b), donateArgnums = [| 0 |])
        fun a b -> compiled.Invoke(a, b)

    /// <summary>The jaxpr of <paramref name="f"/> traced at the shapes and dtypes of the argument (<c>jax.make_jaxpr</c>).</summary>
    let makeJaxpr (f: 'A -> 'B) : 'A -> ClosedJaxpr =
        ensureTrees ()
        let m = Functional.AD.Jax.MakeJaxpr<'A, 'B>(Func<'A, 'B> f)
        fun x -> m.Invoke x

    /// <summary>
    /// Compiles a curried function whose first argument is static (<c>jax.jit(f, static_argnums=0)</c>): it is passed to
    /// <paramref name="f"/> untraced (so F# code may match on it) and its value, compared with <c>Equals</c> (ints,
    /// strings, unions, records by value), is part of the cache key: one trace per value and argument signature.
    /// </summary>
    let jitStatic (f: 'S -> 'A -> 'B) : 'S -> 'A -> 'B =
        ensureTrees ()
        let compiled = Functional.AD.Jax.Jit<'S, 'A, 'B>(Func<'S, 'A, 'B>(fun s a -> f s a), 0)
        fun s a -> compiled.Invoke(s, a)

    /// <summary>
    /// Compiles a curried function whose first two arguments are static (<c>jax.jit(f, static_argnums=(0, 1))</c>): both
    /// are passed untraced and their values together are part of the cache key (see <see cref="jitStatic"/>).
    /// </summary>
    let jitStatic2 (f: 'S1 -> 'S2 -> 'A -> 'B) : 'S1 -> 'S2 -> 'A -> 'B =
        ensureTrees ()
        let compiled = Functional.AD.Jax.Jit<'S1, 'S2, 'A, 'B>(Func<'S1, 'S2, 'A, 'B>(fun s1 s2 a -> f s1 s2 a), [| 0; 1 |])
        fun s1 s2 a -> compiled.Invoke(s1, s2, a)

    /// <summary>
    /// The shapes and dtypes of <paramref name="f"/>'s outputs without running it (<c>jax.eval_shape</c>): the result's
    /// pytree with a <c>ShapeDtypeStruct</c> (shape, dtype, weak type; no elements) at each leaf. The argument's leaves
    /// may be arrays or <c>ShapeDtypeStruct</c> placeholders.
    /// </summary>
    let evalShape (f: 'A -> 'B) : 'A -> 'B =
        ensureTrees ()
        let e = Functional.AD.Jax.EvalShape<'A, 'B>(Func<'A, 'B> f)
        fun x -> e.Invoke x

    /// <summary>
    /// A scope in which jitted functions run eagerly, for debugging (<c>jax.disable_jit</c>):
    /// <c>use _ = disableJit ()</c>. Local to the flow of control (see the core's <c>Jax.DisableJit</c>).
    /// </summary>
    let disableJit () : IDisposable = Functional.AD.Jax.DisableJit()

    /// <summary>
    /// Evaluates a closed jaxpr on one array per input variable (<c>jax.core.eval_jaxpr</c>), returning its outputs
    /// in order: <c>evalJaxpr (makeJaxpr f x) [ x ]</c> gives the leaves of <c>f x</c>.
    /// </summary>
    let evalJaxpr (closedJaxpr: ClosedJaxpr) (args: NDArray list) : NDArray list =
        Functional.AD.Jax.EvalJaxpr(closedJaxpr, List.toArray args) |> List.ofArray

    /// <summary>
    /// Prints the concrete values when the program runs, also under jit, vmap (once per example) and grad (the primal
    /// values): <c>jax.debug.print</c>. The format takes <c>{}</c> or <c>{0}</c> placeholders; values are arrays,
    /// pytrees of arrays, or plain values. See the core's <c>Jax.DebugPrint</c>.
    /// </summary>
    let debugPrint (format: string) (values: obj list) : unit =
        ensureTrees ()
        Functional.AD.Jax.DebugPrint(format, List.toArray values)

    /// <summary>
    /// Calls <c>f</c> with the concrete value of a pytree when the program runs (<c>jax.debug.callback</c>): each run
    /// of a jitted function, once per example under vmap, on the primal values under grad.
    /// </summary>
    let debugCallback (f: 'T -> unit) (value: 'T) : unit =
        ensureTrees ()
        Functional.AD.Jax.DebugCallback<'T>(Action<'T> f, value)

    // ---------------------------------------------------------------- rematerialization

    /// <summary>Rematerialization (<c>jax.checkpoint</c>): the same function, whose intermediates are recomputed on the backward pass.</summary>
    let checkpoint (f: 'A -> 'B) : 'A -> 'B =
        ensureTrees ()
        let c = Functional.AD.Jax.Checkpoint<'A, 'B>(Func<'A, 'B> f, null)
        fun x -> c.Invoke x

    /// <summary>Rematerialization keeping what <paramref name="policy"/> allows (<c>CheckpointPolicy.DotsSaveable</c>...).</summary>
    let checkpointWith (policy: CheckpointPolicy) (f: 'A -> 'B) : 'A -> 'B =
        ensureTrees ()
        let c = Functional.AD.Jax.Checkpoint<'A, 'B>(Func<'A, 'B> f, policy)
        fun x -> c.Invoke x

    /// <summary>The residuals a reverse-mode pass of <paramref name="f"/> at <paramref name="x"/> keeps, with types, sizes and sources.</summary>
    let savedResiduals (f: 'A -> 'B) (x: 'A) : IReadOnlyList<SavedResidual> =
        ensureTrees ()
        Functional.AD.Jax.SavedResiduals<'A, 'B>(Func<'A, 'B> f, x)

    // ---------------------------------------------------------------- custom derivatives

    /// <summary>
    /// A function with a custom JVP rule (<c>jax.custom_jvp</c>): <c>rule x t</c> returns <c>(f x, tangent)</c>, linear in
    /// <c>t</c> (reverse mode transposes it).
    /// </summary>
    let customJvp (f: 'A -> 'B) (rule: 'A -> 'A -> 'B * 'B) : 'A -> 'B =
        ensureTrees ()
        let r =
            Func<'A, 'A, struct ('B * 'B)>(fun x t ->
                let primal, tangent = rule x t
                struct (primal, tangent))
        let c = Functional.AD.Jax.CustomJvp<'A, 'B>(Func<'A, 'B> f, r)
        fun x -> c.Invoke x

    /// <summary>
    /// A function with a custom reverse-mode rule (<c>jax.custom_vjp</c>): <c>fwd x</c> returns <c>(f x, residuals)</c>
    /// and <c>bwd residuals cotangent</c> the argument's cotangent.
    /// </summary>
    let customVjp (f: 'A -> 'B) (fwd: 'A -> 'B * 'R) (bwd: 'R -> 'B -> 'A) : 'A -> 'B =
        ensureTrees ()
        let forward =
            Func<'A, struct ('B * 'R)>(fun x ->
                let out, residuals = fwd x
                struct (out, residuals))
        let c = Functional.AD.Jax.CustomVjp<'A, 'B, 'R>(Func<'A, 'B> f, forward, Func<'R, 'B, 'A>(fun r u -> bwd r u))
        fun x -> c.Invoke x
