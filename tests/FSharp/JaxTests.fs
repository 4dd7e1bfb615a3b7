/// The curried transforms of Functional.AD.FSharp against the C# API on the same inputs.
module Functional.AD.FSharp.Tests.JaxTests

open System
open Xunit
open FsCheck.FSharp
open Functional.AD
open Functional.AD.FSharp

// ---------------------------------------------------------------- helpers (also used by ModuleTests and PitfallTests)

/// The values of an array as float.
let values (x: NDArray) = x.ToArray<float>()

/// Asserts equal shapes and values within a relative tolerance.
let closeWithin (tolerance: float) (expected: NDArray) (actual: NDArray) =
    Assert.Equal(string expected.Shape, string actual.Shape)
    let e, a = values expected, values actual
    for i in 0 .. e.Length - 1 do
        if Double.IsNaN e.[i] then Assert.True(Double.IsNaN a.[i], $"element {i}: expected NaN, got {a.[i]}")
        elif Math.Abs(e.[i] - a.[i]) > tolerance * (1.0 + Math.Abs e.[i]) then
            Assert.Fail($"element {i}: expected {e.[i]}, got {a.[i]}\nexpected {expected}\nactual {actual}")

/// Asserts equal shapes and values up to rounding.
let close (expected: NDArray) (actual: NDArray) = closeWithin 1e-9 expected actual

/// Asserts bitwise-equal shapes, dtypes and values.
let same (expected: NDArray) (actual: NDArray) =
    Assert.Equal(expected.DType, actual.DType)
    Assert.Equal(string expected.Shape, string actual.Shape)
    Assert.Equal<float>(values expected, values actual)

let private element = Gen.choose (-200, 200) |> Gen.map (fun i -> float i / 100.0)

/// A random f64 vector of the length.
let vectorOf n = Gen.arrayOfLength n element |> Gen.map Np.array

/// Random pairs of f64 vectors of one length (1 to 5).
let vectorPairs =
    gen {
        let! n = Gen.choose (1, 5)
        let! a = vectorOf n
        let! b = vectorOf n
        return a, b
    }
    |> Arb.fromGen

/// Random f64 matrices (1 to 4 rows, 1 to 4 columns) with a vector of the column count.
let matrixAndVector =
    gen {
        let! rows = Gen.choose (1, 4)
        let! cols = Gen.choose (1, 4)
        let! m = Gen.arrayOfLength (rows * cols) element
        let! v = vectorOf cols
        return Np.fromFlat [ rows; cols ] m, v
    }
    |> Arb.fromGen

let private scalarLoss (x: NDArray) = Np.sum (sin x * x)

let private vectorFn (x: NDArray) = sin x * Np.sum (x * x) + Np.cumsum 0 x

/// The inner product of two arrays of one shape.
let inner (a: NDArray) (b: NDArray) = float (Np.sum (a * b))

type Layer = { W: NDArray; B: NDArray }

// ---------------------------------------------------------------- reverse mode

[<Fact>]
let ``grad equals the core's Grad on random vectors`` () =
    let g = grad scalarLoss
    let core = Jax.Grad(Func<NDArray, NDArray> scalarLoss)
    Check.property 50 vectorPairs (fun (x, _) -> same (core.Invoke x) (g x))

[<Fact>]
let ``valueAndGrad returns an F# tuple equal to the core's`` () =
    let vg = valueAndGrad scalarLoss
    let core = Jax.ValueAndGrad(Func<NDArray, NDArray> scalarLoss)
    Check.property 30 vectorPairs (fun (x, _) ->
        let value, gradient = vg x
        let struct (cv, cg) = core.Invoke x
        same cv value
        same cg gradient)

[<Fact>]
let ``grad over an F# record and an F# tuple matches the core's`` () =
    let loss (l: Layer) = Np.sum (tanh (l.W * 2.0 + l.B))
    let layer = { W = Np.array [ 0.5; -1.0 ]; B = Np.array [ 0.1; 0.2 ] }
    let g = grad loss layer
    let c = Jax.Grad(Func<Layer, NDArray> loss).Invoke layer
    same c.W g.W
    same c.B g.B
    let tupled (a: NDArray, b: NDArray) = Np.sum (a * b * b)
    let ga, gb = grad tupled (layer.W, layer.B)
    same (layer.B * layer.B) ga
    close (layer.W * layer.B * 2.0) gb

