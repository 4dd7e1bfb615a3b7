/// The Np, Nn and Lax modules against the C# calls, and a check that every C# function has its F# counterpart.
module Functional.AD.FSharp.Tests.ModuleTests

open System
open System.Reflection
open Xunit
open Functional.AD
open Functional.AD.FSharp
open Functional.AD.FSharp.Tests.JaxTests

// ---------------------------------------------------------------- coverage

/// The public static methods of a C# class, by name (overloads once), without property accessors.
let private coreNames (t: Type) =
    t.GetMethods(BindingFlags.Public ||| BindingFlags.Static ||| BindingFlags.DeclaredOnly)
    |> Array.filter (fun m -> not m.IsSpecialName)
    |> Array.map (fun m -> m.Name)
    |> Array.distinct
    |> Array.sort

/// The functions of an F# module of Functional.AD.FSharp, by compiled name.
let private moduleNames (name: string) =
    let t = Assembly.Load("Functional.AD.FSharp").GetType($"Functional.AD.FSharp.{name}", true)
    t.GetMethods(BindingFlags.Public ||| BindingFlags.Static) |> Array.map (fun m -> m.Name) |> set

let private lowerCamel (name: string) = string (Char.ToLowerInvariant name.[0]) + name.Substring 1

/// Documented exceptions: C# names whose F# counterpart is spelled otherwise (none so far).
let private renamed: Map<string, string> = Map.empty

[<Theory>]
[<InlineData("Np")>]
[<InlineData("Nn")>]
[<InlineData("Lax")>]
[<InlineData("Jax")>]
let ``every public C# function has a lower-camelCase F# counterpart`` (name: string) =
    let core = typeof<CheckpointPolicy>.Assembly.GetType($"Functional.AD.{name}", true)
    let fsharp = moduleNames name
    let missing =
        coreNames core
        |> Array.map (fun n -> n, defaultArg (renamed.TryFind n) (lowerCamel n))
        |> Array.filter (fun (_, f) -> not (fsharp.Contains f))
    Assert.True(Array.isEmpty missing, $"Functional.AD.FSharp.{name} lacks: " + String.Join(", ", missing |> Array.map (fun (c, f) -> $"{f} (for {name}.{c})")))

// ---------------------------------------------------------------- Np

let private x = Np.array [ 0.5; -1.25; 2.0; 0.75 ]
let private y = Np.array [ 1.5; 0.25; -0.5; 3.0 ]
let private m = Np.fromFlat [ 2; 3 ] [| 1.0; -2.0; 3.0; 0.5; 4.0; -1.5 |]

[<Fact>]
let ``creation functions equal the C# calls`` () =
    same (Np.Array(1.0, 2.0)) (Np.array [ 1.0; 2.0 ])
    same (Np.Array(1.0f, 2.0f)) (Np.array [ 1.0f; 2.0f ])
    Assert.Equal(DType.Int32, (Np.array [ 1; 2 ]).DType)
    Assert.Equal(DType.Bool, (Np.array [ true; false ]).DType)
    Assert.Equal<int>([| 1; 2 |], (Np.array [| 1; 2 |]).ToArray<int>())
    same (Np.Array(array2D [ [ 1.0; 2.0 ]; [ 3.0; 4.0 ] ])) (Np.array2 [ [ 1.0; 2.0 ]; [ 3.0; 4.0 ] ])
    Assert.Equal(DType.Float32, (Np.array2 [ [ 1.0f ] ]).DType)
    same (Np.FromFlat([| 1.0; 2.0 |], [| 2; 1 |])) (Np.fromFlat [ 2; 1 ] [| 1.0; 2.0 |])
    same (Np.Scalar 2.5) (Np.scalar 2.5)
    Assert.Equal(DType.Int32, (Np.scalar 3).DType)
    same (Np.Zeros([| 2; 3 |])) (Np.zeros [ 2; 3 ])
    Assert.Equal(DType.Float32, (Np.zerosWith [ 2 ] DType.Float32).DType)
    same (Np.Ones([| 3 |])) (Np.ones [| 3 |])
    Assert.Equal(DType.Int32, (Np.onesWith [ 2 ] DType.Int32).DType)
    same (Np.Full([| 2 |], 7.0)) (Np.full [ 2 ] 7.0)
    Assert.Equal(DType.Float32, (Np.fullWith [ 2 ] 7.0 DType.Float32).DType)
    same (Np.ZerosLike m) (Np.zerosLike m)
    same (Np.OnesLike m) (Np.onesLike m)
    Assert.Equal<int>((Np.Arange 5).ToArray<int>(), (Np.arange 5).ToArray<int>())
    same (Np.Linspace(0.0, 1.0, 5)) (Np.linspace 0.0 1.0 5)
    Assert.Equal(DType.Float32, (Np.linspaceWith 0.0 1.0 5 DType.Float32).DType)
    same (Np.Eye 3) (Np.eye 3)
    Assert.Equal(DType.Float32, (Np.eyeWith 3 DType.Float32).DType)
    Assert.Throws<ArgumentException>(fun () -> Np.array [ "a" ] |> ignore) |> ignore

