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

/// Documented exceptions: C# names whose F# counterpart is spelled otherwise (an acronym is lowered whole).
let private renamed: Map<string, string> = Map.ofList [ "PRNGKey", "prngKey" ]

[<Theory>]
[<InlineData("Np")>]
[<InlineData("Nn")>]
[<InlineData("Lax")>]
[<InlineData("Jax")>]
[<InlineData("Optim")>]
[<InlineData("Random")>]
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
          "Lax.cbrt", Lax.cbrt, Lax.Cbrt; "Lax.exp2", Lax.exp2, Lax.Exp2; "deg2Rad", Np.deg2Rad, Np.Deg2Rad
          "Lax.erfc", Lax.erfc, Lax.Erfc; "Lax.lgamma", Lax.lgamma, Lax.Lgamma; "Lax.digamma", Lax.digamma, Lax.Digamma
          "Lax.polygamma 2", Lax.polygamma 2, (fun a -> Lax.Polygamma(2, a)); "sort", Np.sort, (fun a -> Np.Sort a)
          "Lax.exp", Lax.exp, Lax.Exp; "Lax.log", Lax.log, Lax.Log; "Lax.log1p", Lax.log1p, Lax.Log1p; "Lax.expm1", Lax.expm1, Lax.Expm1
          "Lax.sin", Lax.sin, Lax.Sin; "Lax.cos", Lax.cos, Lax.Cos; "Lax.tan", Lax.tan, Lax.Tan; "Lax.tanh", Lax.tanh, Lax.Tanh
          "Lax.atan", Lax.atan, Lax.Atan; "Lax.sqrt", Lax.sqrt, Lax.Sqrt; "Lax.rsqrt", Lax.rsqrt, Lax.Rsqrt; "Lax.logistic", Lax.logistic, Lax.Logistic
          "Lax.abs", Lax.abs, Lax.Abs; "Lax.neg", Lax.neg, Lax.Neg; "Lax.sign", Lax.sign, Lax.Sign; "Lax.square", Lax.square, Lax.Square
          "Lax.integerPow 3", Lax.integerPow 3, (fun a -> Lax.IntegerPow(a, 3)); "Lax.isFinite", Lax.isFinite, Lax.IsFinite
          "Lax.select", (fun a -> Lax.select (Lax.gt a a) a a), (fun a -> Lax.Select(Lax.Gt(a, a), a, a))
          "Lax.clamp", (fun a -> Lax.clamp (Np.scalar 0.6) a (Np.scalar 1.2)), (fun a -> Lax.Clamp(Np.scalar 0.6, a, Np.scalar 1.2))
          "sortAlong None desc", Np.sortAlong None true, (fun a -> Np.Sort(a, System.Nullable(), true, true))
          "argSort", Np.argSort, (fun a -> Np.ArgSort a); "argSortAlong (Some 0)", Np.argSortAlong (Some 0) false, (fun a -> Np.ArgSort(a, System.Nullable 0))
          "Lax.sort", Lax.sort, (fun a -> Lax.Sort a); "Lax.topK 1 values", (Lax.topK 1 >> fst), (fun a -> let struct (v, _) = Lax.TopK(a, 1) in v)
          "Lax.sortMany", (fun a -> Lax.sortMany -1 1 [ a; a ] |> List.last), (fun a -> Lax.Sort([| a; a |], -1, true, 1).[1])
          "partition 0", Np.partition 0, (fun a -> Np.Partition(a, 0)); "argPartition 0", Np.argPartition 0, (fun a -> Np.ArgPartition(a, 0))
          "unique 3", (fun a -> Np.unique 3 a), (fun a -> Np.Unique(a, 3)); "lexsort", (fun a -> Np.lexsort [ a; a ]), (fun a -> Np.Lexsort [| a; a |])
          "searchSorted", (fun a -> Np.searchSorted (Np.Sort(a.Reshape(-1))) a), (fun a -> Np.SearchSorted(Np.Sort(a.Reshape(-1)), a))
          "rad2Deg", Np.rad2Deg, Np.Rad2Deg; "radians", Np.radians, Np.Radians; "degrees", Np.degrees, Np.Degrees
          "sinc", Np.sinc, Np.Sinc; "logicalNot", Np.logicalNot, Np.LogicalNot; "isNan", Np.isNan, Np.IsNan; "isInf", Np.isInf, Np.IsInf
          "isPosInf", Np.isPosInf, Np.IsPosInf; "isNegInf", Np.isNegInf, Np.IsNegInf; "signBit", Np.signBit, Np.SignBit
          "nanToNum", Np.nanToNum, (fun a -> Np.NanToNum a) ]
    let ints = Np.array [ 3; -4; 0; 11 ]
    for name, fs, cs in [ "bitwiseNot", Np.bitwiseNot, Np.BitwiseNot; "invert", Np.invert, Np.Invert ] do
        Assert.True((values (cs ints) = values (fs ints)), name)
    Assert.True((values (Lax.BitwiseNot ints) = values (Lax.bitwiseNot ints)), "Lax.bitwiseNot")
    for name, fs, cs in [ "Lax.bitwiseAnd", Lax.bitwiseAnd, Lax.BitwiseAnd; "Lax.bitwiseOr", Lax.bitwiseOr, Lax.BitwiseOr; "Lax.bitwiseXor", Lax.bitwiseXor, Lax.BitwiseXor ] do
        Assert.True((values (cs (ints, Np.array [ 6; 1; 0; -2 ])) = values (fs ints (Np.array [ 6; 1; 0; -2 ]))), name)
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
          "arctan2", Np.arctan2, Np.Arctan2; "hypot", Np.hypot, Np.Hypot; "logAddExp", Np.logAddExp, Np.LogAddExp
          "logAddExp2", Np.logAddExp2, Np.LogAddExp2; "fmod", Np.fmod, Np.Fmod; "remainder", Np.remainder, Np.Remainder
          "mod", Np.``mod``, Np.Mod; "floorDivide", Np.floorDivide, Np.FloorDivide; "logicalAnd", Np.logicalAnd, Np.LogicalAnd
          "logicalOr", Np.logicalOr, Np.LogicalOr; "logicalXor", Np.logicalXor, Np.LogicalXor; "copySign", Np.copySign, Np.CopySign
          "heaviside", Np.heaviside, Np.Heaviside; "Lax.atan2", Lax.atan2, Lax.Atan2; "Lax.rem", Lax.rem, Lax.Rem
          "Lax.add", Lax.add, Lax.Add; "Lax.sub", Lax.sub, Lax.Sub; "Lax.mul", Lax.mul, Lax.Mul; "Lax.div", Lax.div, Lax.Div
          "Lax.pow", Lax.pow, Lax.Pow; "Lax.max", Lax.max, Lax.Max; "Lax.min", Lax.min, Lax.Min; "Lax.eq", Lax.eq, Lax.Eq
          "Lax.ne", Lax.ne, Lax.Ne; "Lax.lt", Lax.lt, Lax.Lt; "Lax.le", Lax.le, Lax.Le; "Lax.gt", Lax.gt, Lax.Gt; "Lax.ge", Lax.ge, Lax.Ge ]
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
let ``the reductions and statistics of issue 15 equal the C# calls`` () =
    let mask = Np.greater m (Np.scalar 0.0)
    same (Np.Sum(m, [| 0; 1 |])) (Np.sumAxes [ 0; 1 ] m)
    same (Np.Sum(m, Nullable 1, true, null, mask)) (Np.sumWhere (Some 1) true mask m)
    same (Np.Mean(m, Nullable(), false, mask)) (Np.meanWhere None false mask m)
    same (Np.Mean(m, [| -1 |])) (Np.meanAxes [ -1 ] m)
    same (Np.Max(m, [| 0 |])) (Np.maxAxes [ 0 ] m)
    same (Np.Min(m, [| 1; 0 |])) (Np.minAxes [ 1; 0 ] m)
    same (Np.Prod(m, [| 1 |])) (Np.prodAxes [ 1 ] m)
    Assert.Equal<int>((Np.ArgMin(m, Nullable 1)).ToArray<int>(), (Np.argMin 1 m).ToArray<int>())
    Assert.Equal<int>((Np.ArgMax(m, Nullable(), true)).ToArray<int>(), (Np.argMaxWith None true m).ToArray<int>())
    Assert.Equal<int>((Np.ArgMin(m, Nullable(), false)).ToArray<int>(), (Np.argMinWith None false m).ToArray<int>())
    Assert.Equal<bool>((Np.Any(mask)).ToArray<bool>(), (Np.any mask).ToArray<bool>())
    Assert.Equal<bool>((Np.All(m, Nullable 0, true)).ToArray<bool>(), (Np.allWith (Some 0) true m).ToArray<bool>())
    Assert.Equal<bool>((Np.All(m)).ToArray<bool>(), (Np.all m).ToArray<bool>())
    Assert.Equal<bool>((Np.Any(m, Nullable 1)).ToArray<bool>(), (Np.anyWith (Some 1) false m).ToArray<bool>())
    Assert.Equal<int>((Np.CountNonzero(mask, Nullable 1)).ToArray<int>(), (Np.countNonzeroWith (Some 1) false mask).ToArray<int>())
    Assert.Equal<int>((Np.CountNonzero(mask)).ToArray<int>(), (Np.countNonzero mask).ToArray<int>())
    same (Np.Cumsum(m, Nullable())) (Np.cumsumWith None m)
    same (Np.Cumprod(m, Nullable())) (Np.cumprod m)
    same (Np.Cumprod(m, Nullable 1)) (Np.cumprodAxis 1 m)
    same (Np.Var(m)) (Np.var m)
    same (Np.Var(m, Nullable 1, 1, true)) (Np.varWith (Some 1) 1 true m)
    same (Np.Std(m)) (Np.std m)
    same (Np.Std(m, Nullable 0, 1, false)) (Np.stdWith (Some 0) 1 false m)
    same (Np.Average(m, Nullable(), Np.onesLike m)) (Np.average (Np.onesLike m) m)
    same (Np.Average(m, Nullable 1, null, false)) (Np.averageWith (Some 1) None false m)
    same (Np.Median(m)) (Np.median m)
    same (Np.Median(m, Nullable 1, true)) (Np.medianWith (Some 1) true m)
    same (Np.Quantile(m, Np.scalar 0.25)) (Np.quantile (Np.scalar 0.25) m)
    same (Np.Quantile(m, Np.scalar 0.25, Nullable 0, "nearest", false)) (Np.quantileWith (Np.scalar 0.25) (Some 0) "nearest" false m)
    same (Np.Percentile(m, Np.scalar 25.0)) (Np.percentile (Np.scalar 25.0) m)
    same (Np.Percentile(m, Np.scalar 25.0, Nullable 1, "lower", true)) (Np.percentileWith (Np.scalar 25.0) (Some 1) "lower" true m)
    same (Np.NanSum(m)) (Np.nanSum m)
    same (Np.NanSum(m, Nullable 1)) (Np.nanSumWith (Some 1) false m)
    same (Np.NanMean(m)) (Np.nanMean m)
    same (Np.NanMean(m, Nullable 0, true)) (Np.nanMeanWith (Some 0) true m)
    same (Np.NanMax(m)) (Np.nanMax m)
    same (Np.NanMax(m, Nullable 1)) (Np.nanMaxWith (Some 1) false m)
    same (Np.NanMin(m)) (Np.nanMin m)
    same (Np.NanMin(m, Nullable 1)) (Np.nanMinWith (Some 1) false m)
    same (Np.Linalg.Norm(m)) (Np.Linalg.norm m)
    same (Np.Linalg.Norm(m, Nullable 1.0, [| 0; 1 |])) (Np.Linalg.normWith (Some 1.0) (Some [ 0; 1 ]) false m)
    same (Np.Linalg.Norm(m, Nullable 3.0, Nullable 1)) (Np.Linalg.normWith (Some 3.0) (Some [ 1 ]) false m)
    same (Np.Linalg.Norm(m, "fro")) (Np.Linalg.normNamed "fro" None false m)
    same (Lax.Cumsum(m, 1, true)) (Lax.cumsum 1 true m)
    same (Lax.Cumprod(m, 0, false)) (Lax.cumprod 0 false m)
    same (Lax.Cummax(m, 1, true)) (Lax.cummax 1 true m)
    same (Lax.Cummin(m, 1, false)) (Lax.cummin 1 false m)
    same (Lax.CumLogSumExp(m, 0, true)) (Lax.cumLogSumExp 0 true m)

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
    let along = Np.FromFlat([| 1; 0; 2; 2; 2; 0 |], [| 2; 3 |])
    same (Np.TakeAlongAxis(m, along, 1)) (Np.takeAlongAxis along 1 m)
    same (Np.PutAlongAxis(m, along, m, 1, false)) (Np.putAlongAxis along m 1 m)

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
    same (Nn.OneHot(labels, 3, DType.Float64, 0)) (Nn.oneHotAxis 3 DType.Float64 0 labels)