[<Fact>]
let ``gradWrtFirst, gradWrtSecond and gradWrtBoth are the partial derivatives`` () =
    let f (a: NDArray) (b: NDArray) = Np.sum (sin a * b * b)
    Check.property 30 vectorPairs (fun (a, b) ->
        same (grad (fun a -> f a b) a) (gradWrtFirst f a b)
        same (Jax.Grad(Func<NDArray, NDArray, NDArray> f).Invoke(a, b)) (gradWrtFirst f a b)
        same (grad (fun b -> f a b) b) (gradWrtSecond f a b)
        let ga, gb = gradWrtBoth f a b
        same (gradWrtFirst f a b) ga
        same (gradWrtSecond f a b) gb
        let v1, g1 = valueAndGradWrtFirst f a b
        let v2, g2 = valueAndGradWrtSecond f a b
        let v3, (ga3, gb3) = valueAndGradWrtBoth f a b
        for v in [ v1; v2; v3 ] do same (f a b) v
        same ga g1
        same gb g2
        same ga ga3
        same gb gb3)

[<Fact>]
let ``gradWithAux differentiates the loss only and returns the aux as computed`` () =
    let f (x: NDArray) = Np.sum (x * x), (x * 3.0, Np.argMax 0 x)
    Check.property 30 vectorPairs (fun (x, _) ->
        let gradient, (scaled, index) = gradWithAux f x
        same (x * 2.0) gradient
        same (x * 3.0) scaled
        same (Np.argMax 0 x) index
        let (loss, (scaled2, _)), gradient2 = valueAndGradWithAux f x
        same (Np.sum (x * x)) loss
        same scaled scaled2
        same gradient gradient2)

[<Fact>]
let ``gradWithAux nests under grad and jit`` () =
    let f (x: NDArray) = Np.sum (sin x), cos x
    let x = Np.array [ 0.3; 1.2 ]
    let outer = grad (fun x -> let g, aux = gradWithAux f x in Np.sum (g * aux)) x
    // d/dx sum(cos x * cos x) = -2 sin x cos x
    close (-2.0 * sin x * cos x) outer
    let jitted = jit (fun x -> gradWithAux f x)
    let g, aux = jitted x
    close (cos x) g
    close (cos x) aux

[<Fact>]
let ``gradWithAux rejects a non-scalar loss`` () =
    let e = Assert.Throws<ArgumentException>(fun () -> gradWithAux (fun (x: NDArray) -> x, x) (Np.array [ 1.0; 2.0 ]) |> ignore)
    Assert.Contains("gradient only defined for scalar-output functions", e.Message)

[<Fact>]
let ``gradWithAuxWrtSecond differentiates the second argument and returns the aux`` () =
    let f (a: NDArray) (b: NDArray) = Np.sum (sin a * b * b), a + b
    Check.property 30 vectorPairs (fun (a, b) ->
        let gradient, aux = gradWithAuxWrtSecond f a b
        close (sin a * b * 2.0) gradient
        same (a + b) aux)

[<Fact>]
let ``jvpWithAux, vjpWithAux and linearizeWithAux differentiate the output only and return the aux`` () =
    let f (x: NDArray) = sin x * x, (exp x, Np.sum x)
    Check.property 30 vectorPairs (fun (x, v) ->
        let derivative = sin x + x * cos x
        let primal, tangent, (e, total) = jvpWithAux f x v
        same (sin x * x) primal
        close (derivative * v) tangent
        same (exp x) e
        same (Np.sum x) total
        let value, pullback, (e2, _) = vjpWithAux f x
        same primal value
        close (derivative * v) (pullback v)
        same e e2
        let value3, linear, (_, total3) = linearizeWithAux f x
        same primal value3
        close tangent (linear v)
        same total total3)

[<Fact>]
let ``jacfwdWithAux, jacrevWithAux and hessianWithAux return the derivative and the aux`` () =
    Check.property 30 vectorPairs (fun (x, _) ->
        // sin x * sum x: J = diag(cos x * sum x) + sin x outer 1
        let expected = Np.eye x.Size * (cos x * Np.sum x) + Np.outer (sin x) (Np.onesLike x)
        let jf, auxF = jacfwdWithAux (fun (t: NDArray) -> sin t * Np.sum t, t * t) x
        let jr, auxR = jacrevWithAux (fun (t: NDArray) -> sin t * Np.sum t, t * t) x
        close expected jf
        close expected jr
        same (x * x) auxF
        same (x * x) auxR
        // sum x^3 / 3: H = diag(2x)
        let h, m = hessianWithAux (fun (t: NDArray) -> Np.sum (t * t * t) / 3.0, Np.max t) x
        close (Np.eye x.Size * (x * 2.0)) h
        same (Np.max x) m)

