/// Elementwise comparison and logical operators, **, maximum/minimum, slicing and literals of the F# package.
module Functional.AD.FSharp.Tests.OperatorTests

open System
open Xunit
open FsCheck.FSharp
open Functional.AD
open Functional.AD.FSharp

let private values (x: NDArray) = x.ToArray<float>()

let private bools (x: NDArray) =
    Assert.Equal(DType.Bool, x.DType)
    x.ToArray<bool>()

let private shapeOf (x: NDArray) = Seq.toArray x.Shape

/// Asserts that two float arrays agree within a relative tolerance.
let private close (expected: float[]) (actual: float[]) =
    Assert.Equal(expected.Length, actual.Length)
    Array.iteri2
        (fun i e a -> Assert.True(abs (e - a) <= 1e-9 * max 1.0 (abs e), $"item {i}: expected {e}, got {a}"))
        expected actual

// ---------------------------------------------------------------------------------------------------------------
// Elementwise operators against F# on the broadcast elements

/// An m x n array and a second operand broadcast against it: of the same shape, [n], [1, n], [m, 1] or [].
type private Pair =
    { A: NDArray
      AData: float[]
      B: NDArray
      /// The element of B that meets A's element (i, j).
      BAt: int -> int -> float
      M: int
      N: int }

let private pairGen =
    gen {
        let! m = Gen.choose (1, 4)
        let! n = Gen.choose (1, 4)
        let small count = Gen.arrayOfLength count (Gen.choose (-3, 3) |> Gen.map float)
        let! a = small (m * n)
        let! kind = Gen.choose (0, 4)
        let shape =
            match kind with
            | 0 -> [| m; n |]
            | 1 -> [| n |]
            | 2 -> [| 1; n |]
            | 3 -> [| m; 1 |]
            | _ -> [||]
        let! b = small (Array.fold (*) 1 shape)
        let at i j =
            match kind with
            | 0 -> b[i * n + j]
            | 1 | 2 -> b[j]
            | 3 -> b[i]
            | _ -> b[0]
        return { A = Np.FromFlat(a, [| m; n |]); AData = a; B = Np.FromFlat(b, shape); BAt = at; M = m; N = n }
    }

