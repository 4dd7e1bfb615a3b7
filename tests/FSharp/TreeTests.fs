/// F# values as pytrees: which leaves, in which order, which structure; round trips; the C# transforms over them.
module Functional.AD.FSharp.Tests.TreeTests

open System
open Xunit
open FsCheck.FSharp
open Functional.AD
open Functional.AD.FSharp

type Dense = { W: NDArray; B: NDArray }

type Model = { Layers: Dense list; Scale: NDArray option }

type Layer =
    | Linear of w: NDArray * b: NDArray
    | Activation
    | Scaled of NDArray
    | Identity

type Wrapped = Wrapped of NDArray

[<Struct>]
type Pick =
    | Left of left: NDArray
    | Right of right: NDArray * NDArray

/// A record flattened only by the test of how often types are resolved.
type ResolvedOnce = { Only: NDArray }

let private values (x: NDArray) = x.ToArray<float>()

/// Asserts that two float arrays agree within an absolute tolerance.
let private closeTo (tolerance: float) (expected: float[]) (actual: float[]) =
    Assert.Equal(expected.Length, actual.Length)
    Array.iteri2 (fun i e a -> Assert.True(abs (e - a) <= tolerance, $"item {i}: expected {e}, got {a}")) expected actual

let private close expected actual = closeTo 1e-12 expected actual

let private leafValues tree = Trees.leaves tree |> List.map values

/// Random small f64 arrays of rank 0 to 2 with integral values.
let private arrayGen =
    gen {
        let! rank = Gen.choose (0, 2)
        let! dims = Gen.listOfLength rank (Gen.choose (1, 3))
        let size = List.fold (*) 1 dims
        let! data = Gen.arrayOfLength size (Gen.choose (-50, 50) |> Gen.map float)
        return Np.FromFlat(data, List.toArray dims)
    }

let private arraysGen = Gen.choose (0, 5) |> Gen.bind (fun n -> Gen.listOfLength n arrayGen)

/// The same leaves, in the same order (by reference: flattening passes leaves through).
let private sameLeaves (expected: NDArray list) (actual: NDArray list) =
    Assert.Equal(expected.Length, actual.Length)
    List.iter2 (fun (e: NDArray) a -> Assert.Same(e, a)) expected actual

