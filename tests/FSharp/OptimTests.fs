/// The Optim module: an F# record of parameters trained under jit, and the F# functions against the C# calls.
module Functional.AD.FSharp.Tests.OptimTests

open Xunit
open Functional.AD
open Functional.AD.FSharp

type Line = { Slope: NDArray; Offset: NDArray }

let private xs = Np.array [ 0.0; 1.0; 2.0; 3.0 ]
let private ys = Np.array [ 1.0; 3.0; 5.0; 7.0 ]

let private loss (p: Line) = Np.mean (Np.square (p.Slope * xs + p.Offset - ys))

[<Fact>]
let ``adam fits a line held in an F# record under jit`` () =
    let opt = Optim.adam 0.1
    let step =
        Jax.jit (fun (p: Line, s: OptState) ->
            let g = Jax.grad loss p
            let u, s' = opt |> Optim.update g s p
            p |> Optim.applyUpdates u, s')
    let start = { Slope = Np.scalar 0.0; Offset = Np.scalar 0.0 }
    let mutable state = start, Optim.init start opt
    for _ in 1..600 do
        state <- step state
    let p = fst state
    Assert.Equal(2.0, float p.Slope, 2)
    Assert.Equal(1.0, float p.Offset, 2)

[<Fact>]
let ``the F# functions build the same transformations as the C# calls`` () =
    let g = Np.array [ 0.5; -2.0 ]
    let p = Np.array [ 1.0; 1.0 ]
    let run (opt: GradientTransformation) =
        let u, _ = opt |> Optim.update g (Optim.init p opt) p
        u.ToArray<float>()
    let pairs: (string * GradientTransformation * GradientTransformation) list =
        [ "sgd", Optim.sgd 0.1, Functional.AD.Optim.Sgd(0.1)
          "sgd schedule", Optim.sgd (Optim.constantSchedule 0.1), Functional.AD.Optim.Sgd(0.1)
          "adamW", Optim.adamW 0.1, Functional.AD.Optim.AdamW(0.1)
          "lion", Optim.lion 0.1, Functional.AD.Optim.Lion(0.1)
          "rmspropWith", Optim.rmspropWith (Optim.rate 0.1) 0.9 1e-8 0.0 true true (Some 0.9) false false,
              Functional.AD.Optim.Rmsprop(0.1, centered = true, momentum = 0.9)
          "chain", Optim.chain [ Optim.clipByGlobalNorm 1.0; Optim.scale -0.5 ],
              Functional.AD.Optim.Chain(Functional.AD.Optim.ClipByGlobalNorm 1.0, Functional.AD.Optim.Scale -0.5)
          "masked", Optim.scale 3.0 |> Optim.maskedFlags [ true ], Functional.AD.Optim.Scale 3.0
          "multiSteps", Optim.multiSteps 1 (Optim.adam 0.1), Functional.AD.Optim.Adam(0.1) ]
    for name, fs, cs in pairs do
        Assert.True((run fs = run cs), name)
    Assert.Equal(0.05, float ((Optim.linearSchedule 0.1 0.0 10 0).Invoke(Np.scalar 5)), 12)