[<Fact>]
let ``elementwise functions equal the C# calls`` () =
    let p = Np.abs x + 0.5
    let unary: (string * (NDArray -> NDArray) * (NDArray -> NDArray)) list =
        [ "negative", Np.negative, Np.Negative; "square", Np.square, Np.Square; "sqrt", Np.sqrt, Np.Sqrt
          "reciprocal", Np.reciprocal, Np.Reciprocal; "exp", Np.exp, Np.Exp; "log", Np.log, Np.Log
          "log1p", Np.log1p, Np.Log1p; "expm1", Np.expm1, Np.Expm1; "sin", Np.sin, Np.Sin; "cos", Np.cos, Np.Cos
          "tan", Np.tan, Np.Tan; "tanh", Np.tanh, Np.Tanh; "arctan", Np.arctan, Np.Arctan; "abs", Np.abs, Np.Abs
          "floor", Np.floor, Np.Floor; "sign", Np.sign, Np.Sign; "isFinite", Np.isFinite, Np.IsFinite
          "Lax.stopGradient", Lax.stopGradient, Lax.StopGradient; "Lax.erf", Lax.erf, Lax.Erf; "Lax.floor", Lax.floor, Lax.Floor
          "ceil", Np.ceil, Np.Ceil; "round", Np.round, (fun a -> Np.Round a); "roundTo 1", Np.roundTo 1, (fun a -> Np.Round(a, 1))
          "trunc", Np.trunc, Np.Trunc; "fix", Np.fix, Np.Fix; "sinh", Np.sinh, Np.Sinh; "cosh", Np.cosh, Np.Cosh
          "arcsinh", Np.arcsinh, Np.Arcsinh; "cbrt", Np.cbrt, Np.Cbrt; "exp2", Np.exp2, Np.Exp2; "log2", Np.log2, Np.Log2
          "log10", Np.log10, Np.Log10; "Lax.ceil", Lax.ceil, Lax.Ceil; "Lax.round", Lax.round RoundingMethod.AwayFromZero, (fun a -> Lax.Round a)
          "Lax.sinh", Lax.sinh, Lax.Sinh; "Lax.cosh", Lax.cosh, Lax.Cosh; "Lax.asinh", Lax.asinh, Lax.Asinh
          "Lax.cbrt", Lax.cbrt, Lax.Cbrt; "Lax.exp2", Lax.exp2, Lax.Exp2; "deg2rad", Np.deg2rad, Np.Deg2rad
          "Lax.erfc", Lax.erfc, Lax.Erfc; "Lax.lgamma", Lax.lgamma, Lax.Lgamma; "Lax.digamma", Lax.digamma, Lax.Digamma
          "Lax.polygamma 2", Lax.polygamma 2, (fun a -> Lax.Polygamma(2, a))
          "rad2deg", Np.rad2deg, Np.Rad2deg; "radians", Np.radians, Np.Radians; "degrees", Np.degrees, Np.Degrees
          "sinc", Np.sinc, Np.Sinc; "logicalNot", Np.logicalNot, Np.LogicalNot; "isNan", Np.isNan, Np.IsNan; "isInf", Np.isInf, Np.IsInf
          "isPosInf", Np.isPosInf, Np.IsPosInf; "isNegInf", Np.isNegInf, Np.IsNegInf; "signbit", Np.signbit, Np.Signbit
          "nanToNum", Np.nanToNum, (fun a -> Np.NanToNum a) ]
    let ints = Np.array [ 3; -4; 0; 11 ]
    for name, fs, cs in [ "bitwiseNot", Np.bitwiseNot, Np.BitwiseNot; "invert", Np.invert, Np.Invert ] do
        Assert.True((values (cs ints) = values (fs ints)), name)
    for name, fs, cs in [ "bitwiseAnd", Np.bitwiseAnd, Np.BitwiseAnd; "bitwiseOr", Np.bitwiseOr, Np.BitwiseOr; "bitwiseXor", Np.bitwiseXor, Np.BitwiseXor ] do
        Assert.True((values (cs (ints, Np.scalar 6)) = values (fs ints (Np.scalar 6))), name)
    let unit = Np.tanh x * 0.9
    for name, fs, cs in [ "arcsin", Np.arcsin, Np.Arcsin; "arccos", Np.arccos, Np.Arccos; "arctanh", Np.arctanh, Np.Arctanh
                          "Lax.asin", Lax.asin, Lax.Asin; "Lax.acos", Lax.acos, Lax.Acos; "Lax.atanh", Lax.atanh, Lax.Atanh
                          "Lax.erfInv", Lax.erfInv, Lax.ErfInv ] do
        Assert.True((values (cs unit) = values (fs unit)), name)
    for name, fs, cs in [ "arccosh", Np.arccosh, Np.Arccosh; "Lax.acosh", Lax.acosh, Lax.Acosh ] do
        Assert.True((values (cs (p + 1.0)) = values (fs (p + 1.0))), name)
    for name, fs, cs in unary do
        Assert.True((values (cs p) = values (fs p)), name)
    let binary: (string * (NDArray -> NDArray -> NDArray) * (NDArray * NDArray -> NDArray)) list =
        [ "add", Np.add, Np.Add; "subtract", Np.subtract, Np.Subtract; "multiply", Np.multiply, Np.Multiply
          "divide", Np.divide, Np.Divide; "power", Np.power, Np.Power; "maximum", Np.maximum, Np.Maximum
          "minimum", Np.minimum, Np.Minimum; "equal", Np.equal, Np.Equal; "notEqual", Np.notEqual, Np.NotEqual
          "less", Np.less, Np.Less; "lessEqual", Np.lessEqual, Np.LessEqual; "greater", Np.greater, Np.Greater
          "greaterEqual", Np.greaterEqual, Np.GreaterEqual; "dot", Np.dot, Np.Dot; "outer", Np.outer, Np.Outer
          "arctan2", Np.arctan2, Np.Arctan2; "hypot", Np.hypot, Np.Hypot; "logaddexp", Np.logaddexp, Np.Logaddexp
          "logaddexp2", Np.logaddexp2, Np.Logaddexp2; "fmod", Np.fmod, Np.Fmod; "remainder", Np.remainder, Np.Remainder
          "mod", Np.``mod``, Np.Mod; "floorDivide", Np.floorDivide, Np.FloorDivide; "logicalAnd", Np.logicalAnd, Np.LogicalAnd
          "logicalOr", Np.logicalOr, Np.LogicalOr; "logicalXor", Np.logicalXor, Np.LogicalXor; "copysign", Np.copysign, Np.Copysign
          "heaviside", Np.heaviside, Np.Heaviside ]
    for name, fs, cs in binary do
        Assert.True((values (cs (p, y)) = values (fs p y)), name)
    same (Np.Clip(x, Np.scalar -1.0, Np.scalar 1.0)) (x |> Np.clip (Np.scalar -1.0) (Np.scalar 1.0))
    same (Np.Where(Np.Less(x, y), x, y)) (Np.where (Np.less x y) x y)
    same (Np.Matmul(m, Np.Transpose m)) (Np.matmul m (Np.transpose m))

