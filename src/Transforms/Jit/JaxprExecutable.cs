using System;
using System.Collections.Generic;
using System.Collections.Immutable;

namespace Functional.AD;

/// <summary>
/// A compiled jaxpr: a list of steps (kernels and fused groups) over a table of value slots. Each value's
/// slot is cleared after its last use, so its buffer can be recycled while the program still runs.
/// </summary>
internal sealed class JaxprExecutable
{
    private readonly ClosedJaxpr _program;
    private readonly ExecutionStep[] _steps;
    private readonly Source[] _outputs;

    internal JaxprExecutable(ClosedJaxpr program, List<ExecutionStep> steps)
    {
        _program = program;
        _steps = steps.ToArray();
        var j = program.Jaxpr;
        _outputs = new Source[j.OutVarList.Length];
        for (int i = 0; i < _outputs.Length; i++) _outputs[i] = Source.Of(j.OutVarList[i]);
        // Last reader of each slot (outputs are never cleared).
        var last = new int[j.VarCount];
        Array.Fill(last, -1);
        for (int s = 0; s < _steps.Length; s++) foreach (var slot in _steps[s].Reads) last[slot] = s;
        foreach (var o in _outputs) if (o.Constant is null) last[o.Slot] = int.MaxValue;
        var frees = new List<int>[_steps.Length];
        for (int slot = 0; slot < last.Length; slot++)
            if (last[slot] >= 0 && last[slot] < _steps.Length) (frees[last[slot]] ??= new List<int>()).Add(slot);
        for (int s = 0; s < _steps.Length; s++) if (frees[s] is { } f) _steps[s].Frees = f.ToArray();
    }

    /// <summary>The optimized jaxpr this executable runs.</summary>
    internal ClosedJaxpr Program => _program;

    /// <summary>The steps (for tests and diagnostics).</summary>
    internal IReadOnlyList<ExecutionStep> Steps => _steps;

    /// <summary>Runs the program on concrete arguments.</summary>
    internal NDArray[] Run(NDArray[] args)
    {
        var j = _program.Jaxpr;
        var slots = new NDArray?[j.VarCount];
        for (int i = 0; i < _program.ConstList.Length; i++) slots[j.ConstVarList[i].Index] = _program.ConstList[i];
        for (int i = 0; i < args.Length; i++) slots[j.InVarList[i].Index] = args[i];
        foreach (var step in _steps)
        {
            step.Run(slots);
            foreach (var slot in step.Frees) slots[slot] = null;
        }
        var result = new NDArray[_outputs.Length];
        for (int i = 0; i < result.Length; i++) result[i] = _outputs[i].Read(slots);
        return result;
    }
}

/// <summary>The jit compiler: optimization passes on the jaxpr, then fusion planning into an executable.</summary>
internal static class JaxprCompiler
{
    /// <summary>Optimizes and compiles <paramref name="jaxpr"/> (which has no constants of its own).</summary>
    internal static JaxprExecutable Compile(Jaxpr jaxpr)
    {
        var program = Optimize(new ClosedJaxpr(jaxpr, ImmutableArray<NDArray>.Empty));
        return new JaxprExecutable(program, Fusion.Plan(program.Jaxpr));
    }

    /// <summary>The optimization passes, in order.</summary>
    internal static ClosedJaxpr Optimize(ClosedJaxpr program)
    {
        program = DeadCodeElimination.Run(program);
        program = ConstantFolding.Run(program);
        program = Simplification.Run(program);
        program = CommonSubexpressionElimination.Run(program);
        program = DeadCodeElimination.Run(program);
        return program;
    }
}
