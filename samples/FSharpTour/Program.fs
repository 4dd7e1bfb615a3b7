// Functional.AD F# tour: the worked examples of the C# Tour (samples/Tour), written with the F# surface, each
// library value printed next to the value a pencil-and-paper derivation gives, then a small model trained with it.
//
//   dotnet run --project samples/FSharpTour
//
// Exits with code 1 if any library value disagrees with the hand-derived one.

open System
open Functional.AD
open Functional.AD.FSharp

// ------------------------------------------------------------------------------------------ printing and checks

let mutable mismatches = 0

/// "ok" when every library value is within a relative 1e-9 of the hand value, else "MISMATCH" (and counted).
let check (library: float list) (hand: float list) =
    let close (a: float) (b: float) = abs (a - b) <= 1e-9 * max 1.0 (abs b)
    if List.length library = List.length hand && List.forall2 close library hand then "ok"
    else
        mismatches <- mismatches + 1
        "MISMATCH"

let section (title: string) =
    printfn ""
    printfn "%s" title
    printfn "%s" (String('-', title.Length))

let text (s: string) = for line in s.Trim('\n').Split('\n') do printfn "  %s" (line.TrimEnd())

/// The elements of a concrete array as an F# list of floats.
let values (x: NDArray) = x.ToArray<float>() |> List.ofArray

let fmt (x: float) = x.ToString("0.00000000", Globalization.CultureInfo.InvariantCulture)
let fmtList (xs: float list) = "[" + String.Join("; ", xs |> List.map fmt) + "]"

/// One row of a table: a label padded to a width, then the cells.
let row (label: string) (cells: string list) = printfn "%s" ((sprintf "  %-44s %s" label (String.Join("  ", cells |> List.map (fun c -> c.PadRight 14)))).TrimEnd())

// ------------------------------------------------------------------------------------------ 1. both modes

section "1. Forward mode and reverse mode on f(x) = x^2 + 2x"
text """
A function on NDArray is an ordinary F# function, and every transform takes it as it is:

    let f (x: NDArray) = x * x + 2.0 * x

jvp f x v pushes a tangent v through f alongside the value and returns the F# tuple (f x, f'(x) v);
grad f x pulls a cotangent of 1 back from the output. Both must give f'(x) = 2x + 2.
"""
let f1 (x: NDArray) = x * x + 2.0 * x
row "x" [ "jvp tangent"; "grad f x"; "2x + 2 (hand)"; "check" ]
for x0 in [ -2.0; -0.5; 0.0; 1.0; 3.0 ] do
    let (_, tangent) = jvp f1 (Np.scalar x0) (Np.scalar 1.0)
    let gradient = grad f1 (Np.scalar x0)
    let exact = 2.0 * x0 + 2.0
    row (fmt x0) [ fmt (float tangent); fmt (float gradient); fmt exact; check [ float tangent; float gradient ] [ exact; exact ] ]

// ------------------------------------------------------------------------------------------ 2. traces of exp(x^2)

section "2. Evaluation traces of f(x) = exp(x^2) at x = 2"
text """
v0 = x, v1 = v0^2, v2 = exp(v1). Each step goes through the library on its own: jvp of a step maps
(v_{i-1}, tangent_{i-1}) to (v_i, tangent_i); vjp of a step returns v_i and its pullback, an F# function.
Expected: f(2) = e^4 = 54.59815 and f'(2) = 4 e^4 = 218.39260.
"""
let square (v: NDArray) = v * v
let expStep (v: NDArray) = exp v
let x2 = 2.0
let exact2 = 4.0 * Math.Exp 4.0

printfn ""
printfn "  forward tangent trace (seed 1)"
let (v1, v1Dot) = jvp square (Np.scalar x2) (Np.scalar 1.0)
let (v2, v2Dot) = jvp expStep v1 v1Dot
row "v1 = v0^2,      tangent 2 v0" [ fmt (float v1); fmt (float v1Dot); check [ float v1Dot ] [ 2.0 * x2 ] ]
row "v2 = exp(v1),   tangent exp(v1) tangent1" [ fmt (float v2); fmt (float v2Dot); check [ float v2Dot ] [ exact2 ] ]

printfn ""
printfn "  reverse adjoint trace (forward sweep records pullbacks, backward sweep from 1)"
let (r1, pullback1) = vjp square (Np.scalar x2)
let (_, pullback2) = vjp expStep r1
let bar1 = pullback2 (Np.scalar 1.0)
let bar0 = pullback1 bar1
row "adjoint of v1 = exp(v1)" [ fmt (float bar1); check [ float bar1 ] [ Math.Exp 4.0 ] ]
row "adjoint of x  = adjoint(v1) 2 v0" [ fmt (float bar0); check [ float bar0 ] [ exact2 ] ]