[<Fact>]
let ``jacobians and hessians with respect to the second or both arguments`` () =
    let f (a: NDArray) (b: NDArray) = sin a * b * b
    let s (a: NDArray) (b: NDArray) = Np.sum (f a b)
    Check.property 30 vectorPairs (fun (a, b) ->
        let eye = Np.eye a.Size
        close (eye * (sin a * b * 2.0)) (jacfwdWrtSecond f a b)
        close (eye * (sin a * b * 2.0)) (jacrevWrtSecond f a b)
        let ja, jb = jacrevWrtBoth f a b
        close (eye * (cos a * b * b)) ja
        close (eye * (sin a * b * 2.0)) jb
        close (eye * (sin a * 2.0)) (hessianWrtSecond s a b)
        let (haa, hab), (hba, hbb) = hessianWrtBoth s a b
        close (eye * (-(sin a) * b * b)) haa
        close (eye * (cos a * b * 2.0)) hab
        close hab hba
        close (eye * (sin a * 2.0)) hbb)

// ---------------------------------------------------------------- forward mode, vjp, linearize

[<Fact>]
let ``jvp equals the core's Jvp and returns an F# tuple`` () =
    let j = jvp vectorFn
    Check.property 40 vectorPairs (fun (x, v) ->
        let primal, tangent = j x v
        let struct (cp, ct) = Jax.Jvp(Func<NDArray, NDArray> vectorFn, x, v)
        same cp primal
        same ct tangent)

[<Fact>]
let ``vjp and jvp agree: <u, J v> = <J^T u, v>`` () =
    Check.property 40 vectorPairs (fun (x, v) ->
        let u = cos v + x
        let _, jv = jvp vectorFn x v
        let y, pullback = vjp vectorFn x
        same (vectorFn x) y
        let lhs, rhs = inner u jv, inner (pullback u) v
        Assert.True(Math.Abs(lhs - rhs) <= 1e-9 * (1.0 + Math.Abs lhs), $"{lhs} <> {rhs}"))

[<Fact>]
let ``vjp's pullback equals the core's`` () =
    Check.property 30 vectorPairs (fun (x, u) ->
        let _, pullback = vjp vectorFn x
        let struct (_, corePullback) = Jax.Vjp(Func<NDArray, NDArray> vectorFn, x)
        same (corePullback.Invoke u) (pullback u))

[<Fact>]
let ``linearize gives the value and the jvp as an F# function`` () =
    Check.property 30 vectorPairs (fun (x, v) ->
        let y, linear = linearize vectorFn x
        let primal, tangent = jvp vectorFn x v
        close primal y
        close tangent (linear v))

[<Fact>]
let ``linearTranspose equals the core's and transposes a matrix product`` () =
    Check.property 30 matrixAndVector (fun (m, v) ->
        let f (x: NDArray) = Np.matmul m x
        let t = linearTranspose f v
        let u = Np.onesLike (f v) * 0.5
        same (Jax.LinearTranspose(Func<NDArray, NDArray> f, v).Invoke u) (t u)
        close (Np.matmul (Np.transpose m) u) (t u))

[<Fact>]
let ``hvp equals jvp of grad and the core's Hvp`` () =
    Check.property 30 vectorPairs (fun (x, v) ->
        let h = hvp scalarLoss x v
        same (snd (jvp (grad scalarLoss) x v)) h
        close (Jax.Hvp(Func<NDArray, NDArray> scalarLoss, x, v)) h)

[<Fact>]
let ``hvp works on a pytree argument`` () =
    let loss (l: Layer) = Np.sum (l.W * l.W * l.B)
    let p = { W = Np.array [ 1.0; 2.0 ]; B = Np.array [ 3.0; 4.0 ] }
    let v = { W = Np.array [ 1.0; 0.0 ]; B = Np.array [ 0.0; 1.0 ] }
    let h = hvp loss p v
    // d2/dW2 = 2B, d2/dWdB = 2W
    close (Np.array [ 6.0; 4.0 ]) h.W
    close (Np.array [ 2.0; 0.0 ]) h.B

