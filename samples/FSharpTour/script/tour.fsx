// The F# surface in a script. Pack the repository once, then run this with dotnet fsi:
//
//   dotnet pack -c Release                       (at the repository root: writes artifacts/packages/)
//   dotnet fsi samples/FSharpTour/script/tour.fsx
//
// The packages come from the folder feed the pack wrote (nuget.config beside this script names it). NuGet caches a package by its version, so after packing
// changed sources under the same version, clear the cached copy first: dotnet nuget locals global-packages --clear
#r "nuget: Functional.AD.FSharp, 0.1.0"

open Functional.AD
open Functional.AD.FSharp

// d/dx exp(x^2) = 2x exp(x^2): 218.39 at x = 2
let f (x: NDArray) = exp (x * x)
printfn "d/dx exp(x^2) at 2 = %.2f" (float (grad f (Np.scalar 2.0)))

// A Hessian-vector product, forward over reverse: jvp (grad g) x v
let g (x: NDArray) = Np.sum (sin x * x)
let x = nd [ 0.5; 1.0; 1.5 ]
let (gradient, hv) = jvp (grad g) x (Np.onesLike x)
printfn "grad g x = %O" gradient
printfn "H v      = %O" hv

// Parameters as an F# record; per-example gradients with vmap, a compiled step with jit
type Linear = { W: NDArray; B: NDArray }
let loss (p: Linear) (xi: NDArray) (yi: NDArray) = Np.square (Np.sum (p.W * xi) + p.B - yi)
let p = { W = nd [ 0.5; -0.25 ]; B = Np.scalar 0.1 }
let xs = nd2 [ [ 1.0; 2.0 ]; [ 3.0; 4.0 ]; [ 5.0; 6.0 ] ]
let ys = nd [ 1.0; 0.0; -1.0 ]
let perExample = vmap2 (None, Some 0) (fun (p: Linear) (xy: NDArray * NDArray) -> grad (fun q -> loss q (fst xy) (snd xy)) p) p (xs, ys)
printfn "per-example dL/dW =\n%O" perExample.W
let step = jit (fun (p: Linear) -> Trees.map2 (fun w gw -> w - 0.01 * gw) p (grad (fun q -> Np.mean (vmap (fun (xy: NDArray * NDArray) -> loss q (fst xy) (snd xy)) (xs, ys))) p))
printfn "one SGD step: W = %O, B = %O" (step p).W (step p).B