let f2 (x: NDArray) = exp (x * x)
let whole = grad f2 (Np.scalar x2)
printfn ""
printfn "  grad f 2 on the whole function = %s   %s" (whole |> float |> fun v -> v.ToString("0.00", Globalization.CultureInfo.InvariantCulture)) (check [ float whole ] [ exact2 ])
printfn ""
printfn "  its jaxpr:"
for line in (string (makeJaxpr (grad f2) (Np.scalar x2))).Split('\n') do printfn "    %s" line

// ------------------------------------------------------------------------------------------ 3. two inputs

section "3. The gradient of f(x1, x2) = log((x1 + x2)^2 + sin(x1 x2))"
text """
Grad accepts any pytree and returns a gradient of the same shape. F# values are pytrees: below the
inputs come as an F# tuple, as one array, as a record, and as two curried arguments (grad of a
curried function differentiates only the argument it is given: grad (fun a -> f a b) a).
"""
let logf (a: NDArray) (b: NDArray) = log ((a + b) * (a + b) + sin (a * b))
let a3, b3 = 1.5, 0.5
let u, w = a3 + b3, a3 * b3
let s = u * u + Math.Sin w
let d1, d2 = (2.0 * u + b3 * Math.Cos w) / s, (2.0 * u + a3 * Math.Cos w) / s

type Inputs = { X1: NDArray; X2: NDArray }

let (valueT, (g1, g2)) = valueAndGrad (fun (a, b) -> logf a b) (Np.scalar a3, Np.scalar b3)
let gArray = grad (fun (x: NDArray) -> logf x.[0] x.[1]) (nd [ a3; b3 ])
let gRecord = grad (fun (p: Inputs) -> logf p.X1 p.X2) { X1 = Np.scalar a3; X2 = Np.scalar b3 }
let gCurried = grad (fun a -> logf a (Np.scalar b3)) (Np.scalar a3)
row "valueAndGrad over a tuple: value" [ fmt (float valueT); check [ float valueT ] [ Math.Log s ] ]
row "  gradient (tuple)" [ fmtList [ float g1; float g2 ]; check [ float g1; float g2 ] [ d1; d2 ] ]
row "grad over one array [x1; x2]" [ fmtList (values gArray); check (values gArray) [ d1; d2 ] ]
row "grad over a record { X1; X2 }" [ fmtList [ float gRecord.X1; float gRecord.X2 ]; check [ float gRecord.X1; float gRecord.X2 ] [ d1; d2 ] ]
row "grad (fun a -> f a b) a   (first only)" [ fmt (float gCurried); check [ float gCurried ] [ d1 ] ]

// ------------------------------------------------------------------------------------------ 4. fan-out

section "4. Gradient accumulation: f(x) = x sin(x) uses x twice"
text """
In reverse mode the adjoint of x collects one contribution per use, and they are added:
sin(x) through the left factor and x cos(x) through sin. Naming the two uses g(a, b) = a sin(b)
shows them separately.
"""
let x4 = 2.0
let (ga, gb) = grad (fun (a: NDArray, b: NDArray) -> a * sin b) (Np.scalar x4, Np.scalar x4)
let total = grad (fun (v: NDArray) -> v * sin v) (Np.scalar x4)
row "dg/da (left use)" [ fmt (float ga); check [ float ga ] [ Math.Sin x4 ] ]
row "dg/db (right use)" [ fmt (float gb); check [ float gb ] [ x4 * Math.Cos x4 ] ]
row "grad f 2 = their sum" [ fmt (float total); check [ float total ] [ Math.Sin x4 + x4 * Math.Cos x4 ] ]

// ------------------------------------------------------------------------------------------ 5. Jacobians