[<Fact>]
let ``jacfwd, jacrev and hessian equal the core's`` () =
    Check.property 30 vectorPairs (fun (x, _) ->
        let core = Jax.Jacfwd(Func<NDArray, NDArray> vectorFn).Invoke x
        same core (jacfwd vectorFn x)
        same (Jax.Jacrev(Func<NDArray, NDArray> vectorFn).Invoke x) (jacrev vectorFn x)
        close core (jacrev vectorFn x)
        same (Jax.Hessian(Func<NDArray, NDArray> scalarLoss).Invoke x) (hessian scalarLoss x))

// ---------------------------------------------------------------- batching

[<Fact>]
let ``vmap equals a loop over the rows`` () =
    let f (row: NDArray) = Np.sum (sin row) * row
    Check.property 30 matrixAndVector (fun (m, _) ->
        let loop = Np.stack [ for i in 0 .. m.Shape.[0] - 1 -> f m.[i] ]
        close loop (vmap f m)
        same (Jax.Vmap(Func<NDArray, NDArray> f).Invoke m) (vmap f m))

[<Fact>]
let ``vmapWith maps along the given axes`` () =
    let f (col: NDArray) = col * Np.sum col
    Check.property 30 matrixAndVector (fun (m, _) ->
        let byColumns = vmapWith (Some 1) 1 f m
        same (Jax.Vmap(Func<NDArray, NDArray> f, 1, 1).Invoke m) byColumns
        close (Np.transpose (vmap f (Np.transpose m))) byColumns
        close (vmap f (Np.transpose m)) (vmapWith (Some -1) 0 f m))

[<Fact>]
let ``vmap2 maps one argument and broadcasts the other`` () =
    let f (row: NDArray) (v: NDArray) = Np.dot row v
    Check.property 30 matrixAndVector (fun (m, v) ->
        close (Np.matmul m v) (vmap2 (Some 0, None) f m v)
        let core = Jax.Vmap(Func<NDArray, NDArray, NDArray> f, struct (Nullable 0, Nullable()), 0)
        same (core.Invoke(m, v)) (vmap2 (Some 0, None) f m v)
        close (Np.matmul m v) (vmap2 (None, Some 0) (fun v row -> f row v) v m)
        close (Np.matmul m v) (vmap2With (Some 0, None) 0 f m v))

[<Fact>]
let ``vmapNamed with psum equals each row times the sum of the rows`` () =
    Check.property 30 matrixAndVector (fun (m, _) ->
        let rows = [ for i in 0 .. m.Shape.[0] - 1 -> m.[i] ]
        let total = List.reduce (+) rows
        close (Np.stack [ for r in rows -> r * total ]) (vmapNamed "i" (fun r -> r * Lax.psum "i" r) m)
        close (Np.stack rows) (vmapAxes (VmapAxes.Axis 0) null None (Some "i") (Lax.allGather "i" 0 false) m))

[<Fact>]
let ``vmapAxes maps a prefix of the argument and returns unmapped outputs once`` () =
    Check.property 30 matrixAndVector (fun (m, v) ->
        let f (struct (row: NDArray, w: NDArray)) = struct (row * w, Lax.pmax "i" row)
        let struct (products, largest) =
            vmapAxes (VmapAxes.Node(VmapAxes.Axis 0, null)) (VmapAxes.Node(VmapAxes.Axis 0, null)) None (Some "i") f (struct (m, v))
        let rows = [ for i in 0 .. m.Shape.[0] - 1 -> m.[i] ]
        close (Np.stack [ for r in rows -> r * v ]) products
        close (List.reduce Np.maximum rows) largest)

[<Fact>]
let ``vmapFields maps tuple elements and record fields one axis each`` () =
    Check.property 30 matrixAndVector (fun (m, v) ->
        let f (rows: NDArray, w: NDArray) = Np.dot rows w
        close (Np.matmul m v) (vmapFields [ Some 0; None ] f (m, v))
        let g (l: Layer) = Np.dot l.W l.B
        close (Np.matmul m v) (vmapFields [ Some 0; None ] g { W = m; B = v })
        close (Np.matmul m v) (vmapFieldsWith [ None; Some 0 ] 0 (fun (w: NDArray, rows: NDArray) -> Np.dot rows w) (v, m)))

[<Fact>]
let ``vmapFields passes an unmapped element unchanged, whatever its type`` () =
    let f (x: NDArray, scale: float) = x * scale
    close (Np.array [ 2.0; 4.0 ]) (vmapFields [ Some 0; None ] f (Np.array [ 1.0; 2.0 ], 2.0))

