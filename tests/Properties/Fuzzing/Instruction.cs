using System;

namespace Functional.AD.Properties.Fuzzing;

/// <summary>
/// Where a derivative (or a value) of an operation jumps, measured on concrete operands: per element, the distance
/// from the kink (<c>|a - b|</c> for <c>Maximum(a, b)</c>, <c>|x|</c> for <c>Relu(x)</c>, the gap between the two
/// largest elements for a max reduction), the magnitude that distance is relative to, and which side of the kink the
/// element is on (the sign of <c>a - b</c>, the index of the maximum).
/// </summary>
/// <param name="Distance">Distance to the kink, per element (zero on it).</param>
/// <param name="Scale">Magnitude of the arguments, per element, for relative margins.</param>
/// <param name="Branch">The side of the kink, per element.</param>
public sealed record Kink(double[] Distance, double[] Scale, int[] Branch);

/// <summary>One step of a resolved program: a public-API expression over earlier values, with its shape and a bound on its elements.</summary>
public sealed class Instruction
{
    /// <summary>The operation, for statistics.</summary>
    public required string Name { get; init; }

    /// <summary>Indices of the values it reads (inputs first, then one value per earlier instruction).</summary>
    public required int[] Operands { get; init; }

    /// <summary>Its C# text: <c>$0</c>, <c>$1</c>... stand for the operands, <c>$T</c> for the program's dtype.</summary>
    public required string Code { get; init; }

    /// <summary>Runs it on the operands' values, for a program of the given dtype.</summary>
    public required Func<NDArray[], DType, NDArray> Apply { get; init; }

    /// <summary>The result's shape.</summary>
    public required int[] Shape { get; init; }

    /// <summary>An upper bound on the result's magnitudes (for inputs within their scales).</summary>
    public required double Bound { get; init; }

    /// <summary>Its kinks, computed from concrete f64 operands; null for a smooth operation.</summary>
    public Func<NDArray[], Kink[]>? Kinks { get; init; }

    /// <summary>Whether the value itself (not only a derivative) jumps at a kink.</summary>
    public bool Discontinuous { get; init; }

    /// <summary>Whether derivatives deliberately disagree with the function's (stop_gradient): no finite-difference check.</summary>
    public bool StopsGradient { get; init; }

    /// <summary>The most terms one sum adds in the operation or its derivatives (1 for elementwise work).</summary>
    public long Terms { get; init; } = 1;

    /// <summary>The helper a reproduction must define to run <see cref="Code"/>, if any (see <see cref="CustomFunctions"/>).</summary>
    public string? Helper { get; init; }
}
