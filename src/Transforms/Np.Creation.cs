using System;

namespace Functional.AD;

/// <summary>numpy-style functions on <see cref="NDArray"/>s, built from primitives so that every one of them works under every transform.</summary>
public static partial class Np
{
    /// <summary>A 1-d f64 array (the values are copied).</summary>
    public static NDArray Array(params double[] values) => Vector(values);

    /// <summary>A 1-d f32 array (the values are copied).</summary>
    public static NDArray Array(params float[] values) => Vector(values);

    /// <summary>A 1-d i32 array (the values are copied).</summary>
    public static NDArray Array(params int[] values) => Vector(values);

    /// <summary>A 1-d bool array (the values are copied).</summary>
    public static NDArray Array(params bool[] values) => Vector(values);

    /// <summary>A 1-d i64 array (the values are copied).</summary>
    public static NDArray Array(params long[] values) => Vector(values);

    /// <summary>A 1-d u8 array (the values are copied).</summary>
    public static NDArray Array(params byte[] values) => Vector(values);

    /// <summary>A 1-d u32 array (the values are copied).</summary>
    public static NDArray Array(params uint[] values) => Vector(values);

    /// <summary>A 1-d f16 array (the values are copied).</summary>
    public static NDArray Array(params Half[] values) => Vector(values);

    /// <summary>A 1-d bf16 array (the values are copied).</summary>
    public static NDArray Array(params BFloat16[] values) => Vector(values);

    /// <summary>A 1-d array of a copy of <paramref name="values"/>.</summary>
    private static NDArray Vector<T>(T[] values) where T : unmanaged =>
        ConcreteArray.Own((T[])Guard.NotNull(values, "Np.Array").Clone(), new Shape(values.Length));

    /// <summary>A 2-d f64 array from a rectangular C# array.</summary>
    public static NDArray Array(double[,] values)
    {
        Guard.NotNull(values, "Np.Array");
        return From2D(values);
    }

    /// <summary>A 2-d f32 array from a rectangular C# array.</summary>
    public static NDArray Array(float[,] values)
    {
        Guard.NotNull(values, "Np.Array");
        return From2D(values);
    }

    private static NDArray From2D<T>(T[,] values) where T : unmanaged
    {
        int r = values.GetLength(0), c = values.GetLength(1);
        ShapeSize.Check("Np.Array", [r, c]);
        var data = new T[r * c];
        for (int i = 0; i < r; i++)
            for (int j = 0; j < c; j++) data[i * c + j] = values[i, j];
        return ConcreteArray.Own(data, new Shape(r, c));
    }

    /// <summary>An f64 array of <paramref name="shape"/> from row-major data (copied).</summary>
    public static NDArray FromFlat(double[] data, int[] shape) => FromFlatCore(data, shape);

    /// <summary>An f32 array of <paramref name="shape"/> from row-major data (copied).</summary>
    public static NDArray FromFlat(float[] data, int[] shape) => FromFlatCore(data, shape);

    /// <summary>An i32 array of <paramref name="shape"/> from row-major data (copied).</summary>
    public static NDArray FromFlat(int[] data, int[] shape) => FromFlatCore(data, shape);

    /// <summary>A bool array of <paramref name="shape"/> from row-major data (copied).</summary>
    public static NDArray FromFlat(bool[] data, int[] shape) => FromFlatCore(data, shape);

    /// <summary>An i64 array of <paramref name="shape"/> from row-major data (copied).</summary>
    public static NDArray FromFlat(long[] data, int[] shape) => FromFlatCore(data, shape);

    /// <summary>A u8 array of <paramref name="shape"/> from row-major data (copied).</summary>
    public static NDArray FromFlat(byte[] data, int[] shape) => FromFlatCore(data, shape);

    /// <summary>A u32 array of <paramref name="shape"/> from row-major data (copied).</summary>
    public static NDArray FromFlat(uint[] data, int[] shape) => FromFlatCore(data, shape);

    /// <summary>An f16 array of <paramref name="shape"/> from row-major data (copied).</summary>
    public static NDArray FromFlat(Half[] data, int[] shape) => FromFlatCore(data, shape);

    /// <summary>A bf16 array of <paramref name="shape"/> from row-major data (copied).</summary>
    public static NDArray FromFlat(BFloat16[] data, int[] shape) => FromFlatCore(data, shape);

    private static NDArray FromFlatCore<T>(T[] data, int[] shape) where T : unmanaged
    {
        Guard.NotNull(data, "Np.FromFlat");
        Guard.NotNull(shape, "Np.FromFlat");
        var s = CheckedShape("Np.FromFlat", shape);
        if (data.Length != s.Size)
            throw new ArgumentException($"Np.FromFlat: {data.Length} values do not fill shape {s} ({s.Size} elements)");
        return ConcreteArray.Own((T[])data.Clone(), s);
    }

    /// <summary>
    /// <paramref name="shape"/> as a <see cref="Shape"/>, or an <see cref="ArgumentException"/> naming <paramref name="operation"/>
    /// (and <paramref name="operands"/>) when a size is negative or the shape has more elements than an array can hold.
    /// </summary>
    private static Shape CheckedShape(string operation, int[] shape, params ArrayType[] operands)
    {
        Guard.NotNull(shape, operation);
        foreach (var d in shape)
            if (d < 0) throw ShapeSize.Error(operation, $"axis sizes must be non-negative, got [{string.Join(",", shape)}]", operands);
        ShapeSize.Check(operation, shape, operands);
        return new Shape(shape);
    }