[<Fact>]
let ``reductions equal the C# calls in all three forms`` () =
    let reductions: (string * (NDArray -> NDArray) * (int -> NDArray -> NDArray) * (int option -> bool -> NDArray -> NDArray) * (NDArray * Nullable<int> * bool -> NDArray)) list =
        [ "sum", Np.sum, Np.sumAxis, Np.sumWith, (fun (a, b, k) -> Np.Sum(a, b, k)); "mean", Np.mean, Np.meanAxis, Np.meanWith, (fun (a, b, k) -> Np.Mean(a, b, k))
          "max", Np.max, Np.maxAxis, Np.maxWith, (fun (a, b, k) -> Np.Max(a, b, k)); "min", Np.min, Np.minAxis, Np.minWith, (fun (a, b, k) -> Np.Min(a, b, k))
          "prod", Np.prod, Np.prodAxis, Np.prodWith, (fun (a, b, k) -> Np.Prod(a, b, k))
          "logSumExp", Nn.logSumExp, Nn.logSumExpAxis, Nn.logSumExpWith, (fun (a, b, k) -> Nn.LogSumExp(a, b, k)) ]
    for name, all, axis, full, cs in reductions do
        same (cs (m, Nullable(), false)) (all m)
        same (cs (m, Nullable 1, false)) (axis 1 m)
        same (cs (m, Nullable -1, true)) (full (Some -1) true m)
        same (cs (m, Nullable(), true)) (full None true m)
        Assert.Equal("[2,1]", string (full (Some 1) true m).Shape)
        ignore name
    Assert.Equal<int>((Np.ArgMax(m, 1)).ToArray<int>(), (Np.argMax 1 m).ToArray<int>())
    same (Np.Cumsum(m, 1)) (Np.cumsum 1 m)

