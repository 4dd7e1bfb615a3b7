namespace Functional.AD;

/// <summary>
/// The <c>pmax</c> and <c>pmin</c> primitives: the elementwise maximum (minimum) of a value over the examples of the
/// <c>Vmap</c> axis they name, the same for every example. The tangent is the mean of the tangents of the examples
/// that attain it (as <c>reduce_max</c>'s).
/// </summary>
internal sealed class PmaxPminPrimitive : ElementwiseCollective
{
    internal static readonly PmaxPminPrimitive Max = new("pmax", true);
    internal static readonly PmaxPminPrimitive Min = new("pmin", false);

    private readonly bool _max;

    private PmaxPminPrimitive(string name, bool max) : base(name, "cannot compare bool values; convert them first") => _max = max;

    /// <summary>Over its own axis: the extreme over the batch axis; an unbatched value is its own extreme.</summary>
    public override (NDArray[] Outputs, int[] OutDims) BatchNamed(NDArray[] args, int[] dims, PrimitiveParams parameters, int axisSize)
    {
        var x = args[0];
        if (dims[0] != Batching.NotMapped)
            x = _max ? Ops.ReduceMax(x, new IntTuple(dims[0])) : Ops.ReduceMin(x, new IntTuple(dims[0]));
        return (new[] { x }, new[] { Batching.NotMapped });
    }

    protected override (NDArray Primal, NDArray? Tangent) Jvp(NDArray[] primals, NDArray?[] tangents, CollectiveParams p)
    {
        var x = primals[0];
        var m = Apply(primals, p);
        if (tangents[0] is not { } t) return (m, null);
        var attains = Ops.ConvertElementType(Ops.Eq(x, m), t.DType);
        return (m, Ops.Div(Ops.Psum(Ops.Mul(t, attains), p.Axis), Ops.Psum(attains, p.Axis)));
    }
}

internal static partial class Ops
{
    /// <summary><c>pmax</c> of <paramref name="x"/> over the named axis <paramref name="axis"/>.</summary>
    internal static NDArray Pmax(NDArray x, string axis) => PmaxPminPrimitive.Max.Apply(new[] { x }, new CollectiveParams(axis));

    /// <summary><c>pmin</c> of <paramref name="x"/> over the named axis <paramref name="axis"/>.</summary>
    internal static NDArray Pmin(NDArray x, string axis) => PmaxPminPrimitive.Min.Apply(new[] { x }, new CollectiveParams(axis));
}