/// Flattens and rebuilds: the same value (F# structural equality, leaves by reference) and the same structure.
let private roundTrips (tree: 'T) =
    let leaves, def = Trees.flatten tree
    let rebuilt: 'T = Trees.unflatten def leaves
    Assert.Equal<'T>(tree, rebuilt)
    Assert.Equal(def, Trees.structure rebuilt)

[<Fact>]
let ``A list's leaves are its items in order, and it round-trips`` () =
    Check.property 100 (Arb.fromGen arraysGen) (fun xs ->
        sameLeaves xs (Trees.leaves xs)
        roundTrips xs)

[<Fact>]
let ``Lists of different lengths have different structures`` () =
    let x = Np.Array(1.0)
    Assert.NotEqual(Trees.structure [ x ], Trees.structure [ x; x ])
    Assert.Equal(Trees.structure [ x; x ], Trees.structure [ Np.Array(2.0, 3.0); x ])
    Assert.Equal("PyTreeDef(list[*, *])", string (Trees.structure [ x; x ]))

[<Fact>]
let ``Some has one child and None is an empty subtree, so they differ in structure`` () =
    Check.property 50 (Arb.fromGen arrayGen) (fun x ->
        sameLeaves [ x ] (Trees.leaves (Some x))
        roundTrips (Some x)
        let withNone = [ Some x; None; Some x ]
        sameLeaves [ x; x ] (Trees.leaves withNone)
        roundTrips withNone
        roundTrips (Some(Some x), (None: NDArray option)))
    let x = Np.Array(1.0)
    Assert.Equal("PyTreeDef(Some(Value=*))", string (Trees.structure (Some x)))
    Assert.Equal("PyTreeDef(list[Some(Value=*), None])", string (Trees.structure [ Some x; None ]))
    Assert.NotEqual(Trees.structure [ Some x ], Trees.structure [ None ])

[<Fact>]
let ``Unit is an empty subtree`` () =
    let x = Np.Array(1.0)
    sameLeaves [ x ] (Trees.leaves (x, ()))
    roundTrips (x, ())

[<Fact>]
let ``A map's leaves are its values in key order, its keys are part of its structure`` () =
    let keysGen = Gen.subListOf [ "w"; "b"; "a"; "z"; "B"; "_" ]
    let mapGen = gen {
        let! keys = keysGen
        let! items = Gen.listOfLength keys.Length arrayGen
        return Map.ofList (List.zip keys items) }
    Check.property 100 (Arb.fromGen mapGen) (fun map ->
        let ordered = map |> Map.toList |> List.sortWith (fun (a, _) (b, _) -> String.CompareOrdinal(a, b))
        sameLeaves (List.map snd ordered) (Trees.leaves map)
        roundTrips map)
    let x = Np.Array(1.0)
    Assert.Equal("PyTreeDef({'a': *, 'b': *})", string (Trees.structure (Map [ "b", x; "a", x ])))
    Assert.NotEqual(Trees.structure (Map [ "a", x ]), Trees.structure (Map [ "b", x ]))
    Assert.Equal(Trees.structure (Map [ "a", x ]), Trees.structure (Map [ "a", Np.Array(5.0, 6.0) ]))

[<Fact>]
let ``A map with keys other than strings is a clear error`` () =
    let e = Assert.ThrowsAny<ArgumentException>(fun () -> Trees.leaves (Map [ 1, Np.Array(1.0) ]) |> ignore)
    Assert.Contains("Map<Int32, NDArray>", e.Message)
    Assert.Contains("string keys", e.Message)

[<Fact>]
let ``A record's leaves are its fields in declaration order, named in its structure and in paths`` () =
    let modelGen = gen {
        let! layers = Gen.choose (0, 3) |> Gen.bind (fun n -> Gen.listOfLength n (Gen.map2 (fun w b -> { W = w; B = b }) arrayGen arrayGen))
        let! scale = Gen.optionOf arrayGen
        return { Layers = layers; Scale = scale } }
    Check.property 100 (Arb.fromGen modelGen) (fun model ->
        let expected = (model.Layers |> List.collect (fun l -> [ l.W; l.B ])) @ Option.toList model.Scale
        sameLeaves expected (Trees.leaves model)
        roundTrips model)
    let x = Np.Array(1.0)
    let text = string (Trees.structure { W = x; B = x })
    Assert.Contains("Dense(W=*, B=*)", text)
    let e = Assert.ThrowsAny<ArgumentException>(fun () -> Trees.leaves { Layers = [ { W = x; B = Unchecked.defaultof<_> } ]; Scale = None } |> ignore)
    Assert.Contains("at .Layers[0]", e.Message)
    Assert.Contains("the field B is null", e.Message)

[<Fact>]
let ``An anonymous record's leaves are its fields in name order`` () =
    Check.property 50 (Arb.fromGen (Gen.three arrayGen)) (fun (x, y, z) ->
        let r = {| zeta = x; alpha = y; mid = Some z |}
        sameLeaves [ y; z; x ] (Trees.leaves r)
        roundTrips r)
    let x = Np.Array(1.0)
    Assert.Equal("PyTreeDef(AnonymousRecord(a=*, b=None))", string (Trees.structure {| b = (None: NDArray option); a = x |}))

[<Fact>]
let ``Reference tuples of any arity are positional nodes, struct tuples stay the core's`` () =
    Check.property 50 (Arb.fromGen (Gen.three arrayGen)) (fun (x, y, z) ->
        sameLeaves [ x; y; z ] (Trees.leaves (x, y, z))
        roundTrips (x, (y, z))
        let nine = (x, y, z, x, y, z, x, y, z)
        sameLeaves [ x; y; z; x; y; z; x; y; z ] (Trees.leaves nine)
        roundTrips nine
        sameLeaves [ x; y ] (Trees.leaves (struct (x, y)))
        roundTrips (struct (x, [ y ])))
    let x = Np.Array(1.0)
    Assert.Equal("PyTreeDef(Tuple[*, (*, *)])", string (Trees.structure (x, struct (x, x))))

[<Fact>]
let ``A union's case is part of its structure and the case's fields are its children`` () =
    Check.property 100 (Arb.fromGen (Gen.two arrayGen)) (fun (w, b) ->
        let layers = [ Linear(w, b); Activation; Scaled w; Identity; Linear(b, w) ]
        sameLeaves [ w; b; w; b; w ] (Trees.leaves layers)
        roundTrips layers
        roundTrips (Wrapped w)
        roundTrips [ Left w; Right(w, b) ]
        sameLeaves [ w; b ] (Trees.leaves (Right(w, b))))
    let x = Np.Array(1.0)
    let text = string (Trees.structure [ Linear(x, x); Activation; Scaled x ])
    Assert.Equal("PyTreeDef(list[Layer.Linear(w=*, b=*), Layer.Activation[], Layer.Scaled(Item=*)])", text)
    Assert.Equal("PyTreeDef(Wrapped(Item=*))", string (Trees.structure (Wrapped x)))
    Assert.NotEqual(Trees.structure Activation, Trees.structure Identity)
    Assert.NotEqual(Trees.structure (Scaled x), Trees.structure (Wrapped x))
    Assert.NotEqual(Trees.structure (Left x), Trees.structure (Right(x, x)))
    Assert.Equal(Trees.structure (Linear(x, x)), Trees.structure (Linear(Np.Array(2.0, 3.0), x)))

[<Fact>]
let ``Arrays of options have None items as empty subtrees`` () =
    let x = Np.Array(1.0)
    let items = [| Some x; None |]
    sameLeaves [ x ] (Trees.leaves items)
    let leaves, def = Trees.flatten items
    let rebuilt: NDArray option[] = Trees.unflatten def leaves
    Assert.Equal<NDArray option[]>(items, rebuilt)

[<Fact>]
let ``Trees.map and map2 rebuild F# values and name mismatched structures`` () =
    let model = { Layers = [ { W = Np.Array(1.0, 2.0); B = Np.Array(3.0) } ]; Scale = Some(Np.Array(4.0)) }
    let doubled = Trees.map (fun x -> x * 2.0) model
    Assert.Equal<float[] list>([ [| 2.0; 4.0 |]; [| 6.0 |]; [| 8.0 |] ], leafValues doubled)
    let summed = Trees.map2 (+) model doubled
    Assert.Equal<float[] list>([ [| 3.0; 6.0 |]; [| 9.0 |]; [| 12.0 |] ], leafValues summed)
    let e = Assert.ThrowsAny<ArgumentException>(fun () -> Trees.map2 (+) model { model with Scale = None } |> ignore)
    Assert.Contains(".Scale", e.Message)

let private loss (model: Model) =
    let layers = model.Layers |> List.fold (fun total l -> total + Np.Sum(l.W * l.W) + Np.Sum(Np.Sin l.B)) (NDArray.op_Implicit 0.0)
    match model.Scale with
    | Some s -> layers * s
    | None -> layers

[<Fact>]
let ``Grad of a loss over a record with a list of layers and an option field`` () =
    let layer w b = { W = Np.Array(w: float[]); B = Np.Array(b: float[]) }
    let model = { Layers = [ layer [| 1.0; -2.0 |] [| 0.5 |]; layer [| 3.0 |] [| 1.0; 2.0 |] ]; Scale = Some(Np.Scalar 2.0) }
    let g = Jax.Grad(Func<Model, NDArray> loss).Invoke model
    let s = 2.0
    Assert.Equal<float[]>([| 2.0 * s; -4.0 * s |], values g.Layers[0].W)
    Assert.Equal<float[]>([| s * cos 0.5 |], values g.Layers[0].B)
    Assert.Equal<float[]>([| 6.0 * s |], values g.Layers[1].W)
    close [| s * cos 1.0; s * cos 2.0 |] (values g.Layers[1].B)
    let unscaled = float (loss { model with Scale = None })
    close [| unscaled |] (values g.Scale.Value)
    let noScale = Jax.Grad(Func<Model, NDArray> loss).Invoke { model with Scale = None }
    Assert.True(noScale.Scale.IsNone)
    Assert.Equal<float[]>([| 2.0; -4.0 |], values noScale.Layers[0].W)

[<Fact>]
let ``Grad over unions agrees with finite differences`` () =
    let f (layers: Layer list) =
        layers
        |> List.map (function
            | Linear(w, b) -> Np.Sum(Np.Tanh(w * b))
            | Scaled x -> Np.Sum(x * x * x)
            | Activation | Identity -> NDArray.op_Implicit 0.0)
        |> List.reduce (+)
    let w, b, x = Np.Array(0.3, -0.7), Np.Array(1.5, 0.2), Np.Array(0.4)
    let g = Jax.Grad(Func<Layer list, NDArray> f).Invoke [ Linear(w, b); Activation; Scaled x ]
    match g with
    | [ Linear(gw, gb); Activation; Scaled gx ] ->
        let h = 1e-6
        let numeric (at: float[] -> Layer list) (v: float[]) =
            v |> Array.mapi (fun i _ ->
                let bump d = Array.mapi (fun j t -> if i = j then t + d else t) v
                (float (f (at (bump h))) - float (f (at (bump -h)))) / (2.0 * h))
        closeTo 1e-6 (numeric (fun v -> [ Linear(Np.Array v, b) ]) (values w)) (values gw)
        closeTo 1e-6 (numeric (fun v -> [ Linear(w, Np.Array v) ]) (values b)) (values gb)
        closeTo 1e-6 [| 3.0 * 0.4 * 0.4 |] (values gx)
    | other -> failwithf "unexpected gradient %A" other

[<Fact>]
let ``Vmap over a list maps axis 0 of every item`` () =
    let xs = [ Np.FromFlat([| 1.0; 2.0; 3.0; 4.0 |], [| 2; 2 |]); Np.FromFlat([| 10.0; 20.0 |], [| 2; 1 |]) ]
    let f (items: NDArray list) = items |> List.map Np.Sum |> List.reduce (+)
    let batched = Jax.Vmap(Func<NDArray list, NDArray> f).Invoke xs
    Assert.Equal<float[]>([| 13.0; 27.0 |], values batched)
    let mapped = Jax.Vmap(Func<NDArray list, NDArray list>(List.map (fun x -> x * 2.0))).Invoke xs
    Assert.Equal<float[] list>([ [| 2.0; 4.0; 6.0; 8.0 |]; [| 20.0; 40.0 |] ], List.map values mapped)

[<Fact>]
let ``Jit over an anonymous record and a map, cached per structure`` () =
    let mutable traces = 0
    let f =
        Jax.Jit(Func<{| a: NDArray; b: NDArray; extra: NDArray option |}, NDArray>(fun r ->
            traces <- traces + 1
            match r.extra with
            | Some e -> r.a * r.b + e
            | None -> r.a * r.b))
    let r = {| a = Np.Array(1.0, 2.0); b = Np.Array(3.0, 4.0); extra = None |}
    Assert.Equal<float[]>([| 3.0; 8.0 |], values (f.Invoke r))
    Assert.Equal<float[]>([| 6.0; 10.0 |], values (f.Invoke {| r with a = Np.Array(2.0, 2.5) |}))
    Assert.Equal(1, traces)
    Assert.Equal<float[]>([| 4.0; 9.0 |], values (f.Invoke {| r with extra = Some(Np.Array(1.0)) |}))
    Assert.Equal(2, traces)
    let g = Jax.Jit(Func<Map<string, NDArray>, Map<string, NDArray>>(Map.map (fun _ v -> v + 1.0)))
    let out = g.Invoke(Map [ "x", Np.Array(1.0); "y", Np.Array(2.0) ])
    Assert.Equal<float[]>([| 3.0 |], values out["y"])

/// Counts how often the core asks resolvers about a type (it returns null: the F# resolver still answers).
let mutable private asked = 0

let private countResolved (t: Type) : TreeNodeType =
    if t = typeof<ResolvedOnce> then Threading.Interlocked.Increment(&asked) |> ignore
    null

[<Fact>]
let ``Each F# type is resolved once, however often its values are flattened`` () =
    Trees.ensureRegistered ()
    Tree.RegisterFamily(Func<Type, TreeNodeType> countResolved)
    for i in 1..5 do
        let leaves, def = Trees.flatten { Only = Np.Array(float i) }
        let back: ResolvedOnce = Trees.unflatten def leaves
        Assert.Equal<float[]>([| float i |], values back.Only)
    Jax.Grad(Func<ResolvedOnce, NDArray>(fun r -> Np.Sum(r.Only * r.Only))).Invoke { Only = Np.Array(3.0) } |> ignore
    Assert.Equal(1, asked)
    Trees.register ()
    Trees.ensureRegistered ()
    Trees.leaves { Only = Np.Array(1.0) } |> ignore
    Assert.Equal(1, asked)

// ---------------------------------------------------------------- key paths, saving and loading

[<Fact>]
let ``An F# record of parameters round-trips through Trees.save and Trees.load, named by key paths`` () =
    let model = { Layers = [ { W = Np.eye 2; B = Np.array [ 1.0; 2.0 ] }; { W = Np.ones [ 2; 1 ]; B = Np.array [ 0.5 ] } ]; Scale = Some(Np.scalar 3.0) }
    let paths, _ = Trees.flattenWithPath model
    Assert.Equal<string list>([ ".Layers[0].W"; ".Layers[0].B"; ".Layers[1].W"; ".Layers[1].B"; ".Scale.Value" ], List.map fst paths)
    let path = IO.Path.Combine(IO.Path.GetTempPath(), $"fad-fsharp-{Guid.NewGuid():N}.npz")
    try
        Trees.save path model
        let like = Trees.map Np.zerosLike model
        let loaded = Trees.load path like
        List.iter2 (fun (e: NDArray) (a: NDArray) ->
            Assert.True((e.Shape = a.Shape))
            Assert.Equal<float[]>(e.ToArray<float>(), a.ToArray<float>())) (Trees.leaves model) (Trees.leaves loaded)
        Assert.Equal<string>([ ".Layers[0].W"; ".Layers[0].B"; ".Layers[1].W"; ".Layers[1].B"; ".Scale.Value" ], (Np.loadNpz path).Files)
        let e = Assert.Throws<ArgumentException>(fun () -> Trees.load path { model with Layers = List.take 1 model.Layers } |> ignore)
        Assert.Contains("'.Layers[1].W'", e.Message)
    finally
        IO.File.Delete path