section "5. Jacobian columns (forward) and rows (reverse) of f: R^3 -> R^2"
text """
f(x) = [x0 x1 + sin(x2); exp(x0) x2 - x1^2]. jvp with the unit vector e_j gives column j of J,
the vjp pullback of e_i gives row i; jacfwd and jacrev build the whole matrix either way.
"""
let f5 (v: NDArray) = Np.stack [ v.[0] * v.[1] + sin v.[2]; exp v.[0] * v.[2] - v.[1] * v.[1] ]
let x5 = [ 1.0; 2.0; 0.5 ]
let jHand = [ [ x5.[1]; x5.[0]; Math.Cos x5.[2] ]; [ Math.Exp x5.[0] * x5.[2]; -2.0 * x5.[1]; Math.Exp x5.[0] ] ]
let xs5 = nd x5
let (_, column2) = jvp f5 xs5 (nd [ 0.0; 0.0; 1.0 ])
let (_, pullback5) = vjp f5 xs5
let row1 = pullback5 (nd [ 0.0; 1.0 ])
row "column 2 (jvp with e_2)" [ fmtList (values column2); check (values column2) [ jHand.[0].[2]; jHand.[1].[2] ] ]
row "row 1 (pullback of e_1)" [ fmtList (values row1); check (values row1) jHand.[1] ]
let jf, jr = jacfwd f5 xs5, jacrev f5 xs5
row "jacfwd f x (shape [2,3])" [ fmtList (values jf); check (values jf) (List.concat jHand) ]
row "jacrev f x" [ fmtList (values jr); check (values jr) (List.concat jHand) ]

// ------------------------------------------------------------------------------------------ 6. HVP

section "6. Hessian-vector product as jvp (grad f): forward over reverse"
text """
For f(x) = sum(sin(x) x), H = diag(2 cos x - x sin x). jvp (grad f) x v returns (grad f x, H v)
in one pass, without forming H.
"""
let f6 (x: NDArray) = Np.sum (sin x * x)
let x6 = [ 0.5; 1.0; 1.5 ]
let v6 = [ 1.0; -1.0; 2.0 ]
let (g6, hv) = jvp (grad f6) (nd x6) (nd v6)
let hvHand = List.map2 (fun x v -> (2.0 * Math.Cos x - x * Math.Sin x) * v) x6 v6
row "gradient (the primal output)" [ fmtList (values g6); check (values g6) (x6 |> List.map (fun x -> Math.Sin x + x * Math.Cos x)) ]
row "H v" [ fmtList (values hv); check (values hv) hvHand ]
let hvp6 = hvp f6 (nd x6) (nd v6)
row "hvp f x v" [ fmtList (values hvp6); check (values hvp6) hvHand ]

// ------------------------------------------------------------------------------------------ 7. training

section "7. A small model trained with the F# surface"
text """
A two-layer network fits y = sin(3x) on 64 points in [-1, 1]. The parameters are an F# record with a list
of layers; jit (valueAndGrad loss) compiles one training step, and plain SGD with momentum updates the record
through Trees.map2. The loss must fall below 1% of its starting value.
"""
type Layer = { W: NDArray; B: NDArray }
type Model = { Layers: Layer list }

let xsTrain = Np.linspace -1.0 1.0 64 |> Np.reshape [ 64; 1 ]
let ysTrain = sin (3.0 * xsTrain)
let predict (m: Model) (x: NDArray) =
    let hidden = tanh (Np.matmul x m.Layers.[0].W + m.Layers.[0].B)
    Np.matmul hidden m.Layers.[1].W + m.Layers.[1].B
let loss (m: Model) = Np.mean (Np.square (predict m xsTrain - ysTrain))

// Deterministic initial weights (no random module needed): a fixed, spread-out pattern.
let pattern (rows: int) (cols: int) (scale: float) =
    Np.fromFlat [ rows; cols ] (Array.init (rows * cols) (fun i -> scale * Math.Sin(1.7 * float i + 0.3)))
let model0 = { Layers = [ { W = pattern 1 16 2.0; B = pattern 1 16 0.5 |> Np.reshape [ 16 ] }
                          { W = pattern 16 1 0.5; B = Np.zeros [ 1 ] } ] }
let step = jit (valueAndGrad loss)
let mutable model = model0
let mutable velocity = Trees.map Np.zerosLike model0
let lossAt0 = float (loss model0)
printfn ""
for i in 0 .. 1500 do
    let (value, g) = step model
    velocity <- Trees.map2 (fun v gi -> 0.9 * v + gi) velocity g
    model <- Trees.map2 (fun p v -> p - 0.05 * v) model velocity
    if i % 300 = 0 then printfn "  step %4d   loss %s" i (fmt (float value))
let lossEnd = float (loss model)
printfn ""
printfn "  loss fell from %s to %s (%.4f%% of the start)   %s" (fmt lossAt0) (fmt lossEnd) (100.0 * lossEnd / lossAt0)
    (if lossEnd < 0.01 * lossAt0 then "ok" else (mismatches <- mismatches + 1; "MISMATCH"))

printfn ""
if mismatches = 0 then printfn "All library values agreed with the hand-derived ones."
else printfn "%d value(s) disagreed: see MISMATCH above." mismatches
exit (if mismatches = 0 then 0 else 1)