[<Fact>]
let ``vmapFields rejects a wrong number of axes and a non-tuple argument`` () =
    let e = Assert.Throws<ArgumentException>(fun () -> vmapFields [ Some 0 ] (fun (a: NDArray, b: NDArray) -> a + b) |> ignore)
    Assert.Contains("1 in axes given for an argument with 2 elements", e.Message)
    Assert.Throws<ArgumentException>(fun () -> vmapFields [ Some 0 ] (fun (a: NDArray) -> a) |> ignore) |> ignore

// ---------------------------------------------------------------- staging

[<Fact>]
let ``jit equals eager and the core's Jit`` () =
    let g = jit vectorFn
    let core = Jax.Jit(Func<NDArray, NDArray> vectorFn)
    Check.property 30 vectorPairs (fun (x, _) ->
        close (vectorFn x) (g x)
        same (core.Invoke x) (g x))

[<Fact>]
let ``jit traces once per signature: the F# function holds the compiled function`` () =
    let mutable traces = 0
    let g = jit (fun (x: NDArray) -> traces <- traces + 1; x * 2.0 + 1.0)
    for i in 1 .. 5 do close (Np.array [ float i; 1.0 ] * 2.0 + 1.0) (g (Np.array [ float i; 1.0 ]))
    Assert.Equal(1, traces)
    g (Np.array [ 1.0; 2.0; 3.0 ]) |> ignore
    Assert.Equal(2, traces)
    let mutable traces2 = 0
    let h = jit2 (fun (a: NDArray) (b: NDArray) -> traces2 <- traces2 + 1; a * b)
    for i in 1 .. 3 do close (Np.array [ float i * 3.0 ]) (h (Np.array [ float i ]) (Np.array [ 3.0 ]))
    Assert.Equal(1, traces2)

[<Fact>]
let ``jit over an F# record and tuple`` () =
    let step = jit (fun (l: Layer, x: NDArray) -> { W = l.W - x; B = l.B * 2.0 })
    let r = step ({ W = Np.array [ 1.0; 2.0 ]; B = Np.array [ 3.0 ] }, Np.array [ 0.5; 0.5 ])
    close (Np.array [ 0.5; 1.5 ]) r.W
    close (Np.array [ 6.0 ]) r.B

[<Fact>]
let ``evalShape gives output types without running; evalJaxpr evaluates makeJaxpr's result`` () =
    let mutable concrete = 0
    let f (l: Layer, x: NDArray) =
        (try (float (Np.sum x)) |> ignore; concrete <- concrete + 1 with :? ConcretizationException -> ())
        { W = l.W * x; B = Np.sum l.B }
    let shapes = evalShape f ({ W = ShapeDtypeStruct([| 2 |], DType.Float32); B = Np.array [ 3.0; 4.0 ] }, Np.array [ 1.0f; 2.0f ])
    Assert.Equal(0, concrete)
    Assert.Equal("f32[2]", string shapes.W.ArrayType)
    Assert.Equal("f64[]", string shapes.B.ArrayType)
    let x = Np.array [ 0.5; -1.0 ]
    let g (v: NDArray) = Np.sin v * 2.0
    match evalJaxpr (makeJaxpr g x) [ x ] with
    | [ y ] -> same (g x) y
    | other -> Assert.Fail($"expected one output, got {other.Length}")

[<Fact>]
let ``disableJit runs jitted functions eagerly; jitStatic keys the cache on the static value`` () =
    let h = jit (fun (x: NDArray) -> if float x > 0.0 then x else -x)
    Assert.Throws<ConcretizationException>(fun () -> h (Np.scalar 2.0) |> ignore) |> ignore
    do
        use _ = disableJit ()
        close (Np.scalar 2.0) (h (Np.scalar -2.0))
    Assert.Throws<ConcretizationException>(fun () -> h (Np.scalar 2.0) |> ignore) |> ignore
    let mutable traces = 0
    let p = jitStatic (fun (n: int) (x: NDArray) -> traces <- traces + 1; List.fold (fun acc _ -> acc * x) x [ 2 .. n ])
    close (Np.array [ 8.0 ]) (p 3 (Np.array [ 2.0 ]))
    close (Np.array [ 27.0 ]) (p 3 (Np.array [ 3.0 ]))
    close (Np.array [ 4.0 ]) (p 2 (Np.array [ 2.0 ]))
    Assert.Equal(2, traces)