[<Fact>]
let ``Nn activations, masked reductions and initializers equal the C# calls`` () =
    for fs, cs in
        [ Nn.relu6, Nn.Relu6; Nn.leakyRelu, (fun a -> Nn.LeakyRelu a); Nn.elu, (fun a -> Nn.Elu a); Nn.celu, (fun a -> Nn.Celu a)
          Nn.selu, Nn.Selu; Nn.silu, Nn.Silu; Nn.swish, Nn.Swish; Nn.mish, Nn.Mish; Nn.glu, (fun a -> Nn.Glu a)
          Nn.hardTanh, Nn.HardTanh; Nn.hardSigmoid, Nn.HardSigmoid; Nn.hardSilu, Nn.HardSilu; Nn.hardSwish, Nn.HardSwish
          Nn.logSigmoid, Nn.LogSigmoid; Nn.softSign, Nn.SoftSign; Nn.sparsePlus, Nn.SparsePlus; Nn.squareplus, (fun a -> Nn.Squareplus a)
          Nn.standardize, (fun a -> Nn.Standardize a) ] do
        same (cs x) (fs x)
    same (Nn.LeakyRelu(x, 0.2)) (Nn.leakyReluWith 0.2 x)
    same (Nn.Elu(x, 0.5)) (Nn.eluWith 0.5 x)
    same (Nn.Celu(x, 2.0)) (Nn.celuWith 2.0 x)
    same (Nn.Gelu(x, true)) (Nn.geluWith true x)
    same (Nn.Gelu x) (Nn.geluWith false x)
    same (Nn.Squareplus(x, 1.0)) (Nn.squareplusWith 1.0 x)
    same (Nn.Glu(m, 0)) (Nn.gluAxis 0 m)
    let mask = Np.array [ true; false; true ]
    same (Nn.Softmax(m, [| 0; 1 |], mask)) (Nn.softmaxWith (Some [ 0; 1 ]) (Some mask) m)
    same (Nn.LogSoftmax(m, null, null)) (Nn.logSoftmaxWith None None m)
    let b = Np.array [ 1.0; 2.0; 0.5 ]
    same (Nn.LogSumExp(m, [| 1 |], b, true, mask)) (Nn.logSumExpFull (Some [ 1 ]) (Some b) true (Some mask) m)
    let struct (r, s) = Nn.LogSumExpWithSign(m, [| 1 |], -b)
    let r', s' = Nn.logSumExpWithSign (Some [ 1 ]) (Some -b) false None m
    same r r'
    same s s'
    same (Nn.Standardize(m, [| 0 |], null, null, 1e-3, mask)) (Nn.standardizeWith (Some [ 0 ]) None None 1e-3 (Some mask) m)
    same (Nn.Initializers.Zeros([| 2; 3 |], DType.Float32)) (Nn.Initializers.zeros [ 2; 3 ] DType.Float32)
    same (Nn.Initializers.Ones([| 2 |])) (Nn.Initializers.ones [ 2 ] DType.Float64)
    same (Nn.Initializers.Constant(Np.scalar 2.5).Invoke([| 2 |], DType.Float64)) (Nn.Initializers.constant (Np.scalar 2.5) [ 2 ] DType.Float64)

