using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Functional.AD.Properties.Fuzzing;

/// <summary>
/// A program run eagerly on one input in its own precision and in the other one (f64 for an f32 program, f32 for an
/// f64 one): its result, the rounding it amplifies (<see cref="FuzzTolerance.ErrorScale"/>) and whether some kink
/// is close enough that another computation order could take the other side of it. A kink is safe when the f64
/// distance to it exceeds eight times the f32/f64 discrepancy of that distance (scaled for f64 programs) plus 64
/// units of roundoff of its arguments. An exact tie is not safe either, even one that every precision computes
/// exactly: elementwise kernels round the same input differently at different positions (a vector body and a
/// scalar tail), so two copies of one value made by a broadcast may stop being equal under Vmap.
/// </summary>
public sealed class Inspection
{
    /// <summary>The result in the program's precision.</summary>
    public required NDArray Out { get; init; }

    /// <summary>The result's measured rounding.</summary>
    public required double ErrorScale { get; init; }

    /// <summary>The result's largest magnitude, from the f64 run.</summary>
    public required double Magnitude { get; init; }

    /// <summary>Why derivatives may jump between two computations (a kink too close), or null.</summary>
    public string? DerivativeHazard { get; init; }

    /// <summary>Why values may jump between two computations (a discontinuity too close), or null.</summary>
    public string? ValueHazard { get; init; }

    /// <summary>Runs the program on <paramref name="x"/> (in the program's precision) and on its conversion to the other precision.</summary>
    public static Inspection Of(ResolvedProgram p, NDArray[] x)
    {
        var dtype = p.DType;
        var own = ProgramInterpreter.Values(p, x);
        var other = ProgramInterpreter.Values(p, Convert(x, FuzzTolerance.Other(dtype)));
        var (v64, v32) = dtype == DType.Float64 ? (own, other) : (other, own);
        string? derivative = null, value = null;
        for (int i = 0; i < p.Instructions.Length && value is null; i++)
        {
            var ins = p.Instructions[i];
            if (ins.Kinks is null || (derivative is not null && !ins.Discontinuous)) continue;
            var k64 = ins.Kinks(Operands(ins, v64));
            var k32 = ins.Kinks(Operands(ins, v32));
            for (int j = 0; j < k64.Length; j++)
            {
                var hazard = Hazard(dtype, k64[j], k32[j]);
                if (hazard is null) continue;
                var why = $"{ins.Name} (step {i}) {hazard}";
                derivative ??= why;
                if (ins.Discontinuous) value = why;
            }
        }
        var outOwn = ProgramInterpreter.Output(p, own);
        var outOther = ProgramInterpreter.Output(p, other);
        var out64 = dtype == DType.Float64 ? outOwn : outOther;
        return new Inspection
        {
            Out = outOwn,
            ErrorScale = FuzzTolerance.ErrorScale(dtype, FuzzTolerance.MaxDiff(outOwn, outOther)),
            Magnitude = FuzzTolerance.MaxAbs(out64),
            DerivativeHazard = derivative ?? value,
            ValueHazard = value,
        };
    }

    /// <summary>The arrays converted to <paramref name="dtype"/>.</summary>
    public static NDArray[] Convert(NDArray[] x, DType dtype) => x.Select(a => a.AsType(dtype)).ToArray();

    /// <summary>
    /// Which side of every kink each element of the program's <paramref name="values"/> is on (and whether exactly on
    /// it): equal signatures at x ± h·v mean that finite differences do not straddle a kink.
    /// </summary>
    public static List<int[]> Signature(ResolvedProgram p, NDArray[] values)
    {
        var signature = new List<int[]>();
        foreach (var ins in p.Instructions)
        {
            if (ins.Kinks is null) continue;
            foreach (var k in ins.Kinks(Operands(ins, values)))
                signature.Add(k.Branch.Select((b, e) => k.Distance[e] == 0 ? int.MinValue : b).ToArray());
        }
        return signature;
    }

    private static NDArray[] Operands(Instruction ins, NDArray[] values) =>
        ins.Operands.Select(o => values[o].AsType(DType.Float64)).ToArray();

    private static string? Hazard(DType dtype, Kink k64, Kink k32)
    {
        double u = NumericAssert.UnitRoundoff(dtype), rho = dtype == DType.Float32 ? 1 : Math.ScaleB(1.0, -29);
        for (int e = 0; e < k64.Distance.Length; e++)
        {
            double d64 = k64.Distance[e], d32 = k32.Distance[e];
            bool sameSide = k64.Branch[e] == k32.Branch[e];
            if (double.IsPositiveInfinity(d64)) continue;
            if (d64 == 0) return $"element {e}: on the kink (a tie)";
            if (dtype == DType.Float32 && !sameSide)
                return $"element {e}: f32 and f64 take different sides";
            double margin = (8 * rho * Math.Abs(d32 - d64)) + (64 * u * k64.Scale[e]);
            if (!(d64 > margin))
                return string.Create(CultureInfo.InvariantCulture, $"element {e}: distance {d64:G3} to the kink within margin {margin:G3}");
        }
        return null;
    }
}
