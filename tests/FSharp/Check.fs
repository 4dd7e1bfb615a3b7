/// Shared helpers of the F# tests: FsCheck properties run from xunit facts.
module Functional.AD.FSharp.Tests.Check

open FsCheck
open FsCheck.FSharp

/// Runs an FsCheck property from an xunit fact; a failure throws with the counterexample and the replay seed.
let property (maxTest: int) (arb: Arbitrary<'T>) (body: 'T -> unit) =
    let config = Config.QuickThrowOnFailure.WithMaxTest maxTest
    Check.One(config, Prop.forAll arb (fun x -> body x; true))
