using System.Runtime.CompilerServices;
namespace Functional.AD;

/// <summary>An operand of a compiled step: a slot of the value table, or a constant.</summary>
internal readonly struct Source
{
    internal readonly int Slot;
    internal readonly NDArray? Constant;

    private Source(int slot, NDArray? constant)
    {
        Slot = slot;
        Constant = constant;
    }

    /// <summary>No source: a value computed inside a fused group (not read from a slot or a constant).</summary>
    internal static Source None => new(-1, null);

    /// <summary>The source of an atom: its variable's slot, or a literal's value.</summary>
    internal static Source Of(Atom a) => a is Literal lit ? new Source(-1, lit.Value) : new Source(((Var)a).Index, null);

    /// <summary>The value in <paramref name="slots"/>.</summary>
    internal NDArray Read(NDArray?[] slots) => Constant ?? slots[Slot]!;
}

/// <summary>One step of a compiled program.</summary>
internal abstract class ExecutionStep
{
    /// <summary>Slots whose last use is this step: cleared afterwards, so the buffers can be recycled early.</summary>
    internal int[] Frees = System.Array.Empty<int>();

    /// <summary>Slots this step reads.</summary>
    internal abstract int[] Reads { get; }

    /// <summary>Slots this step writes.</summary>
    internal abstract int[] Writes { get; }

    /// <summary>Runs the step on the value table.</summary>
    internal abstract void Run(NDArray?[] slots);
}

/// <summary>A step that runs one primitive's kernel (no trace dispatch, no shape re-validation).</summary>
internal sealed class KernelStep : ExecutionStep
{
    private readonly Primitive _primitive;
    private readonly PrimitiveParams _params;
    private readonly Source[] _inputs;
    private readonly ArrayType[] _outTypes;
    private readonly int[] _outputs;

    internal KernelStep(Equation e)
    {
        _primitive = e.Primitive;
        _params = e.Params;
        _inputs = new Source[e.Inputs.Length];
        for (int i = 0; i < _inputs.Length; i++) _inputs[i] = Source.Of(e.Inputs[i]);
        _outTypes = new ArrayType[e.Outputs.Length];
        _outputs = new int[e.Outputs.Length];
        for (int i = 0; i < _outputs.Length; i++)
        {
            _outTypes[i] = e.Outputs[i].Type;
            _outputs[i] = e.Outputs[i].Index;
        }
        var reads = new System.Collections.Generic.List<int>();
        foreach (var s in _inputs) if (s.Constant is null) reads.Add(s.Slot);
        _reads = reads.ToArray();
    }

    private readonly int[] _reads;

    internal override int[] Reads => _reads;

    internal override int[] Writes => _outputs;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal override void Run(NDArray?[] slots)
    {
        var args = new NDArray[_inputs.Length];
        for (int i = 0; i < args.Length; i++) args[i] = _inputs[i].Read(slots);
        var outs = _primitive.Kernel(args, _params, _outTypes);
        for (int i = 0; i < outs.Length; i++) slots[_outputs[i]] = outs[i];
    }

    public override string ToString() => _primitive.Name;
}
