using System;
using System.Numerics.Tensors;

namespace Functional.AD;

public abstract partial class NDArray
{
    /// <summary>
    /// A new array of <paramref name="shape"/> holding a copy of <paramref name="data"/> (row-major), whose element type
    /// <typeparamref name="T"/> (<c>double</c>, <c>float</c>, <c>int</c> or <c>bool</c>) gives the dtype. The elements
    /// are copied once, straight into the array's own buffer.
    /// </summary>
    /// <exception cref="ArgumentException">The shape has a negative size, or <paramref name="data"/> does not hold exactly as many elements as the shape.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is not the element type of a dtype.</exception>
    public static NDArray FromSpan<T>(ReadOnlySpan<T> data, params ReadOnlySpan<int> shape) where T : unmanaged
    {
        const string op = "NDArray.FromSpan";
        var dtype = DTypeOf<T>(op);
        foreach (var d in shape)
            if (d < 0) throw new ArgumentException($"{op}: shape ({string.Join(", ", shape.ToArray())}) has a negative size", nameof(shape));
        var s = new Shape(shape.ToArray());
        if (data.Length != s.Size)
            throw new ArgumentException($"{op}: {data.Length} elements do not fill shape {s}, which holds {s.Size}", nameof(data));
        var result = ConcreteArray.Allocate(new ArrayType(s, dtype, false));
        data.CopyTo(result.Writable<T>());
        return result;
    }

    /// <summary>
    /// A new array with the shape and a copy of the elements of <paramref name="tensor"/> (any strides), copied once,
    /// straight into the array's own buffer. The tensor may be changed afterwards without affecting the array.
    /// </summary>
    /// <exception cref="ArgumentException">A length of the tensor exceeds <see cref="int.MaxValue"/>.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is not <c>double</c>, <c>float</c>, <c>int</c> or <c>bool</c>.</exception>
    public static NDArray FromTensor<T>(Tensor<T> tensor) where T : unmanaged
    {
        Guard.NotNull(tensor, "NDArray.FromTensor");
        return FromTensor(tensor.AsReadOnlyTensorSpan());
    }

    /// <summary>A new array with the shape and a copy of the elements of <paramref name="tensor"/> (see <see cref="FromTensor{T}(Tensor{T})"/>).</summary>
    /// <exception cref="ArgumentException">A length of the tensor exceeds <see cref="int.MaxValue"/>.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is not <c>double</c>, <c>float</c>, <c>int</c> or <c>bool</c>.</exception>
    public static NDArray FromTensor<T>(ReadOnlyTensorSpan<T> tensor) where T : unmanaged
    {
        const string op = "NDArray.FromTensor";
        var dtype = DTypeOf<T>(op);
        var lengths = tensor.Lengths;
        var dims = new int[lengths.Length];
        long size = 1;
        for (int i = 0; i < dims.Length; i++)
        {
            size *= lengths[i];
            if (lengths[i] > int.MaxValue || size > int.MaxValue)
                throw new ArgumentException($"{op}: a tensor of lengths [{string.Join(", ", lengths.ToArray())}] is larger than an NDArray can be ({int.MaxValue} elements)", nameof(tensor));
            dims[i] = (int)lengths[i];
        }
        var result = ConcreteArray.Allocate(new ArrayType(new Shape(dims), dtype, false));
        if (size > 0) tensor.FlattenTo(result.Writable<T>());
        return result;
    }

    /// <summary>
    /// A new dense <see cref="Tensor{T}"/> of this array's shape holding its elements converted to <typeparamref name="T"/>
    /// (<c>double</c>, <c>float</c>, <c>int</c> or <c>bool</c>), backed by one fresh copy; a 0-d array gives a
    /// tensor of length 1.
    /// </summary>
    /// <exception cref="ConcretizationException">This is a traced value (inside <c>Jit</c> or <c>Vmap</c>).</exception>
    public Tensor<T> ToTensor<T>() where T : unmanaged
    {
        var concrete = Concretize($"ToTensor<{typeof(T).Name}>()");
        DTypeOf<T>("NDArray.ToTensor");
        var data = concrete.CopyAs<T>();
        if (Rank == 0) return Tensor.Create(data, [1]);
        Span<nint> lengths = stackalloc nint[Rank];
        for (int i = 0; i < lengths.Length; i++) lengths[i] = Shape[i];
        return Tensor.Create(data, lengths);
    }

    /// <summary>
    /// Copies the elements (row-major, converted to <typeparamref name="T"/>) into the start of <paramref name="destination"/>,
    /// with no intermediate buffer.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="Size"/>.</exception>
    /// <exception cref="ConcretizationException">This is a traced value.</exception>
    public void CopyTo<T>(Span<T> destination) where T : unmanaged
    {
        const string op = "NDArray.CopyTo";
        DTypeOf<T>(op);
        var concrete = Concretize($"CopyTo<{typeof(T).Name}>()");
        if (destination.Length < Size)
            throw new ArgumentException($"{op}: the destination holds {destination.Length} elements, fewer than the {Size} of {Type}", nameof(destination));
        ElementConversion.From(concrete, destination[..Size]);
        GC.KeepAlive(concrete);
    }

    private static DType DTypeOf<T>(string operation)
    {
        try
        {
            return DTypes.Of<T>();
        }
        catch (NotSupportedException)
        {
            throw new NotSupportedException($"{operation}: no dtype stores {typeof(T).Name}; use double, float, int or bool");
        }
    }
}