[<Fact>]
let ``shape functions equal the C# calls`` () =
    same (Np.Reshape(m, [| 3; 2 |])) (m |> Np.reshape [ 3; 2 ])
    same (Np.Transpose m) (Np.transpose m)
    let cube = Np.reshape [ 1; 2; 3 ] m
    same (Np.Transpose(cube, [| 2; 0; 1 |])) (Np.transposeAxes [ 2; 0; 1 ] cube)
    same (Np.ExpandDims(x, 1)) (Np.expandDims 1 x)
    same (Np.Squeeze cube) (Np.squeeze cube)
    same (Np.Squeeze(cube, 0)) (Np.squeezeAxis 0 cube)
    same (Np.BroadcastTo(x, [| 3; 4 |])) (Np.broadcastTo [ 3; 4 ] x)
    same (Np.Concatenate([| x; y |])) (Np.concatenate [ x; y ])
    same (Np.Concatenate([| m; m |], 1)) (Np.concatenateAxis 1 [ m; m ])
    same (Np.Stack([| x; y |])) (Np.stack [ x; y ])
    same (Np.Stack([| x; y |], 1)) (Np.stackAxis 1 [ x; y ])
    let idx = Np.array [ 2; 0; 7 ]
    same (Np.Take(x, idx)) (x |> Np.take idx)
    same (Np.Take(m, Np.array [ 1; 0 ], 1)) (Np.takeAxis 1 (Np.array [ 1; 0 ]) m)
    same (Np.Take(x, idx, 0, IndexingMode.Fill, 9.0)) (Np.takeWith idx 0 IndexingMode.Fill (Some 9.0) x)
    same (Np.Take(x, idx, 0, IndexingMode.Clip)) (Np.takeWith idx 0 IndexingMode.Clip None x)