// ---------------------------------------------------------------- Lax

[<Fact>]
let ``Lax slicing equals the C# calls`` () =
    same (Lax.Slice(m, [| 0; 1 |], [| 2; 3 |])) (m |> Lax.slice [ 0; 1 ] [ 2; 3 ])
    same (Lax.Slice(m, [| 0; 0 |], [| 2; 3 |], [| 1; 2 |])) (Lax.sliceWithStrides [ 0; 0 ] [ 2; 3 ] [ 1; 2 ] m)
    same (Lax.SliceInDim(m, 1, Nullable(), 1, 1)) (Lax.sliceInDim (Some 1) None 1 1 m)
    same (Lax.IndexInDim(m, 1, 1, false)) (Lax.indexInDim 1 1 false m)
    let one = NDArray.op_Implicit 1
    same (Lax.DynamicSlice(m, [| one; one |], [| 1; 2 |])) (Lax.dynamicSlice [ one; one ] [ 1; 2 ] m)
    same (Lax.DynamicUpdateSlice(m, Np.Ones([| 1; 2 |]), [| one; one |])) (Lax.dynamicUpdateSlice (Np.Ones([| 1; 2 |])) [ one; one ] m)
    same (Lax.DynamicSliceInDim(m, one, 2, 1)) (Lax.dynamicSliceInDim one 2 1 m)
    same (Lax.DynamicIndexInDim(m, one, 1, false)) (Lax.dynamicIndexInDim one 1 false m)
    same (Lax.DynamicUpdateSliceInDim(m, Np.Ones([| 2; 1 |]), one, 1)) (Lax.dynamicUpdateSliceInDim (Np.Ones([| 2; 1 |])) one 1 m)
    same (Lax.DynamicUpdateIndexInDim(m, Np.Ones([| 2 |]), one, 1)) (Lax.dynamicUpdateIndexInDim (Np.Ones([| 2 |])) one 1 m)
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