[<Fact>]
let ``makeJaxpr prints the core's jaxpr`` () =
    let f (x: NDArray) = sin x * 2.0
    let x = Np.array [ 1.0; 2.0; 3.0 ]
    let j = makeJaxpr f x
    Assert.Equal(string (Jax.MakeJaxpr(Func<NDArray, NDArray> f).Invoke x), string j)
    Assert.Contains("sin", string j)

[<Fact>]
let ``checkpoint and checkpointWith keep values and derivatives`` () =
    let block (x: NDArray) = tanh (Np.matmul (Np.outer x x) x)
    Check.property 20 vectorPairs (fun (x, _) ->
        let loss f x = Np.sum (f x)
        close (grad (loss block) x) (grad (loss (checkpoint block)) x)
        close (grad (loss block) x) (grad (loss (checkpointWith CheckpointPolicy.DotsSaveable block)) x)
        close (block x) (checkpoint block x))
    let x = Np.array [ 0.1; 0.2; 0.3 ]
    Assert.Contains("checkpoint", string (makeJaxpr (checkpoint block) x))

[<Fact>]
let ``savedResiduals lists what the backward pass keeps`` () =
    let x = Np.array [ 0.1; 0.2 ]
    let saved = savedResiduals (fun (x: NDArray) -> Np.sum (sin x)) x
    Assert.NotEmpty saved
    Assert.Equal(Jax.SavedResiduals(Func<NDArray, NDArray>(fun x -> Np.sum (sin x)), x).Count, saved.Count)

// ---------------------------------------------------------------- custom derivatives

[<Fact>]
let ``customJvp uses the rule in forward and reverse mode, like the core's`` () =
    // A deliberately "wrong" rule (twice the true derivative) shows the rule is used.
    let f (x: NDArray) = sin x
    let g = customJvp f (fun x t -> sin x, cos x * t * 2.0)
    let core = Jax.CustomJvp(Func<NDArray, NDArray> f, Func<NDArray, NDArray, struct (NDArray * NDArray)>(fun x t -> struct (sin x, cos x * t * 2.0)))
    Check.property 30 vectorPairs (fun (x, v) ->
        close (sin x) (g x)
        close (cos x * v * 2.0) (snd (jvp g x v))
        close (cos x * 2.0) (grad (fun x -> Np.sum (g x)) x)
        same (grad (fun x -> Np.sum (core.Invoke x)) x) (grad (fun x -> Np.sum (g x)) x))

[<Fact>]
let ``customVjp uses fwd and bwd with F# tuple residuals`` () =
    let f (x: NDArray) = x * x
    let g = customVjp f (fun x -> x * x, (x, Np.onesLike x * 3.0)) (fun (x, three) u -> u * x * three)
    Check.property 30 vectorPairs (fun (x, _) ->
        close (x * x) (g x)
        close (x * 3.0) (grad (fun x -> Np.sum (g x)) x))

// ---------------------------------------------------------------- F# pytrees (these need Trees.fs from the trees helper)

[<Fact; Trait("Depends", "Trees")>]
let ``grad, vmap and jit over F# lists`` () =
    let loss (ps: NDArray list) = ps |> List.map (fun p -> Np.sum (p * p)) |> List.reduce (+)
    let ps = [ Np.array [ 1.0; 2.0 ]; Np.array [ 3.0 ] ]
    let gs = grad loss ps
    Assert.Equal(2, gs.Length)
    List.iter2 (fun p g -> close (p * 2.0) g) ps gs
    let doubled = vmap (fun (xs: NDArray list) -> xs |> List.map (fun x -> x * 2.0)) [ Np.array [ 1.0; 2.0 ] ]
    close (Np.array [ 2.0; 4.0 ]) doubled.Head
    close (loss ps) (jit loss ps)

type Model = { Layers: NDArray list; Scale: NDArray option }

[<Fact; Trait("Depends", "Trees")>]
let ``grad and jit over a record with list and option fields`` () =
    let loss (m: Model) =
        let s = defaultArg m.Scale (Np.scalar 1.0)
        m.Layers |> List.map (fun w -> Np.sum (w * w * s)) |> List.reduce (+)
    let m = { Layers = [ Np.array [ 1.0; 2.0 ] ]; Scale = None }
    let g = grad loss m
    close (Np.array [ 2.0; 4.0 ]) g.Layers.Head
    Assert.True(g.Scale.IsNone)
    close (loss m) (jit loss m)

