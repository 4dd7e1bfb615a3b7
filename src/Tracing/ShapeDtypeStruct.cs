namespace Functional.AD;

/// <summary>
/// An array known only by its shape, dtype and weak type, with no elements (JAX's <c>jax.ShapeDtypeStruct</c>):
/// what <c>Jax.EvalShape</c> returns for each output leaf, and what it (and
/// <c>Jax.MakeJaxpr</c>) accept in place of an argument, so a function's output types can be
/// found without allocating its inputs. <see cref="NDArray.Shape"/>, <see cref="NDArray.DType"/>,
/// <see cref="NDArray.IsWeaklyTyped"/> and <see cref="NDArray.ArrayType"/> work; reading its elements, or computing
/// with it outside <c>EvalShape</c> and <c>MakeJaxpr</c>, throws <see cref="ConcretizationException"/>.
/// </summary>
public sealed class ShapeDtypeStruct : NDArray
{
    /// <summary>A placeholder of <paramref name="type"/>.</summary>
    public ShapeDtypeStruct(ArrayType type) : base(type) { }

    /// <summary>A placeholder of the given shape and dtype (strongly typed unless <paramref name="weakType"/>).</summary>
    public ShapeDtypeStruct(Shape shape, DType dtype, bool weakType = false) : base(new ArrayType(shape, dtype, weakType)) { }

    /// <summary>A placeholder of the given shape and dtype, e.g. <c>new ShapeDtypeStruct([3, 4], DType.Float32)</c>.</summary>
    public ShapeDtypeStruct(int[] shape, DType dtype, bool weakType = false)
        : this(new Shape(Guard.NotNull(shape, "ShapeDtypeStruct")), dtype, weakType) { }

    internal override ConcreteArray Concretize(string operation, DType? castTo = null) => throw Error(operation, Type);

    /// <summary>The error for using a placeholder where values are needed.</summary>
    internal static ConcretizationException Error(string operation, ArrayType type) => new(
        $"{operation} needs a concrete value, but this {type} value is a ShapeDtypeStruct: it has a shape and dtype " +
        "but no elements. Pass it only to Jax.EvalShape or Jax.MakeJaxpr, or pass a concrete array instead.");

    /// <summary>"ShapeDtypeStruct(f32[3,4])", with ", weak_type=True" for a weakly-typed one.</summary>
    public override string ToString() => $"ShapeDtypeStruct({Type}{(Type.Weak ? ", weak_type=True" : "")})";
}