// ---------------------------------------------------------------- saving and loading

[<Fact>]
let ``save, load, savez, savezCompressed and loadNpz equal the C# calls`` () =
    let dir = IO.Path.Combine(IO.Path.GetTempPath(), $"fad-fsharp-{Guid.NewGuid():N}")
    IO.Directory.CreateDirectory dir |> ignore
    try
        Np.save (IO.Path.Combine(dir, "m")) m
        same m (Np.load (IO.Path.Combine(dir, "m.npy")))
        same m (Functional.AD.Np.Load(IO.Path.Combine(dir, "m.npy")))
        Np.savez (IO.Path.Combine(dir, "z")) [ "x", x; "m", m ]
        let z = Np.loadNpz (IO.Path.Combine(dir, "z.npz"))
        Assert.Equal<string>([ "x"; "m" ], z.Files)
        same x z.["x"]
        Np.savezCompressed (IO.Path.Combine(dir, "c.npz")) [ "m", m ]
        same m (Np.loadNpz (IO.Path.Combine(dir, "c.npz"))).["m"]
    finally
        IO.Directory.Delete(dir, true)
// ---------------------------------------------------------------- Random

[<Fact>]
let ``Random functions equal the C# calls and keys pass through jit and vmap`` () =
    let key = Random.key 0L
    Assert.Equal<uint32>([| 0u; 0u |], (Random.keyData key).ToArray<uint32>())
    let k, sub = Random.splitTwo key
    Assert.Equal<uint32>([| 4146024105u; 967050713u |], (Random.keyData k).ToArray<uint32>())
    Assert.Equal<uint32>([| 2718843009u; 1272950319u |], (Random.keyData sub).ToArray<uint32>())
    same (Functional.AD.Random.Normal(sub, [| 3 |])) (sub |> Random.normal [ 3 ])
    same (Functional.AD.Random.Uniform(sub, [| 2 |], DType.Float32)) (sub |> Random.uniformWith [ 2 ] DType.Float32 (Np.scalar 0.0) (Np.scalar 1.0))
    let jitted = Functional.AD.Jax.Jit(System.Func<PRNGKey, NDArray>(fun k -> Random.normal [ 4 ] k))
    same (Random.normal [ 4 ] key) (jitted.Invoke key)
    let keys = key |> Random.split 3
    let batched = Functional.AD.Jax.Vmap(System.Func<PRNGKey, NDArray>(fun k -> Random.uniform [ 2 ] k)).Invoke keys
    same (Random.uniform [ 2 ] keys.[1]) (Np.Take(batched, Np.Array 1, 0) |> fun t -> Np.Reshape(t, [| 2 |]))
    Assert.Equal(5, (Random.permutation 5 key).ToArray<int>() |> Array.distinct |> Array.length)

