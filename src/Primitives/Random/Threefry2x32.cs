namespace Functional.AD;

/// <summary>
/// The <c>threefry2x32</c> primitive (JAX's <c>threefry2x32_p</c>): operands k0, k1, x0, x1 of dtype u32; the key
/// words k0, k1 are either 0-d (one key for every counter) or of the counters' shape. Its two u32 outputs, of the
/// counters' shape, are the Threefry-2x32-20 block cipher of each counter pair (x0, x1) under its key (k0, k1), the
/// same bits on every machine. Integer valued, so it has no derivative; it batches elementwise.
/// </summary>
internal sealed class Threefry2x32Primitive : Primitive<NoParams>
{
    internal static readonly Threefry2x32Primitive Instance = new();

    private Threefry2x32Primitive() : base("threefry2x32") { }

    internal override bool IsFirstOrder => true;

    protected override ArrayType[] ShapeRule(ArrayType[] inputs, NoParams p)
    {
        if (inputs.Length != 4) throw ShapeErrors.Error(Name, "takes four operands (k0, k1, x0, x1)", inputs);
        foreach (var t in inputs)
            if (t.DType != DType.UInt32) throw ShapeErrors.Error(Name, "operands must be u32", inputs);
        if (inputs[0].Shape != inputs[1].Shape) throw ShapeErrors.Error(Name, "the key words k0 and k1 must have one shape", inputs);
        if (inputs[2].Shape != inputs[3].Shape) throw ShapeErrors.Error(Name, "the counters x0 and x1 must have one shape", inputs);
        if (inputs[0].Rank != 0 && inputs[0].Shape != inputs[2].Shape)
            throw ShapeErrors.Error(Name, "the key words must be 0-d or have the counters' shape", inputs);
        var output = new ArrayType(inputs[2].Shape, DType.UInt32);
        return new[] { output, output };
    }

    protected override NDArray[] Kernel(NDArray[] args, NoParams p, ArrayType[] outTypes)
    {
        var y0 = ConcreteArray.Allocate(outTypes[0]);
        var y1 = ConcreteArray.Allocate(outTypes[1]);
        var (k0, k1, x0, x1) = ((ConcreteArray)args[0], (ConcreteArray)args[1], (ConcreteArray)args[2], (ConcreteArray)args[3]);
        if (outTypes[0].Size > 0)
            ThreefryKernel.Hash(k0.Span<uint>(), k1.Span<uint>(), x0.Span<uint>(), x1.Span<uint>(), y0.Writable<uint>(), y1.Writable<uint>());
        return new NDArray[] { y0, y1 };
    }

    protected override (NDArray[] Primals, NDArray?[] Tangents) Jvp(NDArray[] primals, NDArray?[] tangents, NoParams p) =>
        (Bind(primals, p), new NDArray?[2]);

    protected override (NDArray[] Outputs, int[] OutDims) Batch(NDArray[] args, int[] dims, NoParams p, int axisSize)
    {
        var moved = new NDArray[4];
        bool scalarKeys = dims[0] == Batching.NotMapped && dims[1] == Batching.NotMapped && args[0].Rank == 0;
        if (scalarKeys)
        {
            moved[0] = args[0];
            moved[1] = args[1];
            for (int i = 2; i < 4; i++) moved[i] = Batching.ToFront(args[i], dims[i], axisSize);
        }
        else
        {
            // Every operand with its batch axis in front, broadcast to the batched counters' shape.
            var example = Batching.ExampleShape(args[2], dims[2]);
            var full = new int[example.Rank + 1];
            full[0] = axisSize;
            for (int i = 0; i < example.Rank; i++) full[i + 1] = example[i];
            var fullShape = new Shape(full);
            for (int i = 0; i < 4; i++)
            {
                var front = Batching.ToFront(args[i], dims[i], axisSize);
                if (front.Shape != fullShape)
                    front = Ops.BroadcastInDim(front, fullShape, new IntTuple(0));
                moved[i] = front;
            }
        }
        return (Bind(moved, p), new[] { 0, 0 });
    }
}

internal static partial class Ops
{
    /// <summary>The Threefry-2x32 hash of the counter pairs (x0, x1) under the key (k0, k1): (y0, y1).</summary>
    internal static (NDArray Y0, NDArray Y1) Threefry2x32(NDArray k0, NDArray k1, NDArray x0, NDArray x1)
    {
        var outs = Threefry2x32Primitive.Instance.Bind(new[] { k0, k1, x0, x1 }, NoParams.Instance);
        return (outs[0], outs[1]);
    }
}