/// What F# computes elementwise on the broadcast pair.
let private expected (p: Pair) (f: float -> float -> 'R) =
    Array.init (p.M * p.N) (fun k -> f p.AData[k] (p.BAt (k / p.N) (k % p.N)))

[<Fact>]
let ``Comparisons agree with F#'s on every broadcast pair of elements`` () =
    let cases: (string * (NDArray -> NDArray -> NDArray) * (float -> float -> bool)) list =
        [ ".<", (fun a b -> a .< b), (<)
          ".<=", (fun a b -> a .<= b), (<=)
          ".>", (fun a b -> a .> b), (>)
          ".>=", (fun a b -> a .>= b), (>=)
          ".=", (fun a b -> a .= b), (=)
          ".<>", (fun a b -> a .<> b), (<>) ]
    Check.property 200 (Arb.fromGen pairGen) (fun p ->
        for name, op, reference in cases do
            let result = op p.A p.B
            Assert.True(shapeOf result = [| p.M; p.N |], name)
            Assert.True(expected p reference = bools result, name))

[<Fact>]
let ``Numbers on either side are weakly typed`` () =
    let x = Np.Array(1.0f, 2.0f, 3.0f)
    let ints = Np.Array(1, 2, 3)
    Assert.Equal<bool[]>([| true; false; false |], bools (x .< 2.0))
    Assert.Equal<bool[]>([| false; false; true |], bools (2.0 .< x))
    Assert.Equal<bool[]>([| true; true; false |], bools (x .<= 2))
    Assert.Equal<bool[]>([| true; true; false |], bools (2 .>= ints))
    Assert.Equal<bool[]>([| false; true; false |], bools (ints .= 2))
    Assert.Equal<bool[]>([| true; false; true |], bools (2.0f .<> x))
    Assert.Equal<bool[]>([| false; true; true |], bools (x .> 1.5f))
    Assert.Equal(DType.Float32, (x ** 2.0).DType)
    Assert.Equal(DType.Float32, (2.0 ** x).DType)
    Assert.Equal(DType.Float32, (maximum x 2.5).DType)

[<Fact>]
let ``Logical operators agree with F#'s on bools, the functions also count non-zero numbers as true`` () =
    let boolPair =
        gen {
            let! n = Gen.choose (1, 6)
            let! a = Gen.arrayOfLength n (Gen.elements [ true; false ])
            let! b = Gen.arrayOfLength n (Gen.elements [ true; false ])
            return a, b
        }
    Check.property 100 (Arb.fromGen boolPair) (fun (a, b) ->
        let x, y = Np.Array(a), Np.Array(b)
        Assert.Equal<bool[]>(Array.map2 (&&) a b, bools (x .&& y))
        Assert.Equal<bool[]>(Array.map2 (||) a b, bools (x .|| y))
        Assert.Equal<bool[]>(a, bools (x .&& true))
        Assert.Equal<bool[]>(Array.create a.Length true, bools (false .|| Np.Array(true) .|| x .|| true))
        Assert.Equal<bool[]>(Array.map not a, bools (logicalNot x))
        Assert.Equal<bool[]>(Array.map2 (&&) a b, bools (logicalAnd x y)))
    Check.property 100 (Arb.fromGen pairGen) (fun p ->
        Assert.True(expected p (fun a b -> a <> 0.0 && b <> 0.0) = bools (logicalAnd p.A p.B))
        Assert.True(expected p (fun a b -> a <> 0.0 || b <> 0.0) = bools (logicalOr p.A p.B))
        Assert.True(Array.map ((=) 0.0) p.AData = bools (logicalNot p.A))
        Assert.True(expected p (fun a b -> a < b && b >= 0.0) = bools ((p.A .< p.B) .&& (p.B .>= 0.0))))

[<Fact>]
let ``The dotted operators share the precedence of comparisons, and a logical one rejects what that misparses`` () =
    Check.property 100 (Arb.fromGen pairGen) (fun p ->
        let a, b = p.A, p.B
        let e = Assert.Throws<ArgumentException>(fun () -> a .< b .&& a .> 0.0 |> ignore)
        Assert.Contains("NDArray .&&: the right operand is f64", e.Message)
        Assert.Contains("(a .< b) .&& (c .> d)", e.Message)
        Assert.Throws<ArgumentException>(fun () -> a .= b .|| a .> 0.0 |> ignore) |> ignore
        let p', q, r = a .< b, a .= b, b .> 0.0
        Assert.True(bools ((p' .|| q) .&& r) = bools (p' .|| q .&& r))
        Assert.True(bools ((p' .&& q) .|| r) = bools (p' .&& q .|| r))
        Assert.True(bools ((a .< b) .= (a .> b)) = bools (a .< b .= (a .> b))))

[<Fact>]
let ``Power agrees with Math.Pow for every combination of arrays and numbers`` () =
    let positiveGen =
        gen {
            let! n = Gen.choose (1, 5)
            let! x = Gen.arrayOfLength n (Gen.choose (1, 40) |> Gen.map (fun v -> float v / 10.0))
            let! y = Gen.arrayOfLength n (Gen.choose (-20, 20) |> Gen.map (fun v -> float v / 10.0))
            return x, y
        }
    Check.property 100 (Arb.fromGen positiveGen) (fun (xs, ys) ->
        let x, y = Np.Array(xs), Np.Array(ys)
        close (Array.map2 (fun a b -> Math.Pow(a, b)) xs ys) (values (x ** y))
        close (Array.map (fun a -> a * a) xs) (values (x ** 2.0))
        close (Array.map (fun a -> a * a * a) xs) (values (x ** 3))
        close (Array.map (fun a -> Math.Pow(a, 0.5)) xs) (values (x ** 0.5f))
        close (Array.map (fun b -> Math.Pow(2.0, b)) ys) (values (2.0 ** y))
        close (Array.map (fun b -> Math.Pow(3.0, b)) ys) (values (3 ** y))
        close (Array.map (fun b -> Math.Pow(2.0, b)) ys) (values (2.0f ** y)))

[<Fact>]
let ``Power still is F#'s on numbers`` () =
    let square z = z ** 2.0
    Assert.Equal(9.0, square 3.0)
    Assert.Equal(8.0, 2.0 ** 3.0)
    Assert.Equal(8.0f, 2.0f ** 3.0f)
    Assert.Equal(1024I, 2I ** 10)
    let c = Numerics.Complex(0.0, 2.0) ** 2.0
    Assert.True(abs (c.Real + 4.0) < 1e-12 && abs c.Imaginary < 1e-12)

[<Fact>]
let ``maximum and minimum agree with Math.Max and Math.Min with broadcasting`` () =
    Check.property 100 (Arb.fromGen pairGen) (fun p ->
        Assert.True(expected p max = values (maximum p.A p.B))
        Assert.True(expected p min = values (minimum p.A p.B))
        Assert.True(Array.map (max 0.5) p.AData = values (maximum p.A 0.5))
        Assert.True(Array.map (min 1.0) p.AData = values (minimum 1 p.A)))

[<Fact>]
let ``Operators work on traced values under Jit, Vmap and Grad`` () =
    let f (x: NDArray) = Np.Where((x .> 0.0) .&& (x .< 2.0), x ** 2, maximum (-x) (x * 0.5))
    let g (x: NDArray) = Np.Sum(Np.Where((x .>= 0.0) .|| (x .= -1.0), x ** 3.0, 2.0 ** x))
    Check.property 100 (Arb.fromGen pairGen) (fun p ->
        let x = p.A * 0.75
        close (values (f x)) (values (Jax.Jit(Func<NDArray, NDArray> f).Invoke x))
        close (values (f x)) (values (Jax.Vmap(Func<NDArray, NDArray> f).Invoke x))
        let grad = Jax.Grad(Func<NDArray, NDArray> g).Invoke x
        let expectedGrad = values x |> Array.map (fun v -> if v >= 0.0 || v = -1.0 then 3.0 * v * v else Math.Log 2.0 * Math.Pow(2.0, v))
        close expectedGrad (values grad))

// ---------------------------------------------------------------------------------------------------------------
// Slicing against F# arrays and index arithmetic

/// One axis of a slicing expression in a test: a range with optional ends, or a fixed index.
type private Axis =
    | R of int option * int option
    | I of int

/// The indices an axis of size n selects, by F#'s array rules (ranges inclusive and clamped; indices from the end when negative).
let private selected n axis =
    match axis with
    | R(s, e) -> [ max (defaultArg s 0) 0 .. min (defaultArg e (n - 1)) (n - 1) ]
    | I i -> [ (if i < 0 then i + n else i) ]

/// The data and shape that slicing a row-major array of `shape` by `axes` must give, by index arithmetic.
let private reference (data: float[]) (shape: int[]) (axes: Axis list) =
    let axes = axes @ List.replicate (shape.Length - axes.Length) (R(None, None))
    let picks = axes |> List.mapi (fun k a -> selected shape[k] a) |> List.toArray
    let strides = Array.init shape.Length (fun k -> Array.fold (*) 1 shape[k + 1 ..])
    let rec walk k offset =
        if k = shape.Length then [ data[offset] ]
        else picks[k] |> List.collect (fun i -> walk (k + 1) (offset + i * strides[k]))
    let outShape = List.zip axes (List.ofArray picks) |> List.choose (function R _, p -> Some p.Length | I _, _ -> None)
    List.toArray (walk 0 0), List.toArray outShape

/// Slices x by the axes through the F# slicing members (what `x.[a..b, i]` and `x.[i, j]` compile to); None for the
/// 4-d forms not listed here.
let private trySlice (x: NDArray) (axes: Axis list) =
    match axes with
    | [ R(a, b) ] -> Some(x.GetSlice(a, b))
    | [ I i ] -> Some(x[i])
    | [ R(a, b); R(c, d) ] -> Some(x.GetSlice(a, b, c, d))
    | [ R(a, b); I j ] -> Some(x.GetSlice(a, b, j))
    | [ I i; R(c, d) ] -> Some(x.GetSlice(i, c, d))
    | [ I i; I j ] -> Some(x[i, j])
    | [ R(a, b); R(c, d); R(e, f) ] -> Some(x.GetSlice(a, b, c, d, e, f))
    | [ R(a, b); R(c, d); I k ] -> Some(x.GetSlice(a, b, c, d, k))
    | [ R(a, b); I j; R(e, f) ] -> Some(x.GetSlice(a, b, j, e, f))
    | [ I i; R(c, d); R(e, f) ] -> Some(x.GetSlice(i, c, d, e, f))
    | [ R(a, b); I j; I k ] -> Some(x.GetSlice(a, b, j, k))
    | [ I i; R(c, d); I k ] -> Some(x.GetSlice(i, c, d, k))
    | [ I i; I j; R(e, f) ] -> Some(x.GetSlice(i, j, e, f))
    | [ I i; I j; I k ] -> Some(x[i, j, k])
    | [ I i; R(c, d); R(e, f); I l ] -> Some(x.GetSlice(i, c, d, e, f, l))
    | [ R(a, b); I j; I k; R(g, h) ] -> Some(x.GetSlice(a, b, j, k, g, h))
    | [ R(a, b); R(c, d); R(e, f); R(g, h) ] -> Some(x.GetSlice(a, b, c, d, e, f, g, h))
    | [ I i; I j; I k; R(g, h) ] -> Some(x.GetSlice(i, j, k, g, h))
    | [ I i; I j; I k; I l ] -> Some(x[i, j, k, l])
    | _ -> None

/// Random slicing of an array of rank 1 to 4: sizes 1 to 4, range ends from -2 to size + 2 (or open), valid indices.
let private sliceGen =
    gen {
        let! rank = Gen.choose (1, 4)
        let! shape = Gen.arrayOfLength rank (Gen.choose (1, 4))
        let! count = Gen.choose (1, rank)
        let axisGen n =
            Gen.oneof
                [ Gen.map2 (fun s e -> R(s, e)) (Gen.optionOf (Gen.choose (-2, n + 2))) (Gen.optionOf (Gen.choose (-2, n + 2)))
                  Gen.choose (-n, n - 1) |> Gen.map I ]
        let! axes = shape |> Array.take count |> Array.map axisGen |> Gen.sequenceToList
        let data = Array.init (Array.fold (*) 1 shape) float
        return data, shape, axes
    }

[<Fact>]
let ``Slicing agrees with index arithmetic on arrays of rank 1 to 4`` () =
    Check.property 300 (Arb.fromGen sliceGen) (fun (data, shape, axes) ->
        match trySlice (Np.FromFlat(data, shape)) axes with
        | None -> ()
        | Some result ->
            let expectedData, expectedShape = reference data shape axes
            Assert.True((expectedShape = shapeOf result), $"{axes}: shape {result.Shape}")
            Assert.True((expectedData = values result), $"{axes}"))

[<Fact>]
let ``Slicing agrees with F#'s slicing of arrays and 2-d arrays`` () =
    let bound n = Gen.optionOf (Gen.choose (-2, n + 2))
    let oneD =
        gen {
            let! n = Gen.choose (0, 6)
            let! s = bound n
            let! e = bound n
            return Array.init n (fun i -> float (i * 3)), s, e
        }
    Check.property 200 (Arb.fromGen oneD) (fun (data, s, e) ->
        let x = Np.Array(data)
        Assert.Equal<float[]>(OperatorIntrinsics.GetArraySlice data s e, values (x.GetSlice(s, e))))
    let twoD =
        gen {
            let! m = Gen.choose (1, 4)
            let! n = Gen.choose (1, 4)
            let! s0, e0, s1, e1 = Gen.zip (Gen.zip (bound m) (bound m)) (Gen.zip (bound n) (bound n)) |> Gen.map (fun ((a, b), (c, d)) -> a, b, c, d)
            let! i = Gen.choose (0, m - 1)
            let! j = Gen.choose (0, n - 1)
            return Array2D.init m n (fun r c -> float (10 * r + c)), (s0, e0, s1, e1), (i, j)
        }
    Check.property 200 (Arb.fromGen twoD) (fun (grid, (s0, e0, s1, e1), (i, j)) ->
        let x = Np.Array(grid)
        let flat (a: float[,]) = Array.init a.Length (fun k -> a[k / Array2D.length2 a, k % Array2D.length2 a])
        let sliced = OperatorIntrinsics.GetArraySlice2D grid s0 e0 s1 e1
        let result = x.GetSlice(s0, e0, s1, e1)
        Assert.True([| Array2D.length1 sliced; Array2D.length2 sliced |] = shapeOf result)
        Assert.Equal<float[]>(flat sliced, values result)
        Assert.Equal<float[]>(OperatorIntrinsics.GetArraySlice2DFixed1 grid i s1 e1, values (x.GetSlice(i, s1, e1)))
        Assert.Equal<float[]>(OperatorIntrinsics.GetArraySlice2DFixed2 grid s0 e0 j, values (x.GetSlice(s0, e0, j)))
        Assert.Equal<float[]>([| grid[i, j] |], values x[i, j])
        Assert.Equal(0, x[i, j].Rank))

[<Fact>]
let ``The F# slicing forms`` () =
    let x = Np.FromFlat(Array.init 24 float, [| 4; 6 |])
    let grid = Array2D.init 4 6 (fun i j -> float (6 * i + j))
    let flat (a: float[,]) = Array.init a.Length (fun k -> a[k / Array2D.length2 a, k % Array2D.length2 a])
    Assert.Equal<float[]>(flat grid[1.., *], values x[1..])
    Assert.Equal<float[]>(flat grid[..2, *], values x[..2])
    Assert.Equal<float[]>(grid[*, 0], values x[*, 0])
    Assert.Equal<float[]>(flat grid[*, 2..4], values x[*, 2..4])
    Assert.True([| 4; 3 |] = shapeOf x[*, 2..4])
    Assert.Equal<float[]>(grid[0, *], values x[0, *])
    Assert.Equal<float[]>(grid[3, *], values x[-1, *])
    Assert.Equal<float[]>([| 23.0 |], values x[-1, -1])
    let cube = Np.FromFlat(Array.init 60 float, [| 3; 4; 5 |])
    Assert.True([| 2; 4 |] = shapeOf cube[1..2, *, 0])
    Assert.Equal<float[]>([| 20.0; 25.0; 30.0; 35.0; 40.0; 45.0; 50.0; 55.0 |], values cube[1..2, *, 0])
    Assert.Equal<float[]>([| 27.0 |], values cube[1, 1, 2])
    Assert.True([| 0 |] = shapeOf (Np.Array(1.0, 2.0, 3.0)[2..1]))
    Assert.True([| 1; 2 |] = shapeOf (Np.FromFlat(Array.init 120 float, [| 2; 3; 4; 5 |])[1, 1..1, 2, 3..]))
    Assert.Equal<float[]>([| 118.0 |], values (Np.FromFlat(Array.init 120 float, [| 2; 3; 4; 5 |])[1, 2, 3, 3]))

[<Fact>]
let ``Bad indices name the slice and the array`` () =
    let x = Np.FromFlat(Array.init 6 float, [| 2; 3 |])
    let tooMany = Assert.ThrowsAny<ArgumentException>(fun () -> x[0, 1, 2] |> ignore)
    Assert.Contains("NDArray[0, 1, 2]: 3 indices for the 2-d array f64[2,3]", tooMany.Message)
    let outOfRange = Assert.ThrowsAny<ArgumentException>(fun () -> x[*, 3] |> ignore)
    Assert.Contains("index 3 is out of range for axis 1 of f64[2,3]", outOfRange.Message)
    Assert.ThrowsAny<ArgumentException>(fun () -> x[-3, ..1] |> ignore) |> ignore

[<Fact>]
let ``The gradient of the sum of a slice is one inside the slice and zero outside`` () =
    Check.property 200 (Arb.fromGen sliceGen) (fun (data, shape, axes) ->
        let x = Np.FromFlat(data, shape)
        if (trySlice x axes).IsSome then
            let grad = Jax.Grad(Func<NDArray, NDArray>(fun x -> Np.Sum((trySlice x axes).Value))).Invoke x
            let marked, _ = reference (Array.init data.Length float) shape axes
            let expectedGrad = Array.init data.Length (fun k -> if Array.contains (float k) marked then 1.0 else 0.0)
            Assert.True((expectedGrad = values grad), $"{axes}"))

[<Fact>]
let ``Slicing works under Jit and Vmap`` () =
    Check.property 100 (Arb.fromGen sliceGen) (fun (data, shape, axes) ->
        let x = Np.FromFlat(data, shape)
        match trySlice x axes with
        | None -> ()
        | Some eager ->
            let jitted = Jax.Jit(Func<NDArray, NDArray>(fun x -> (trySlice x axes).Value * 2.0)).Invoke x
            Assert.True(Array.map ((*) 2.0) (values eager) = values jitted, $"{axes}"))
    let x = Np.FromFlat(Array.init 12 float, [| 3; 4 |])
    let rows = Jax.Vmap(Func<NDArray, NDArray>(fun row -> row[1..2])).Invoke x
    Assert.Equal<float[]>(values x[*, 1..2], values rows)
    let columns = Jax.Vmap(Func<NDArray, NDArray>(fun (m: NDArray) -> m[0, 1]), 1).Invoke(Np.FromFlat(Array.init 24 float, [| 2; 3; 4 |]))
    Assert.Equal<float[]>([| 1.0; 5.0; 9.0 |], values columns)

// ---------------------------------------------------------------------------------------------------------------
// Literals

[<Fact>]
let ``Literals make arrays of the element type`` () =
    let v = nd [ 1.0; 2.0 ]
    Assert.Equal(DType.Float64, v.DType)
    Assert.Equal<float[]>([| 1.0; 2.0 |], values v)
    Assert.Equal(DType.Float32, (nd [ 1.0f ]).DType)
    Assert.Equal(DType.Int32, (nd [| 1; 2; 3 |]).DType)
    Assert.Equal(DType.Bool, (nd [ true; false ]).DType)
    let m = nd2 [ [ 1.0; 2.0 ]; [ 3.0; 4.0 ]; [ 5.0; 6.0 ] ]
    Assert.True([| 3; 2 |] = shapeOf m)
    Assert.Equal<float[]>([| 1.0; 2.0; 3.0; 4.0; 5.0; 6.0 |], values m)
    Assert.Equal(DType.Int32, (nd2 [ [ 1 ]; [ 2 ] ]).DType)
    Assert.Equal(DType.Float32, (nd2 (array2D [ [ 1.0f ] ])).DType)
    Assert.True([| 0; 0 |] = shapeOf (nd2 ([]: float list list)))
    let s = scalar 2.0
    Assert.Equal(0, s.Rank)
    Assert.Equal(DType.Float32, (scalar 2.0f * 3.0).DType)
    Assert.Equal(DType.Int32, (scalar 2).DType)

[<Fact>]
let ``Ragged rows are an error naming nd2 and the row lengths`` () =
    let e = Assert.Throws<ArgumentException>(fun () -> nd2 [ [ 1.0; 2.0 ]; [ 3.0; 4.0 ]; [ 5.0 ] ] |> ignore)
    Assert.Contains("nd2", e.Message)
    Assert.Contains("row 0 has 2 elements and row 2 has 1", e.Message)

[<Fact>]
let ``At updates and numpy index items are usable from F#`` () =
    let x = nd2 [ [ 1.0; 2.0; 3.0 ]; [ 4.0; 5.0; 6.0 ] ]
    let idx = nd [ 2; 0 ]
    Assert.Equal<float>([| 1.0; 2.0; 3.0; 4.0; 5.0; 9.0 |], values (x.At.[1, 2].Set(9.0)))
    Assert.Equal<float>([| 3.0; 1.0 |], values (x.At.[0, idx].Get()))
    Assert.Equal<float>([| 2.0; 2.0; 6.0; 4.0; 5.0; 6.0 |], values (x.At.[0, Ix.Slice(0, 3, 2)].Multiply(2.0)))
    Assert.Equal<float>([| 6.0; 5.0; 4.0 |], values (x.Item(1, Ix.Slice(step = -1))))
