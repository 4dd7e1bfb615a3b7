namespace Functional.AD;

/// <summary>
/// The abstract value of an array: its shape, dtype and whether it is weakly typed (a C# number
/// literal that takes the dtype of the array it meets). Prints as JAX does: <c>f32[3,4]</c>, <c>f64[]</c>.
/// </summary>
public readonly record struct ArrayType(Shape Shape, DType DType, bool Weak = false)
{
    /// <summary>Rank: number of axes.</summary>
    public int Rank => Shape.Rank;

    /// <summary>Number of elements.</summary>
    public int Size => Shape.Size;

    /// <summary>The same type, strongly typed.</summary>
    public ArrayType Strong => this with { Weak = false };

    /// <summary>True when shape and dtype agree (weak types ignored).</summary>
    public bool SameShapeAndDType(ArrayType other) => DType == other.DType && Shape == other.Shape;

    /// <summary>"f32[3,4]"; weak types print the same.</summary>
    public override string ToString() => DType.ShortName() + Shape.ToString();
}