    /// <summary>A strongly-typed 0-d f64 array.</summary>
    public static NDArray Scalar(double value) => ConcreteArray.Own(new[] { value }, Shape.Scalar);

    /// <summary>A strongly-typed 0-d f32 array.</summary>
    public static NDArray Scalar(float value) => ConcreteArray.Own(new[] { value }, Shape.Scalar);

    /// <summary>A strongly-typed 0-d i32 array.</summary>
    public static NDArray Scalar(int value) => ConcreteArray.Own(new[] { value }, Shape.Scalar);

    /// <summary>A strongly-typed 0-d bool array.</summary>
    public static NDArray Scalar(bool value) => ConcreteArray.Own(new[] { value }, Shape.Scalar);

    /// <summary>A strongly-typed 0-d i64 array.</summary>
    public static NDArray Scalar(long value) => ConcreteArray.Own(new[] { value }, Shape.Scalar);

    /// <summary>A strongly-typed 0-d u8 array.</summary>
    public static NDArray Scalar(byte value) => ConcreteArray.Own(new[] { value }, Shape.Scalar);

    /// <summary>A strongly-typed 0-d u32 array.</summary>
    public static NDArray Scalar(uint value) => ConcreteArray.Own(new[] { value }, Shape.Scalar);

    /// <summary>A strongly-typed 0-d f16 array.</summary>
    public static NDArray Scalar(Half value) => ConcreteArray.Own(new[] { value }, Shape.Scalar);

    /// <summary>A strongly-typed 0-d bf16 array.</summary>
    public static NDArray Scalar(BFloat16 value) => ConcreteArray.Own(new[] { value }, Shape.Scalar);

    /// <summary>Zeros of the given shape and dtype.</summary>
    public static NDArray Zeros(int[] shape, DType dtype = DType.Float64)
    {
        Guard.NotNull(shape, "Np.Zeros");
        return FullCore("Np.Zeros", shape, 0, dtype);
    }

    /// <summary>Ones of the given shape and dtype.</summary>
    public static NDArray Ones(int[] shape, DType dtype = DType.Float64)
    {
        Guard.NotNull(shape, "Np.Ones");
        return FullCore("Np.Ones", shape, 1, dtype);
    }

    /// <summary>An array of the given shape and dtype filled with <paramref name="value"/>.</summary>
    public static NDArray Full(int[] shape, double value, DType dtype = DType.Float64)
    {
        Guard.NotNull(shape, "Np.Full");
        return FullCore("Np.Full", shape, value, dtype);
    }

    private static NDArray FullCore(string operation, int[] shape, double value, DType dtype)
    {
        DTypes.Check(operation, dtype);
        return ConcreteArray.Filled(new ArrayType(CheckedShape(operation, shape), dtype), value);
    }

    /// <summary>Zeros with the shape and dtype of <paramref name="x"/>.</summary>
    public static NDArray ZerosLike(NDArray x)
    {
        Guard.NotNull(x, "Np.ZerosLike");
        return x is ConcreteArray ? ConcreteArray.Filled(x.Type.Strong, 0) : Ops.Zeros(x.Type.Strong);
    }

    /// <summary>Ones with the shape and dtype of <paramref name="x"/>.</summary>
    public static NDArray OnesLike(NDArray x)
    {
        Guard.NotNull(x, "Np.OnesLike");
        return x is ConcreteArray ? ConcreteArray.Filled(x.Type.Strong, 1) : Ops.Full(x.Type.Strong, 1);
    }

    /// <summary>0, 1, ..., stop-1 as i32.</summary>
    public static NDArray Arange(int stop)
    {
        if (stop < 0) throw new ArgumentException($"Np.Arange: stop must be non-negative, got {stop}");
        ShapeSize.Check("Np.Arange", [stop]);
        var data = new int[stop];
        for (int i = 0; i < stop; i++) data[i] = i;
        return ConcreteArray.Own(data, new Shape(stop));
    }

    /// <summary><paramref name="num"/> evenly spaced values from start to stop inclusive.</summary>
    public static NDArray Linspace(double start, double stop, int num, DType dtype = DType.Float64)
    {
        if (num < 0) throw new ArgumentException($"Np.Linspace: num must be non-negative, got {num}");
        DTypes.Check("Np.Linspace", dtype);
        ShapeSize.Check("Np.Linspace", [num]);
        var data = new double[num];
        double step = num > 1 ? (stop - start) / (num - 1) : 0;
        for (int i = 0; i < num; i++) data[i] = start + i * step;
        if (num > 1) data[num - 1] = stop;
        return ConcreteArray.Own(data, new Shape(num)).ConvertTo(dtype, false);
    }

    /// <summary>The n×n identity matrix.</summary>
    public static NDArray Eye(int n, DType dtype = DType.Float64)
    {
        if (n < 0) throw new ArgumentException($"Np.Eye: n must be non-negative, got {n}");
        DTypes.Check("Np.Eye", dtype);
        ShapeSize.Check("Np.Eye", [n, n]);
        var data = new double[n * n];
        for (int i = 0; i < n; i++) data[i * n + i] = 1;
        return ConcreteArray.Own(data, new Shape(n, n)).ConvertTo(dtype, false);
    }
}