// ---------------------------------------------------------------- the example of PACKAGE.md

type Dense = { W: NDArray; B: NDArray }

[<Fact>]
let ``the PACKAGE.md example runs and prints the documented gradient`` () =
    let f (x: NDArray) = Np.sum (sin x * x)
    let x = Np.array [ 0.5; 1.0; 1.5 ]
    let g = grad f x
    closeWithin 1e-8 (Np.array [ 0.91821682; 1.38177329; 1.10360079 ]) g
    let _, hv = jvp (grad f) x (Np.onesLike x)
    close (hvp f x (Np.onesLike x)) hv
    let gs = vmap (grad f) (Np.ones [ 8; 3 ])
    Assert.Equal("[8,3]", string gs.Shape)
    let loss (p: Dense) (xs: NDArray) = Np.mean (Np.square (Np.matmul xs p.W + p.B))
    let step =
        jit (fun (p: Dense, xs: NDArray) ->
            let gp = grad (fun p -> loss p xs) p
            { W = p.W - gp.W * 0.1; B = p.B - gp.B * 0.1 })
    let xs = Np.fromFlat [ 2; 3 ] [| 1.0; 0.0; 2.0; -1.0; 1.0; 0.5 |]
    let p0 = { W = Np.array [ 0.1; 0.2; 0.3 ]; B = Np.scalar 0.5 }
    let p1 = step (p0, xs)
    Assert.True(float (loss p1 xs) < float (loss p0 xs))
    Assert.Contains("sin", string (makeJaxpr f x))

[<Fact>]
let ``A jitted F# function prints as lambda in a jaxpr, not as the closure's Invoke method`` () =
    let f (x: NDArray) = sin x * 2.0
    let printed = string (makeJaxpr (fun (x: NDArray) -> jit f x) (Np.array [ 1.0; 2.0 ]))
    Assert.Contains("name=lambda", printed)
    Assert.DoesNotContain("Invoke", printed)

// ---------------------------------------------------------------- pytree Jacobians, allow_int, several static arguments

type Counter = { P: NDArray; Step: NDArray }

[<Fact>]
let ``gradAllowInt gives integer leaves a zero of their dtype and float leaves their gradient`` () =
    let loss (c: Counter) = Np.sum (c.P * c.P) * c.Step.AsType DType.Float64
    let c = { P = Np.array [ 0.5; -1.0 ]; Step = Functional.AD.Np.Scalar 3 }
    let g = gradAllowInt loss c
    close (c.P * 6.0) g.P
    Assert.Equal(DType.Int32, g.Step.DType)
    Assert.Equal(0, int g.Step)

[<Fact>]
let ``jacfwdTree, jacrevTree and hessianTree give blocks per leaf of an F# record`` () =
    let loss (l: Layer) = Np.sum (l.W * l.W * l.B)
    let layer: Layer = { W = Np.array [ 0.5; -1.0 ]; B = Np.array [ 0.1; 0.2 ] }
    // d/dW = 2 W B, d/dB = W²; H[W][W] = diag 2B, H[W][B] = diag 2W, H[B][B] = 0
    let jf = jacfwdTree loss layer
    let jr = jacrevTree loss layer
    close (layer.W * layer.B * 2.0) jf.W
    close (layer.W * layer.W) jr.B
    let h = hessianTree loss layer
    let eye = Functional.AD.Np.Eye 2
    close (eye * (layer.B * 2.0)) (h.Block((fun (p: Layer) -> p.W), (fun (p: Layer) -> p.W)))
    close (eye * (layer.W * 2.0)) (h.Block((fun (p: Layer) -> p.W), (fun (p: Layer) -> p.B)))
    close (eye * 0.0) h.[1, 1]

[<Fact>]
let ``jitStatic2 keys the cache on both static arguments`` () =
    let mutable traces = 0
    let f =
        jitStatic2 (fun (n: int) (op: string) (x: NDArray) ->
            traces <- traces + 1
            if op = "scale" then x * float n else x + float n)
    let x = Np.array [ 1.0; 2.0 ]
    close (x * 3.0) (f 3 "scale" x)
    close (x * 3.0) (f 3 "scale" x)
    Assert.Equal(1, traces)
    close (x + 3.0) (f 3 "shift" x)
    close (x * 2.0) (f 2 "scale" x)
    Assert.Equal(3, traces)

