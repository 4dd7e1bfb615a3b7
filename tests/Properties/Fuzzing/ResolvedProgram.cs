using System.Linq;

namespace Functional.AD.Properties.Fuzzing;

/// <summary>
/// A program fitted to its shapes: instructions with concrete operands and parameters, the values left unused (added
/// to the result so that every step is live), and the segment that the inner Jit and Checkpoint wrap.
/// </summary>
public sealed class ResolvedProgram
{
    /// <summary>The program it was resolved from.</summary>
    public required FuzzProgram Program { get; init; }

    /// <summary>The steps that applied to the shapes they met (a step that fits no operand is dropped).</summary>
    public required Instruction[] Instructions { get; init; }

    /// <summary>The shape of every value: the inputs, then one per instruction.</summary>
    public required int[][] Shapes { get; init; }

    /// <summary>The index of the value the program returns, before the unused values are added.</summary>
    public required int Last { get; init; }

    /// <summary>Values no instruction reads, each added to the result as <c>Np.Sum(v) * Scale</c>.</summary>
    public required (int Value, double Scale)[] Folded { get; init; }

    /// <summary>The shape of the program's result.</summary>
    public int[] OutputShape => Shapes[Last];

    /// <summary>The <see cref="Waves.Wave"/> seed of the weights that turn the result into a scalar loss.</summary>
    public int LossSeed => (Program.Seed * 7) + 3;

    /// <summary>The first instruction of the segment that the inner Jit and Checkpoint wrap.</summary>
    public required int SegmentFrom { get; init; }

    /// <summary>One past the last instruction of that segment; equal to <see cref="SegmentFrom"/> when the whole program is wrapped.</summary>
    public required int SegmentTo { get; init; }

    /// <summary>The most terms one sum of the program (its derivatives and its loss included) adds.</summary>
    public required long MaxTerms { get; init; }

    /// <summary>The number of inputs.</summary>
    public int InputCount => Program.Inputs.Length;

    /// <summary>Whether some step is stop_gradient, so that derivatives differ from finite differences by design.</summary>
    public bool StopsGradient => Instructions.Any(i => i.StopsGradient);

    /// <summary>The element type.</summary>
    public DType DType => Program.DType;
}
