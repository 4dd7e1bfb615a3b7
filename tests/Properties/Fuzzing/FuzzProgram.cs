using System.Linq;

namespace Functional.AD.Properties.Fuzzing;

/// <summary>
/// The operations a generated program is made of. Each becomes one call of the public Np/Nn/Lax/Jax API (or a short
/// guarded expression around one, such as <c>Np.Log(Np.Square(a) + 0.5)</c>) once <see cref="ProgramResolver"/> has
/// fitted it to the shapes it meets.
/// </summary>
public enum OpKind
{
    Sin, Cos, Tanh, Arctan, Sigmoid, Softplus, Gelu, Negative, Square, Exp, Expm1, Log, Log1p, Sqrt, Reciprocal, Tan,
    PowerInt, PowerReal, ScalarArithmetic, CustomJvpTanh, CustomVjpSin, StopGradient,
    Relu, Abs, Sign, Clip,
    Add, Subtract, Multiply, Divide, Maximum, Minimum, PowerArray, Where,
    Sum, Mean, Max, Min, Prod, LogSumExp, Softmax, LogSoftmax, Cumsum,
    Matmul, Dot, Outer,
    Reshape, Transpose, ExpandDims, Squeeze, BroadcastTo, Index, Slice, Concatenate, Stack, TakeConstant, TakeArgMax, OneHotArgMax,
    ScanOutputs, ScanCarry, ForiLoop, Cond,
}

/// <summary>
/// One step of a program before it meets shapes: the operation and random choices (operands, axes, sizes) that
/// <see cref="ProgramResolver"/> reads modulo what the current shapes allow, so a program stays valid when the
/// shrinker removes steps or shrinks the inputs.
/// </summary>
/// <param name="Kind">The operation.</param>
/// <param name="A">Choice of the first operand.</param>
/// <param name="B">Choice of the other operands.</param>
/// <param name="C">Choice of axes, shapes and variants.</param>
/// <param name="K">A constant the operation may use.</param>
public readonly record struct Gene(OpKind Kind, int A, int B, int C, double K);

/// <summary>An input array: its shape and the <see cref="Waves.Wave"/> formula that fills it.</summary>
/// <param name="Shape">The input's shape.</param>
/// <param name="Seed">The formula's seed.</param>
/// <param name="Scale">The largest magnitude of its elements.</param>
public sealed record InputSpec(int[] Shape, int Seed, double Scale)
{
    /// <inheritdoc/>
    public override string ToString() => $"[{string.Join(",", Shape)}]~{Seed}x{Scale}";
}

/// <summary>How the checks transform a program, drawn with it so that a seed replays everything.</summary>
/// <param name="BatchSize">Examples per Vmap batch (1 to 3).</param>
/// <param name="MappedInputs">Bit i set: input i is mapped by the batch-axis-first Vmap (the others are passed unmapped); at least one is.</param>
/// <param name="SegmentFrom">First step of the segment that the inner Jit and Checkpoint wrap (modulo the step count).</param>
/// <param name="SegmentLength">Length of that segment (0: the whole program is wrapped instead).</param>
/// <param name="Policy">Checkpoint policy: 0 nothing saveable, 1 dots saveable, 2 everything saveable.</param>
/// <param name="DirectionSeed">Seed of the tangent direction and of the other batch examples.</param>
public sealed record FuzzOptions(int BatchSize, int MappedInputs, int SegmentFrom, int SegmentLength, int Policy, int DirectionSeed);

/// <summary>A generated program: its element type, its inputs, its steps and the options of its checks.</summary>
/// <param name="Seed">The seed it was generated from (kept by shrinking, for the report).</param>
/// <param name="DType">f32 or f64: the type of every input and value.</param>
/// <param name="Inputs">One to three inputs whose shapes broadcast together.</param>
/// <param name="Genes">The steps.</param>
/// <param name="Options">How the checks transform it.</param>
public sealed record FuzzProgram(int Seed, DType DType, InputSpec[] Inputs, Gene[] Genes, FuzzOptions Options)
{
    /// <inheritdoc/>
    public override string ToString() =>
        $"seed {Seed}: {DType}, inputs {string.Join(" ", Inputs.Select(i => i.ToString()))}, {Genes.Length} steps, {Options}";
}