[<Fact>]
let ``debugCallback runs on every jitted call and once per vmapped example`` () =
    let seen = ResizeArray<float[]>()
    let f =
        Jax.jit (fun (x: NDArray) ->
            Jax.debugCallback (fun (v: NDArray) -> seen.Add(values v)) x
            x * 2.0)
    f (Np.array [ 1.0; 2.0 ]) |> ignore
    f (Np.array [ 3.0; 4.0 ]) |> ignore
    Assert.Equal<float[]>([ [| 1.0; 2.0 |]; [| 3.0; 4.0 |] ], List.ofSeq seen)
    seen.Clear()
    let g = Jax.vmap (fun (r: NDArray) -> Jax.debugCallback (fun (v: NDArray) -> seen.Add(values v)) r; r)
    g (Np.array2 [ [ 1.0; 2.0 ]; [ 3.0; 4.0 ] ]) |> ignore
    Assert.Equal<float[]>([ [| 1.0; 2.0 |]; [| 3.0; 4.0 |] ], List.ofSeq seen)

[<Fact>]
let ``linalg eigh, eigvalsh and svdvals equal the C# calls`` () =
    let a = Np.array2 [ [ 2.0; 1.0 ]; [ 1.0; 3.0 ] ]
    let w, v = Np.Linalg.eigh a
    let struct (cw, cv) = Functional.AD.Np.Linalg.Eigh(a)
    same cw w
    same cv v
    same (Functional.AD.Np.Linalg.Eigvalsh a) (Np.Linalg.eigvalsh a)
    same (Functional.AD.Np.Linalg.Svdvals a) (Np.Linalg.svdvals a)
    let lv, lw = Lax.Linalg.eigh a
    same v lv
    same w lw

[<Fact>]
let ``cholesky and triangularSolve equal the C# calls`` () =
    let a = Np.array2 [ [ 4.0; 1.0 ]; [ 1.0; 3.0 ] ]
    let l = Np.Linalg.cholesky a
    same (Functional.AD.Np.Linalg.Cholesky a) l
    same l (Lax.Linalg.cholesky a)
    let b = Np.array2 [ [ 1.0 ]; [ 2.0 ] ]
    same (Functional.AD.Lax.Linalg.TriangularSolve(l, b, true, true)) (Lax.Linalg.triangularSolve true true false l b)

[<Fact>]
let ``multivariateNormal and the random initializers equal the C# calls`` () =
    let key = Functional.AD.Random.Key 4L
    let mean = Np.array [ 1.0; 2.0 ]
    let cov = Np.array2 [ [ 2.0; 0.5 ]; [ 0.5; 1.0 ] ]
    same (Functional.AD.Random.MultivariateNormal(key, mean, cov)) (key |> Random.multivariateNormal mean cov)
    same (Functional.AD.Nn.Initializers.GlorotUniform().Invoke(key, [| 3; 4 |], DType.Float32)) (Nn.Initializers.glorotUniform () key [ 3; 4 ] DType.Float32)
    same (Functional.AD.Nn.Initializers.Orthogonal(1.0, -1).Invoke(key, [| 4; 3 |], DType.Float64)) (Nn.Initializers.orthogonal 1.0 -1 key [ 4; 3 ] DType.Float64)

[<Fact>]
let ``jitDonate and jit2Donate give jit's values and delete the donated arrays`` () =
    let n = 20011
    let fresh s = (Np.linspace s (s + 1.0) n) * 1.0
    let step (p: NDArray, m: NDArray) (g: NDArray) = (p - 0.1 * m, 0.9 * m + g)
    let plain = jit2 step
    let donating = jit2Donate step
    let g = fresh 3.0
    let mutable a = (fresh 1.0, fresh 2.0)
    let mutable b = (fresh 1.0, fresh 2.0)
    for _ in 1 .. 3 do
        let old = fst b
        a <- plain a g
        b <- donating b g
        Assert.Throws<InvalidOperationException>(fun () -> old.ToArray<float>() |> ignore) |> ignore
    Assert.Equal<float[]>(values (fst a), values (fst b))
    Assert.Equal<float[]>(values (snd a), values (snd b))
    Assert.Equal<float[]>(values (fresh 3.0), values g)
    let twice = jitDonate (fun (x: NDArray) -> x * 2.0)
    let x = fresh 4.0
    closeWithin 0.0 (fresh 4.0 * 2.0) (twice x)
    Assert.Throws<InvalidOperationException>(fun () -> x.ToArray<float>() |> ignore) |> ignore
