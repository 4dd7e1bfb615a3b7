// A first F# program against the published package, as an F# user writes it: curried transforms, F# records and
// lists as parameters, no .Invoke, no struct tuples. It prints one line per result ("name: value"); PackagingTests
// reads them.
open System.Globalization
open Functional.AD
open Functional.AD.FSharp

// First of all, before anything of the F# package runs: an F# list given straight to the core's C# Grad (the core
// registers the package's pytree types itself when it meets an F# type).
let direct = Jax.Grad(System.Func<NDArray list, NDArray>(fun ps -> Np.Sum(ps.Head * ps.Head) + Np.Sum(ps.Tail.Head))).Invoke [ Np.Array(1.0, 2.0); Np.Array(5.0) ]

let show (name: string) (a: NDArray) =
    let text = a.ToArray<float>() |> Array.map (fun v -> v.ToString("R", CultureInfo.InvariantCulture))
    printfn "%s: %s" name (String.concat " " text)

show "direct-fsharp-list" (Np.concatenate direct)

// d/dx exp(x^2) at 2 = 4 e^4
show "grad-exp-square" (grad (fun (x: NDArray) -> exp (x * x)) (Np.scalar 2.0))

let f (x: NDArray) = Np.sum (sin x * x)
let x = nd [ 0.5; 1.0; 1.5 ]
show "grad" (grad f x)
let (_, hv) = jvp (grad f) x (Np.onesLike x)
show "hvp" hv
show "vmap-grad" (vmap (grad f) (Np.stack [ x; x * 2.0 ]))

type Dense = { W: NDArray; B: NDArray option }
let loss (layers: Dense list) =
    layers
    |> List.map (fun l -> Np.sum (l.W * l.W) + (match l.B with Some b -> Np.sum b | None -> Np.scalar 0.0))
    |> List.reduce (+)
let grads = jit (grad loss) [ { W = nd [ 1.0; 2.0 ]; B = Some (nd [ 3.0 ]) }; { W = nd [ 4.0 ]; B = None } ]
show "jit-grad-records" (Np.concatenate [ grads.[0].W; grads.[0].B.Value; grads.[1].W ])
printfn "none-stays-none: %b" grads.[1].B.IsNone
