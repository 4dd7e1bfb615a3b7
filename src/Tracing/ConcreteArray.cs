using System;
using System.Runtime.CompilerServices;

namespace Functional.AD;

/// <summary>
/// A concrete array: a dense, row-major buffer (<c>double[]</c>, <c>float[]</c>, <c>int[]</c>, <c>bool[]</c>,
/// <c>long[]</c>, <c>byte[]</c>, <c>uint[]</c>, <c>Half[]</c> or <c>BFloat16[]</c>) that is never written after the array is created. Reshapes and slices along axis 0
/// share the buffer (an offset into it), which is safe because nothing ever writes to it.
/// </summary>
internal sealed class ConcreteArray : NDArray
{
    /// <summary>The element buffer; its element type matches <see cref="NDArray.DType"/>.</summary>
    internal readonly Array Buffer;

    /// <summary>Index of the first element of this array in <see cref="Buffer"/>.</summary>
    internal readonly int Offset;

    /// <summary>The owner of a pooled buffer (shared by every view of it), or null for an ordinary one.</summary>
    private readonly BufferOwner? _owner;

    /// <summary>The owner of this array's pooled buffer (shared by every view of it), or null for an ordinary buffer.</summary>
    internal BufferOwner? Owner => _owner;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private ConcreteArray(ArrayType type, Array buffer, int offset, BufferOwner? owner = null) : base(type)
    {
        Buffer = buffer;
        Offset = offset;
        _owner = owner;
    }

    /// <summary>
    /// A new array of <paramref name="type"/> whose (unspecified) elements the caller writes through
    /// <see cref="Writable{T}"/> before anyone else sees the array. Large buffers come from <see cref="BufferPool"/>
    /// and start at a non-zero <see cref="Offset"/> (a 64-byte boundary): kernels that index <see cref="Buffer"/>
    /// directly add it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static ConcreteArray Allocate(ArrayType type)
    {
        int n = type.Size;
        BufferOwner? owner;
        int offset;
        Array buffer = type.DType switch
        {
            DType.Float64 => BufferPool.Rent<double>(n, out owner, out offset),
            DType.Float32 => BufferPool.Rent<float>(n, out owner, out offset),
            DType.Int32 => BufferPool.Rent<int>(n, out owner, out offset),
            DType.Bool => BufferPool.Rent<bool>(n, out owner, out offset),
            DType.Int64 => BufferPool.Rent<long>(n, out owner, out offset),
            DType.UInt8 => BufferPool.Rent<byte>(n, out owner, out offset),
            DType.UInt32 => BufferPool.Rent<uint>(n, out owner, out offset),
            DType.Float16 => BufferPool.Rent<Half>(n, out owner, out offset),
            DType.BFloat16 => BufferPool.Rent<BFloat16>(n, out owner, out offset),
            _ => throw new ArgumentOutOfRangeException(nameof(type)),
        };
        return new ConcreteArray(type, buffer, offset, owner);
    }

    /// <summary>The elements of an array just made by <see cref="Allocate"/>, for its creator to fill in.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal Span<T> Writable<T>() where T : unmanaged => new(Unsafe.As<T[]>(Buffer), Offset, Type.Shape.Size);

    /// <summary>Sets the elements of an array just made by <see cref="Allocate"/> to all zero bits.</summary>
    internal void ClearWritable() => Array.Clear(Buffer, Offset, Type.Shape.Size);

    /// <summary>Takes ownership of <paramref name="data"/> (the caller never writes it again).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static ConcreteArray Own<T>(T[] data, Shape shape, bool weak = false) where T : unmanaged
    {
        if (data.Length < shape.Size)
            throw new ArgumentException($"buffer of {data.Length} elements is too small for shape {shape}");
        return new ConcreteArray(new ArrayType(shape, DTypes.Of<T>(), weak), data, 0);
    }

    /// <summary>Wraps a buffer of the dtype's element type.</summary>
    internal static ConcreteArray Own(Array data, ArrayType type, int offset = 0) => new(type, data, offset);

    /// <summary>A weakly-typed 0-d f64 array.</summary>
    internal static ConcreteArray WeakScalar(double value) => Own(new[] { value }, Shape.Scalar, weak: true);

