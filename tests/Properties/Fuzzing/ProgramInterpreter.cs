using System;
using System.Collections.Generic;

namespace Functional.AD.Properties.Fuzzing;

/// <summary>What wraps the segment of a program (see <see cref="ResolvedProgram.SegmentFrom"/>).</summary>
public enum Wrap
{
    /// <summary>Nothing: the plain program.</summary>
    None,

    /// <summary>Jax.Jit around the segment (or the whole program).</summary>
    Jit,

    /// <summary>Jax.Checkpoint around the segment (or the whole program), with the program's policy.</summary>
    Checkpoint,
}

/// <summary>Turns a resolved program into a function of its inputs built from the public API, as a user would write it.</summary>
public static class ProgramInterpreter
{
    /// <summary>
    /// The program's values, inputs first, each instruction run eagerly (on concrete arrays, for the references);
    /// where <paramref name="frozen"/> has a value for a stop_gradient step, that value instead (finite differences of
    /// a function whose stop_gradient values are held constant are what its derivatives compute).
    /// </summary>
    public static NDArray[] Values(ResolvedProgram p, NDArray[] inputs, NDArray[]? frozen = null)
    {
        var values = new List<NDArray>(inputs);
        Run(p, values, 0, p.Instructions.Length, inputs[0].DType, frozen);
        return values.ToArray();
    }

    /// <summary>The scalar loss of the program from its values.</summary>
    public static NDArray LossOf(ResolvedProgram p, IReadOnlyList<NDArray> values) =>
        Np.Sum(Output(p, values) * Waves.Wave(p.OutputShape, p.LossSeed, 1.0, values[0].DType));

    /// <summary>The program's result from its values: the last value plus the unused ones, each summed and scaled.</summary>
    public static NDArray Output(ResolvedProgram p, IReadOnlyList<NDArray> values)
    {
        var y = values[p.Last];
        foreach (var (v, s) in p.Folded) y = y + (Np.Sum(values[v]) * s);
        return y;
    }

    /// <summary>The checkpoint policy of a program's options.</summary>
    public static CheckpointPolicy Policy(ResolvedProgram p) => p.Program.Options.Policy switch
    {
        0 => CheckpointPolicy.NothingSaveable,
        1 => CheckpointPolicy.DotsSaveable,
        _ => CheckpointPolicy.EverythingSaveable,
    };

    /// <summary>The program as a function of its inputs, its segment (or all of it) wrapped as <paramref name="wrap"/> says.</summary>
    public static Func<NDArray[], NDArray> Body(ResolvedProgram p, Wrap wrap = Wrap.None)
    {
        NDArray Plain(NDArray[] x)
        {
            var values = new List<NDArray>(x);
            Run(p, values, 0, p.Instructions.Length, x[0].DType);
            return Output(p, values);
        }
        if (wrap == Wrap.None) return Plain;
        if (p.SegmentFrom == p.SegmentTo)
            return wrap == Wrap.Jit ? Jax.Jit<NDArray[], NDArray>(Plain) : Jax.Checkpoint<NDArray[], NDArray>(Plain, Policy(p));
        NDArray[] Segment(NDArray[] vals)
        {
            var values = new List<NDArray>(vals);
            Run(p, values, p.SegmentFrom, p.SegmentTo, vals[0].DType);
            return values.ToArray();
        }
        var wrapped = wrap == Wrap.Jit ? Jax.Jit<NDArray[], NDArray[]>(Segment) : Jax.Checkpoint<NDArray[], NDArray[]>(Segment, Policy(p));
        return x =>
        {
            var values = new List<NDArray>(x);
            Run(p, values, 0, p.SegmentFrom, x[0].DType);
            values = new List<NDArray>(wrapped(values.ToArray()));
            Run(p, values, p.SegmentTo, p.Instructions.Length, x[0].DType);
            return Output(p, values);
        };
    }

    /// <summary>The scalar loss of a body: its result weighted by a fixed wave and summed.</summary>
    public static Func<NDArray[], NDArray> Loss(ResolvedProgram p, Func<NDArray[], NDArray> body) =>
        x => Np.Sum(body(x) * Waves.Wave(p.OutputShape, p.LossSeed, 1.0, x[0].DType));

    private static void Run(ResolvedProgram p, List<NDArray> values, int from, int to, DType dtype, NDArray[]? frozen = null)
    {
        for (int i = from; i < to; i++)
        {
            var ins = p.Instructions[i];
            if (frozen is not null && ins.StopsGradient)
            {
                values.Add(frozen[values.Count]);
                continue;
            }
            var operands = new NDArray[ins.Operands.Length];
            for (int j = 0; j < operands.Length; j++) operands[j] = values[ins.Operands[j]];
            values.Add(ins.Apply(operands, dtype));
        }
    }
}
