namespace Functional.AD;

/// <summary>
/// An immutable n-dimensional array. The same type stands for a concrete array (a dense, row-major
/// buffer that is never written after creation) and for a traced value inside a transform, so user
/// functions are written once and work under <c>Grad</c>, <c>Jvp</c>, <c>Vmap</c> and <c>Jit</c>.
/// </summary>
public abstract partial class NDArray
{
    /// <summary>Shape, dtype and weak-typedness of this array.</summary>
    internal readonly ArrayType Type;

    private protected NDArray(ArrayType type) => Type = type;

    /// <summary>The shape: one size per axis.</summary>
    public Shape Shape => Type.Shape;

    /// <summary>The element type.</summary>
    public DType DType => Type.DType;

    /// <summary>Rank: the number of axes.</summary>
    public int Rank => Type.Shape.Rank;

    /// <summary>Number of elements (1 for a 0-d array).</summary>
    public int Size => Type.Shape.Size;

    /// <summary>
    /// True for a weakly-typed value: a C# number converted implicitly, which takes the dtype of the
    /// array it is combined with (<c>x * 2.0</c> keeps an f32 <c>x</c> f32), as in JAX.
    /// </summary>
    public bool IsWeaklyTyped => Type.Weak;

    /// <summary>The abstract value (shape, dtype, weak type) of this array.</summary>
    public ArrayType ArrayType => Type;

    /// <summary>
    /// The concrete value behind this array: itself when concrete, the primal of a differentiation
    /// tracer, or a <see cref="ConcretizationException"/> for a value that is only known abstractly
    /// (inside <c>Jit</c>, <c>Vmap</c> or a control-flow body).
    /// </summary>
    /// <param name="operation">What the user did that needs a concrete value, for the message.</param>
    /// <param name="castTo">For a C# cast, its dtype: the message then suggests <c>AsType</c>, in case a conversion was meant.</param>
    internal abstract ConcreteArray Concretize(string operation, DType? castTo = null);

    /// <summary>Row-major copy of the elements converted to <typeparamref name="T"/> (double, float, int or bool).</summary>
    public T[] ToArray<T>() where T : unmanaged => Concretize($"ToArray<{typeof(T).Name}>()").CopyAs<T>();

    /// <summary>The value of a size-1 concrete array as a double.</summary>
    public static explicit operator double(NDArray x) => Guard.NotNull(x, "(double)").Concretize("(double)", DType.Float64).ItemAs<double>("(double)");

    /// <summary>The value of a size-1 concrete array as a float.</summary>
    public static explicit operator float(NDArray x) => Guard.NotNull(x, "(float)").Concretize("(float)", DType.Float32).ItemAs<float>("(float)");

    /// <summary>The value of a size-1 concrete array as an int (floats truncate toward zero).</summary>
    public static explicit operator int(NDArray x) => Guard.NotNull(x, "(int)").Concretize("(int)", DType.Int32).ItemAs<int>("(int)");

    /// <summary>A weakly-typed 0-d f64 array.</summary>
    public static implicit operator NDArray(double value) => ConcreteArray.WeakScalar(value);

    /// <summary>A weakly-typed 0-d f32 array.</summary>
    public static implicit operator NDArray(float value) => ConcreteArray.WeakScalar(value);

    /// <summary>A weakly-typed 0-d i32 array.</summary>
    public static implicit operator NDArray(int value) => ConcreteArray.WeakScalar(value);
}