    /// <summary>A weakly-typed 0-d f32 array.</summary>
    internal static ConcreteArray WeakScalar(float value) => Own(new[] { value }, Shape.Scalar, weak: true);

    /// <summary>A weakly-typed 0-d i32 array.</summary>
    internal static ConcreteArray WeakScalar(int value) => Own(new[] { value }, Shape.Scalar, weak: true);

    /// <summary>A 0-d array of <paramref name="dtype"/> holding <paramref name="value"/> converted.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static ConcreteArray Scalar(double value, DType dtype, bool weak = false) => dtype switch
    {
        DType.Float64 => Own(new[] { value }, Shape.Scalar, weak),
        DType.Float32 => Own(new[] { (float)value }, Shape.Scalar, weak),
        DType.Int32 => Own(new[] { (int)value }, Shape.Scalar, weak),
        DType.Bool => Own(new[] { value != 0 }, Shape.Scalar, weak),
        _ => Own(new[] { value }, Shape.Scalar).ConvertTo(dtype, weak),
    };

    /// <summary>An array of <paramref name="type"/> filled with <paramref name="value"/>.</summary>
    internal static ConcreteArray Filled(ArrayType type, double value)
    {
        var result = Allocate(type);
        if (BitConverter.DoubleToInt64Bits(value) == 0)
        {
            // +0 is all zero bits in every dtype: cleared with the runtime's memset, fast from the first call
            // (Span.Fill of a pooled buffer runs unoptimized code until tiering promotes it).
            result.ClearWritable();
            return result;
        }
        switch (type.DType)
        {
            case DType.Float64: result.Writable<double>().Fill(value); break;
            case DType.Float32: result.Writable<float>().Fill((float)value); break;
            case DType.Int32: result.Writable<int>().Fill((int)value); break;
            case DType.Bool: result.Writable<bool>().Fill(value != 0); break;
            case DType.Int64: result.Writable<long>().Fill(Scalar(value, DType.Int64).Span<long>()[0]); break;
            case DType.UInt8: result.Writable<byte>().Fill(Scalar(value, DType.UInt8).Span<byte>()[0]); break;
            case DType.UInt32: result.Writable<uint>().Fill(Scalar(value, DType.UInt32).Span<uint>()[0]); break;
            case DType.Float16: result.Writable<Half>().Fill((Half)value); break;
            case DType.BFloat16: result.Writable<BFloat16>().Fill((BFloat16)value); break;
            default: throw new ArgumentOutOfRangeException(nameof(type));
        }
        return result;
    }