[<Fact>]
let ``binomial and multinomial equal the C# calls and gamma is differentiable in its shape`` () =
    let key = Random.key 3L
    let n = Np.array [ 4.0; 40.0; 400.0 ]
    let p = Np.array [ 0.3; 0.5; 0.9 ]
    same (Functional.AD.Random.Binomial(key, n, p)) (key |> Random.binomial n p)
    same (Functional.AD.Random.Binomial(key, n, p, [| 2; 3 |], DType.Float32)) (key |> Random.binomialWith n p [ 2; 3 ] DType.Float32)
    let counts = key |> Random.multinomialWith (Np.scalar 20.0) p [ 5; 3 ] DType.Float64 3
    same (Functional.AD.Random.Multinomial(key, Np.scalar 20.0, p, [| 5; 3 |])) counts
    Assert.All(Np.Sum(counts, 1).ToArray<float>(), fun total -> Assert.Equal(20.0, total))
    same (Functional.AD.Random.Multinomial(key, Np.scalar 20.0, p)) (key |> Random.multinomial (Np.scalar 20.0) p)
    // d/da of a Gamma(a) sample by implicit reparameterization: finite and positive
    let grad = Functional.AD.Jax.Grad(System.Func<NDArray, NDArray>(fun a -> Np.Sum(Random.gamma a key))).Invoke(Np.array [ 0.5; 2.0 ])
    Assert.All(grad.ToArray<float>(), fun g -> Assert.True(Double.IsFinite g && g > 0.0))