[<Fact>]
let ``layout functions equal the C# calls`` () =
    let cube = Np.reshape [ 1; 2; 3 ] m
    same (Np.Flip m) (Np.flip m)
    same (Np.Flip(m, [| 1 |])) (Np.flipAxes [ 1 ] m)
    same (Np.Roll(x, 3)) (Np.roll 3 x)
    same (Np.Roll(m, -1, 1)) (Np.rollAxis -1 1 m)
    same (Np.Roll(m, [| 1; 2 |], [| 0; 1 |])) (Np.rollAxes [ 1; 2 ] [ 0; 1 ] m)
    same (Np.Rot90 m) (Np.rot90 m)
    same (Np.Rot90(cube, 3, [| 2; 1 |])) (Np.rot90With 3 [ 2; 1 ] cube)
    same (Np.SwapAxes(cube, 0, 2)) (Np.swapAxes 0 2 cube)
    same (Np.MoveAxis(cube, 0, -1)) (Np.moveAxis 0 -1 cube)
    same (Np.MoveAxis(cube, [| 0; 1 |], [| 2; 0 |])) (Np.moveAxes [ 0; 1 ] [ 2; 0 ] cube)
    same (Np.Ravel m) (Np.ravel m)
    same (Np.Tile(m, [| 2; 1 |])) (Np.tile [ 2; 1 ] m)
    same (Np.Repeat(m, 2)) (Np.repeat 2 m)
    same (Np.Repeat(m, 2, 1)) (Np.repeatAxis 2 1 m)
    same (Np.Repeat(x, [| 1; 0; 2; 1 |], 0, 6)) (Np.repeatWith [ 1; 0; 2; 1 ] (Some 0) (Some 6) x)
    same (Np.Squeeze(cube, [| 0 |])) (Np.squeezeAxes [ 0 ] cube)
    same (Np.ExpandDims(x, [| 0; -1 |])) (Np.expandDimsAxes [ 0; -1 ] x)
    same (Np.AtLeast1d(Np.scalar 1.0)) (Np.atLeast1d (Np.scalar 1.0))
    same (Np.AtLeast2d x) (Np.atLeast2d x)
    same (Np.AtLeast3d m) (Np.atLeast3d m)
    same (Np.BroadcastArrays(m, Np.array [ 1.0; 2.0; 3.0 ]).[1]) (Np.broadcastArrays [ m; Np.array [ 1.0; 2.0; 3.0 ] ]).[1]
    same (Np.Split(x, 2).[1]) (Np.split 2 x).[1]
    same (Np.Split(m, [| 1 |], 1).[1]) (Np.splitAt [ 1 ] 1 m).[1]
    same (Np.ArraySplit(m, 2, 1).[0]) (Np.arraySplit 2 1 m).[0]
    same (Np.HStack [| x; y |]) (Np.hStack [ x; y ])
    same (Np.VStack [| x; y |]) (Np.vStack [ x; y ])
    same (Np.DStack [| x; y |]) (Np.dStack [ x; y ])
    same (Np.ColumnStack [| x; y |]) (Np.columnStack [ x; y ])
    same (Np.Pad(m, 1)) (Np.pad 1 m)
    same (Np.Pad(m, [| struct (1, 0); struct (2, 2) |], "reflect")) (Np.padWith [ (1, 0); (2, 2) ] "reflect" m)
    same (Np.Diagonal m) (Np.diagonal m)
    same (Np.Diagonal(cube, 1, 2, 1)) (Np.diagonalWith 1 2 1 cube)
    same (Np.Trace m) (Np.trace m)
    same (Np.Trace(cube, 0, 1, 2)) (Np.traceWith 0 1 2 cube)
    same (Np.Diag x) (Np.diag x)
    same (Np.Diag(x, -1)) (Np.diagK -1 x)
    same (Np.Tril m) (Np.tril m)
    same (Np.Tril(m, 1)) (Np.trilK 1 m)
    same (Np.Triu m) (Np.triu m)
    same (Np.Triu(m, -1)) (Np.triuK -1 m)
    same (Np.Eye(2, 3, 1, DType.Float64)) (Np.eyeNMK 2 3 1 DType.Float64)
    same (Np.Identity 3) (Np.identity 3)
    Assert.Equal<int>((Np.Arange(2, 9, 3)).ToArray<int>(), (Np.arangeStep 2 9 3).ToArray<int>())
    same (Np.Arange(0.5, 2.0, 0.25)) (Np.arangeFloat 0.5 2.0 0.25)
    same (Np.Linspace(0.0, 1.0, 4, false)) (Np.linspaceEndpoint 0.0 1.0 4 false)
    same (Np.Logspace(0.0, 2.0, 3)) (Np.logspace 0.0 2.0 3)
    same (Np.Logspace(0.0, 2.0, 3, false, 2.0, DType.Float64)) (Np.logspaceWith 0.0 2.0 3 false 2.0 DType.Float64)
    same (Np.Meshgrid([| x; y |]).[0]) (Np.meshgrid [ x; y ]).[0]
    same (Np.Meshgrid([| x; y |], true, "ij").[1]) (Np.meshgridWith true "ij" [ x; y ]).[1]
    same (Np.TensorDot(m, Np.transpose m, 1)) (Np.tensorDot 1 m (Np.transpose m))
    same (Np.TensorDot(m, m, struct ([| 0; 1 |], [| 0; 1 |]))) (Np.tensorDotAxes [ 0; 1 ] [ 0; 1 ] m m)
    same (Np.Inner(m, m)) (Np.inner m m)
    same (Np.Kron(m, x)) (Np.kron m x)
    same (Np.Cross(m, m)) (Np.cross m m)
    same (Np.Einsum("ij,kj->ik", m, m)) (Np.einsum "ij,kj->ik" [ m; m ])

// ---------------------------------------------------------------- Nn