    /// <summary>A fresh, uninitialised, unpooled buffer for <paramref name="type"/>'s elements (kernel temporaries).</summary>
    internal static Array NewBuffer(ArrayType type) => type.DType switch
    {
        DType.Float64 => GC.AllocateUninitializedArray<double>(type.Size),
        DType.Float32 => GC.AllocateUninitializedArray<float>(type.Size),
        DType.Int32 => GC.AllocateUninitializedArray<int>(type.Size),
        DType.Bool => GC.AllocateUninitializedArray<bool>(type.Size),
        DType.Int64 => GC.AllocateUninitializedArray<long>(type.Size),
        DType.UInt8 => GC.AllocateUninitializedArray<byte>(type.Size),
        DType.UInt32 => GC.AllocateUninitializedArray<uint>(type.Size),
        DType.Float16 => GC.AllocateUninitializedArray<Half>(type.Size),
        DType.BFloat16 => GC.AllocateUninitializedArray<BFloat16>(type.Size),
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <summary>The elements as a span; <typeparamref name="T"/> must be the dtype's element type.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal ReadOnlySpan<T> Span<T>() where T : unmanaged
    {
        System.Diagnostics.Debug.Assert(Buffer is T[]);
        return new ReadOnlySpan<T>(Unsafe.As<T[]>(Buffer), Offset, Type.Shape.Size);
    }

    /// <summary>This array with another shape of the same size, sharing the buffer.</summary>
    internal ConcreteArray WithShape(Shape shape) => new(Type with { Shape = shape }, Buffer, Offset, _owner);

    /// <summary>An array of <paramref name="type"/> (same dtype and size) over this array's buffer, for a kernel that overwrites it (see <see cref="BufferDonation"/>).</summary>
    internal ConcreteArray Reinterpret(ArrayType type) => new(type, Buffer, Offset, _owner);

    /// <summary>
    /// An array of <paramref name="type"/> (same dtype and size) that takes this array's pooled buffer over under a new
    /// owner (<see cref="BufferOwner.Transfer"/>): this array, and every view of its buffer, is deleted from now on.
    /// </summary>
    internal ConcreteArray TakeOver(ArrayType type) => new(type, Buffer, Offset, _owner!.Transfer());

    /// <summary>This array with another weak flag, sharing the buffer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal ConcreteArray WithWeak(bool weak) => weak == Type.Weak ? this : new(Type with { Weak = weak }, Buffer, Offset, _owner);

    /// <summary>Rows <paramref name="start"/> .. start+count of axis 0 (dropping the axis when <paramref name="keepAxis"/> is false and count is 1), sharing the buffer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal ConcreteArray SliceAxis0(int start, int count, bool keepAxis)
    {
        var dims = Shape.ToArray();
        int rowSize = 1;
        for (int i = 1; i < dims.Length; i++) rowSize *= dims[i];
        Shape newShape;
        if (keepAxis)
        {
            dims[0] = count;
            newShape = Shape.Own(dims);
        }
        else newShape = Shape.Own(dims[1..]);
        return new ConcreteArray(Type with { Shape = newShape }, Buffer, Offset + start * rowSize, _owner);
    }

    /// <summary>Element <paramref name="i"/> (row-major) converted to double.</summary>
    internal double GetDouble(int i)
    {
        double v = Type.DType switch
        {
            DType.Float64 => Span<double>()[i],
            DType.Float32 => Span<float>()[i],
            DType.Int32 => Span<int>()[i],
            DType.Bool => Span<bool>()[i] ? 1.0 : 0.0,
            DType.Int64 => Span<long>()[i],
            DType.UInt8 => Span<byte>()[i],
            DType.UInt32 => Span<uint>()[i],
            DType.Float16 => (double)Span<Half>()[i],
            DType.BFloat16 => Span<BFloat16>()[i],
            _ => throw new InvalidOperationException(),
        };
        GC.KeepAlive(this);
        return v;
    }

    /// <summary>This array converted to <paramref name="dtype"/> (this array itself when the dtype already matches).</summary>
    internal ConcreteArray ConvertTo(DType dtype, bool weak)
    {
        if (dtype == DType) return WithWeak(weak);
        var result = Allocate(new ArrayType(Shape, dtype, weak));
        ElementConversion.Convert(this, result);
        GC.KeepAlive(this);
        return result;
    }

    /// <summary>A new array of <paramref name="type"/> (same dtype and size) holding a copy of the elements.</summary>
    internal ConcreteArray Copy(ArrayType type)
    {
        var result = Allocate(type);
        Array.Copy(Buffer, Offset, result.Buffer, result.Offset, Size);
        GC.KeepAlive(this);
        return result;
    }

    /// <summary>A fresh row-major copy converted to <typeparamref name="T"/>.</summary>
    internal T[] CopyAs<T>() where T : unmanaged
    {
        var target = DTypes.Of<T>();
        var dst = new T[Size];
        if (target == DType) Span<T>().CopyTo(dst);
        else ElementConversion.Convert(this, dst);
        GC.KeepAlive(this);
        return dst;
    }

    /// <summary>The single element converted to <typeparamref name="T"/>; the array must have size 1.</summary>
    internal T ItemAs<T>(string operation) where T : unmanaged
    {
        if (Size != 1)
            throw new ArgumentException($"{operation}: only a size-1 array converts to a number, got {Type}");
        return CopyAs<T>()[0];
    }

    /// <summary>numpy-style text, with the dtype appended when it is not f64.</summary>
    public override string ToString()
    {
        if (Owner is { IsReleased: true }) return $"<deleted {Type}: donated to a jitted function>";
        var text = ArrayFormatter.Format(this);
        GC.KeepAlive(this);
        return text;
    }

    internal override ConcreteArray Concretize(string operation, DType? castTo = null)
    {
        JitDonation.ThrowIfDeleted(this, operation);
        return this;
    }
}
