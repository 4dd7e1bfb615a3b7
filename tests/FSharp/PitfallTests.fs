/// The classic F# pitfalls with the C# API, and how the F# surface makes them work, fail clearly, or documents them.
module Functional.AD.FSharp.Tests.PitfallTests

open System
open Xunit
open Functional.AD
open Functional.AD.FSharp
open Functional.AD.FSharp.Tests.JaxTests

let private p = Np.array [ 1.0; 2.0 ]
let private b = Np.array [ 3.0; -1.0 ]

// (a) Curried versus tupled: what grad differentiates.

let private lossCurried (p: NDArray) (b: NDArray) = Np.sum (p * p * b)
let private lossTupled (p: NDArray, b: NDArray) = Np.sum (p * p * b)

[<Fact>]
let ``(a) grad of a tupled loss differentiates the whole tuple`` () =
    // grad lossTupled: the argument is the tuple, so the gradient is a tuple too (one entry per element).
    let gp, gb = grad lossTupled (p, b)
    close (p * b * 2.0) gp
    close (p * p) gb

[<Fact>]
let ``(a) a curried loss is differentiated in the argument you close over or name`` () =
    // `grad lossCurried` does not compile (it is not a function returning NDArray); say which argument:
    close (p * b * 2.0) (grad (fun p -> lossCurried p b) p)
    close (p * b * 2.0) (gradWrtFirst lossCurried p b)
    close (p * p) (gradWrtSecond lossCurried p b)
    let gp, gb = gradWrtBoth lossCurried p b
    close (p * b * 2.0) gp
    close (p * p) gb

// (b) No .Invoke: the transforms return F# functions.

[<Fact>]
let ``(b) grad f x works without Invoke and equals Jax.Grad(f).Invoke(x)`` () =
    let f (x: NDArray) = Np.sum (sin x * x)
    same (Jax.Grad(Func<NDArray, NDArray> f).Invoke p) (grad f p)
    // and composes with F# function composition and piping
    let g = grad f >> Np.sum
    same (Np.sum (grad f p)) (p |> g)
    // Jax.grad (the F# module) and Jax.Grad (the C# class) are both reachable under the same prefix
    same (Jax.grad f p) (Jax.Grad(Func<NDArray, NDArray> f).Invoke p)

// (c) F# tuples, not struct tuples.

[<Fact>]
let ``(c) jvp, valueAndGrad and vjp return F# tuples usable with let patterns`` () =
    let (primal, tangent) = jvp sin p b
    close (sin p) primal
    close (cos p * b) tangent
    let value, gradient = valueAndGrad (fun x -> Np.sum (x * x)) p
    close (Np.sum (p * p)) value
    close (p * 2.0) gradient
    let y, pullback = vjp sin p
    close (sin p) y
    close (cos p * b) (pullback b)
    // jvp (grad f): the Hessian-vector product without glue
    let _, hv = jvp (grad (fun x -> Np.sum (x * x * x))) p b
    close (p * b * 6.0) hv

// (d) Axes as options, not struct (Nullable(), Nullable 0).

[<Fact>]
let ``(d) vmap axes are int options: None broadcasts an argument`` () =
    let xs = Np.fromFlat [ 3; 2 ] [| 1.0; 2.0; 3.0; 4.0; 5.0; 6.0 |]
    let f (x: NDArray) (w: NDArray) = Np.dot x w
    close (Np.matmul xs b) (vmap2 (Some 0, None) f xs b)
    close (Np.matmul xs b) (vmapFields [ Some 0; None ] (fun (x, w) -> f x w) (xs, b))
    // Mapping nothing is an error that says so (the batch size would be unknown).
    let e = Assert.Throws<ArgumentException>(fun () -> vmapWith None 0 (fun (x: NDArray) -> x) p |> ignore)
    Assert.Contains("no argument is mapped", e.Message)
    let e2 = Assert.Throws<ArgumentException>(fun () -> vmap2 (None, None) f xs b |> ignore)
    Assert.Contains("no argument is mapped", e2.Message)

// (e) Reading a traced value inside jit.

[<Fact>]
let ``(e) reading a traced value inside jit is a ConcretizationException naming the fix`` () =
    let g = jit (fun (x: NDArray) -> if float (Np.sum x) > 0.0 then x else -x)
    let e = Assert.Throws<ConcretizationException>(fun () -> g p |> ignore)
    Assert.Contains("Lax.Cond", e.Message)
    Assert.IsAssignableFrom<InvalidOperationException>(e) |> ignore
    // the fix: stage the branch
    let h = jit (fun (x: NDArray) -> Lax.cond (Np.greater (Np.sum x) (Np.scalar 0.0)) id (fun x -> -x) x)
    close p (h p)
    close p (h (-p))

[<Fact>]
let ``(e) the same under vmap`` () =
    let e = Assert.Throws<ConcretizationException>(fun () -> vmap (fun (x: NDArray) -> if float x > 0.0 then x else -x) p |> ignore)
    Assert.Contains("Lax.Cond", e.Message)

// (f) A float where an NDArray is traced.

[<Fact>]
let ``(f) a float argument of a transform fails at once, saying to declare it NDArray`` () =
    let e = Assert.Throws<ArgumentException>(fun () -> grad (fun (x: float) -> Np.scalar x) 2.0 |> ignore)
    Assert.Contains("declare it NDArray", e.Message)
    let e2 = Assert.Throws<ArgumentException>(fun () -> jit (fun (x: NDArray, s: float) -> x * s) (p, 2.0) |> ignore)
    Assert.Contains("declare it NDArray", e2.Message)
    // the fix: an NDArray (Np.scalar, or a C# number converted by a method call)
    close (p * 2.0) (jit (fun (x: NDArray, s: NDArray) -> x * s) (p, Np.scalar 2.0))
    // A float that is not traced (a None axis of vmap) is passed unchanged:
    close (p * 2.0) (vmapFields [ Some 0; None ] (fun (x: NDArray, s: float) -> x * s) (p, 2.0))

// Documented behaviour: jit caches per jit call.

[<Fact>]
let ``jit f x written inline compiles each time; bind let g = jit f once`` () =
    let mutable traces = 0
    let f (x: NDArray) =
        traces <- traces + 1
        x + 1.0
    jit f p |> ignore
    jit f p |> ignore
    Assert.Equal(2, traces)
    let g = jit f
    g p |> ignore
    g p |> ignore
    Assert.Equal(3, traces)

// Documented behaviour: side effects inside jit run at trace time only.

[<Fact>]
let ``printing inside jit happens when tracing, not on every call`` () =
    let log = Collections.Generic.List<string>()
    let g = jit (fun (x: NDArray) -> log.Add(string x.Shape); x * 2.0)
    for _ in 1 .. 3 do g p |> ignore
    Assert.Equal<string>([ "[2]" ], log)