[<Fact>]
let ``Nn functions equal the C# calls`` () =
    for fs, cs in [ Nn.relu, Nn.Relu; Nn.sigmoid, Nn.Sigmoid; Nn.softplus, Nn.Softplus; Nn.gelu, Nn.Gelu; Nn.softmax, (fun a -> Nn.Softmax a); Nn.logSoftmax, (fun a -> Nn.LogSoftmax a) ] do
        same (cs m) (fs m)
    same (Nn.Softmax(m, 0)) (Nn.softmaxAxis 0 m)
    same (Nn.LogSoftmax(m, 0)) (Nn.logSoftmaxAxis 0 m)
    let labels = Np.array [ 2; 0 ]
    same (Nn.OneHot(labels, 3)) (Nn.oneHot 3 labels)
    Assert.Equal(DType.Float32, (Nn.oneHotWith 3 DType.Float32 labels).DType)

// ---------------------------------------------------------------- Lax

[<Fact>]
let ``Lax slicing equals the C# calls`` () =
    same (Lax.Slice(m, [| 0; 1 |], [| 2; 3 |])) (m |> Lax.slice [ 0; 1 ] [ 2; 3 ])
    same (Lax.Slice(m, [| 0; 0 |], [| 2; 3 |], [| 1; 2 |])) (Lax.sliceWithStrides [ 0; 0 ] [ 2; 3 ] [ 1; 2 ] m)
    same (Lax.SliceInDim(m, 1, Nullable(), 1, 1)) (Lax.sliceInDim (Some 1) None 1 1 m)
    same (Lax.IndexInDim(m, 1, 1, false)) (Lax.indexInDim 1 1 false m)
    same (Lax.Squeeze(Np.reshape [ 1; 2; 3 ] m, 0)) (Lax.squeeze [ 0 ] (Np.reshape [ 1; 2; 3 ] m))

[<Fact>]
let ``Lax.cond picks the branch, also under jit and grad`` () =
    let f (x: NDArray) = Lax.cond (Np.greater (Np.sum x) (Np.scalar 0.0)) (fun x -> x * 2.0) (fun x -> -x) x
    close (x * 2.0) (f x)
    close (y * 2.0) (jit f y)
    close (Np.array [ 1.0; 2.0 ]) (f (Np.array [ -1.0; -2.0 ]))
    let core = Lax.Cond(Np.Greater(Np.Sum x, Np.scalar 0.0), Func<NDArray, NDArray>(fun x -> x * 2.0), Func<NDArray, NDArray>(fun x -> -x), x)
    same core (f x)
    close (Np.onesLike x * 2.0) (grad (fun x -> Np.sum (f x)) x)

[<Fact>]
let ``Lax.whileLoop and foriLoop equal the C# calls`` () =
    let whileF = Lax.whileLoop (fun (i: NDArray, _: NDArray) -> Np.less i (Np.scalar 5)) (fun (i, acc) -> i + 1, acc * 2.0) (Np.scalar 0, Np.scalar 1.0)
    Assert.Equal(32.0, float (snd whileF))
    let core = Lax.WhileLoop(Func<struct (NDArray * NDArray), NDArray>(fun (struct (i, _)) -> Np.Less(i, Np.scalar 5)), Func<_, _>(fun (struct (i: NDArray, acc: NDArray)) -> struct (i + 1, acc * 2.0)), struct (Np.scalar 0, Np.scalar 1.0))
    let struct (_, coreAcc) = core
    same coreAcc (snd whileF)
    let looped = Lax.foriLoop 0 4 (fun i acc -> acc + i.AsType DType.Float64) (Np.scalar 0.5)
    same (Lax.ForiLoop(0, 4, Func<NDArray, NDArray, NDArray>(fun i acc -> acc + i.AsType DType.Float64), Np.scalar 0.5)) looped
    Assert.Equal(6.5, float looped)
    close (Np.scalar 16.0) (grad (fun x -> Lax.foriLoop 0 4 (fun _ acc -> acc * x) (Np.scalar 1.0)) (Np.scalar 2.0) * 0.5)

[<Fact>]
let ``Lax.scan returns an F# tuple equal to the C# call`` () =
    let step (c: NDArray) (x: NDArray) = c + x, c * x
    let carry, ys = Lax.scan step (Np.scalar 0.0) x
    let struct (cc, cys) = Lax.Scan(Func<NDArray, NDArray, struct (NDArray * NDArray)>(fun c x -> struct (c + x, c * x)), Np.scalar 0.0, x)
    same cc carry
    same cys ys
    close (Np.sum x) carry
    // differentiable: d/dx of the final carry is ones
    close (Np.onesLike x) (grad (fun xs -> fst (Lax.scan step (Np.scalar 0.0) xs)) x)
