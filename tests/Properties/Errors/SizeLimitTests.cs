using System;
using System.Linq;
using Xunit;
using static Functional.AD.Properties.Errors.ErrorAssert;

namespace Functional.AD.Properties.Errors;

/// <summary>
/// The size limits of arrays: a shape may have at most <see cref="Array.MaxLength"/> elements (the most a .NET array
/// holds), and a shape beyond it is rejected before any work with an <see cref="ArgumentException"/> that names the
/// operation and its typed operands (never an <see cref="OverflowException"/> or <see cref="OutOfMemoryException"/>);
/// a shape with a zero axis has no elements and is accepted however large its other axes.
/// </summary>
public class SizeLimitTests
{
    private static readonly string Limit = Array.MaxLength.ToString(System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void Shapes_with_a_zero_axis_are_accepted_however_large_the_other_axes()
    {
        var x = Np.Ones(new[] { 65536, 65536, 0 }, DType.Float32);
        Assert.Equal(new Shape(65536, 65536, 0), x.Shape);
        Assert.Equal(0, x.Size);
        Assert.Equal(0, new Shape(0, 100_000, 100_000).Size);
        Assert.Empty(x.ToArray<float>());
        Assert.Equal(new Shape(65536, 65536, 0), (x * 2.0 + 1.0).Shape);
        Assert.Equal(new Shape(65536, 0), Np.Sum(x, 0).Shape);
        Assert.Equal(new Shape(65536, 0), Np.Max(x, 1).Shape);
        Assert.Equal(0.0, (double)Np.Sum(x));
        Assert.Equal(new Shape(65536, 0), Np.ArgMax(x, 0).Shape);
        Assert.Equal(new Shape(65536, 65536, 0), Np.Cumsum(x, 1).Shape);
        Assert.Equal(new Shape(0, 65536, 65536), x.T.Shape);
        Assert.Equal(new Shape(2, 65536, 0), x[1..3].Shape);
        Assert.Equal(new Shape(65536, 0), x[7].Shape);
        Assert.Equal(new Shape(131072, 65536, 0), Np.Concatenate(new[] { x, x }, 0).Shape);
        Assert.Equal(new Shape(3, 65536, 0), Np.Take(x, Np.Array(0, 5, 65535), 0).Shape);
        Assert.Equal(new Shape(65536, 65536, 0), Np.Matmul(x, Np.Zeros(new[] { 0, 0 }, DType.Float32)).Shape);
        Assert.Equal(new Shape(65536, 0, 5), Np.Matmul(Np.Zeros(new[] { 65536, 0, 8 }), Np.Ones(new[] { 65536, 8, 5 })).Shape);
        // Empty, although broadcasting the second operand to the batch shape would give 3e10 elements.
        var wideBatch = Np.Zeros(new[] { 100_000, 0, 100_000 });
        Assert.Equal(new Shape(100_000, 0, 3), Np.Matmul(wideBatch, Np.Ones(new[] { 100_000, 3 })).Shape);
        Assert.Equal(new Shape(100_000, 3), Jax.Grad((NDArray w) => Np.Sum(Np.Matmul(wideBatch, w)))(Np.Ones(new[] { 100_000, 3 })).Shape);
        Assert.Equal(new Shape(65536, 65536, 0), Np.Reshape(Np.Zeros(new[] { 0 }), new[] { 65536, 65536, -1 }).Shape);
        Assert.Equal(new Shape(65536, 65536, 0), Np.BroadcastTo(Np.Ones(new[] { 1 }), new[] { 65536, 65536, 0 }).Shape);
        Assert.Equal(new Shape(65536, 65536, 0), Jax.Jit((NDArray v) => Np.Sin(v) * 2.0)(x).Shape);
        Assert.Equal(new Shape(65536, 65536, 0), Jax.Grad((NDArray v) => Np.Sum(v * v))(x).Shape);
        Assert.StartsWith("[]", x.ToString());
        var wide = Np.Zeros(new[] { 100_000, 100_000, 3, 0 });
        Assert.Equal(new Shape(100_000, 100_000, 0), Np.ArgMax(wide, 2).Shape);
        Assert.Equal(wide.Shape, Np.Cumsum(wide, 2).Shape);
    }

    [Fact]
    public void Creating_an_array_beyond_the_limit_names_the_function_and_the_shape()
    {
        Throws(() => Np.Ones(new[] { 65536, 65536 }), "Np.Ones", "[65536,65536]", "4294967296", Limit);
        Throws(() => Np.Zeros(new[] { 2_147_483_600 }, DType.Bool), "Np.Zeros", "[2147483600]", Limit);
        Throws(() => Np.Full(new[] { int.MaxValue }, 1.0, DType.Bool), "Np.Full", $"[{int.MaxValue}]");
        Throws(() => Np.Eye(46341), "Np.Eye", "[46341,46341]", "2147488281");
        Throws(() => Np.Arange(int.MaxValue), "Np.Arange", $"[{int.MaxValue}]");
        Throws(() => Np.Linspace(0, 1, int.MaxValue), "Np.Linspace", $"[{int.MaxValue}]");
        Throws(() => Np.FromFlat(new double[1], new[] { 65536, 65536 }), "Np.FromFlat", "[65536,65536]");
    }

    [Fact]
    public void Results_beyond_the_limit_name_the_operation_and_the_typed_operands()
    {
        var v = Np.Zeros(new[] { 65536 });
        var empty = Np.Zeros(new[] { 65536, 65536, 0 });
        Throws(() => _ = Np.Ones(new[] { 65536, 1 }) + v, "Np.Add", "f64[65536,1]", "f64[65536]", "[65536,65536]");
        Throws(() => Np.Where(Np.Zeros(new[] { 65536, 1 }) > 0.0, v, 1.0), "Np.Where", "[65536,65536]");
        Throws(() => Np.BroadcastTo(Np.Ones(new[] { 1 }), new[] { 65536, 65536 }), "Np.BroadcastTo", "f64[1]", "[65536,65536]");
        Throws(() => Np.Outer(v, v), "Np.Outer", "f64[65536]", "[65536,65536]");
        Throws(() => Np.Matmul(Np.Zeros(new[] { 65536, 0 }), Np.Zeros(new[] { 0, 65536 })), "Np.Matmul", "f64[65536,0]", "f64[0,65536]", "[65536,65536]");
        Throws(() => Np.Dot(Np.Zeros(new[] { 65536, 0 }), Np.Zeros(new[] { 0, 65536 })), "Np.Dot", "f64[65536,0]", "f64[0,65536]");
        Throws(() => Np.Sum(empty, 2), "Np.Sum", "f64[65536,65536,0]", "[65536,65536]");
        Throws(() => Np.Mean(empty, -1), "Np.Mean", "f64[65536,65536,0]");
        Throws(() => Np.Prod(empty, 2), "Np.Prod", "f64[65536,65536,0]");
        Throws(() => Np.Take(Np.Zeros(new[] { 3, 65536 }), Np.Zeros(new[] { 65536 }, DType.Int32), 0), "Np.Take", "f64[3,65536]", "i32[65536]");
        Throws(() => Nn.OneHot(Np.Zeros(new[] { 65536 }, DType.Int32), 65536), "Nn.OneHot", "i32[65536]", "[65536,65536]");
        var slab = Np.Zeros(new[] { 1 << 30, 0 });
        Throws(() => Np.Concatenate(new[] { slab, slab, slab }, 0), "Np.Concatenate", "f64[1073741824,0]", "3221225472");
        Throws(() => Jax.Jacfwd((NDArray u) => Np.Sum(u))(Np.Zeros(new[] { 50_000 })), "Jacfwd", "f64[50000]");
        Throws(() => Jax.Jacrev((NDArray u) => u * 2.0)(Np.Zeros(new[] { 50_000 })), "Jacrev", "f64[50000]", "[50000,50000]");
    }

    [Fact]
    public void Traced_results_beyond_the_limit_are_rejected_while_tracing()
    {
        var v = Np.Zeros(new[] { 65536 });
        Throws(() => Jax.Jit((NDArray u) => Np.Outer(u, u))(v), "Np.Outer", "f64[65536]");
        Throws(() => Jax.MakeJaxpr((NDArray u) => Np.Stack(Enumerable.Repeat(u, 40_000).ToArray()))(v), "Np.Stack", "f64[65536]", "[40000,65536]");
        // A batched result past the limit (each example fits) is caught by the primitive, which names itself.
        Throws(() => Jax.Vmap((NDArray u) => Np.Outer(u, u))(Np.Zeros(new[] { 2, 40_000 })), "dot_general", "[2,40000,40000]", "f64[2,40000,1]");
    }
}
