using Xunit;
using static Functional.AD.Properties.Errors.ErrorAssert;

namespace Functional.AD.Properties.Kernels;

/// <summary>
/// Size and index arithmetic of the layout primitives and transforms near <see cref="int.MaxValue"/>: strides, steps
/// and sums that do not fit an int are computed in long or rejected with a message naming the operation, on small
/// arrays (or empty ones, whose other axes may be huge).
/// </summary>
public class SizeArithmeticTests
{
    [Fact]
    public void A_slice_with_a_stride_near_int_MaxValue_takes_the_first_element()
    {
        var x = Np.Array(10.0, 11.0, 12.0, 13.0, 14.0);
        foreach (int stride in new[] { int.MaxValue, int.MaxValue - 3, 1 << 30 })
        {
            var y = Ops.Slice(x, new IntTuple(1), new IntTuple(5), new IntTuple(stride));
            Assert.Equal(new[] { 11.0 }, y.ToArray<double>());
            Assert.Equal(new Shape(0), Ops.Slice(x, new IntTuple(2), new IntTuple(2), new IntTuple(stride)).Shape);
        }
    }

    [Fact]
    public void A_pad_with_interior_padding_near_int_MaxValue_places_a_single_element()
    {
        var x = Np.Array(7.0);
        var y = Ops.Pad(x, Np.Scalar(0.0), new IntTuple(2), new IntTuple(1), new IntTuple(int.MaxValue));
        Assert.Equal(new[] { 0.0, 0.0, 7.0, 0.0 }, y.ToArray<double>());
        // Cropped away: the element would sit at -5 (the start index must not come from a wrapped step).
        var cropped = Ops.Pad(x, Np.Scalar(0.0), new IntTuple(-5), new IntTuple(6), new IntTuple(int.MaxValue));
        Assert.Equal(new[] { 0.0, 0.0 }, cropped.ToArray<double>());
        var plain = Ops.Pad(Np.Array(1.0, 2.0, 3.0), Np.Scalar(0.0), new IntTuple(-2), new IntTuple(0), new IntTuple(0));
        Assert.Equal(new[] { 3.0 }, plain.ToArray<double>());
    }

    [Fact]
    public void A_pad_whose_result_axis_passes_int_MaxValue_is_rejected_naming_pad()
    {
        Throws(() => Ops.Pad(Np.Zeros(new[] { 3 }), Np.Scalar(0.0), new IntTuple(0), new IntTuple(0), new IntTuple(1 << 30)), "pad", "2147483651", "f64[3]");
        Throws(() => Ops.Pad(Np.Zeros(new[] { 3 }), Np.Scalar(0.0), new IntTuple(int.MaxValue), new IntTuple(int.MaxValue), new IntTuple(0)), "pad", "f64[3]");
    }

    [Fact]
    public void A_concatenation_whose_axis_passes_int_MaxValue_is_rejected_naming_concatenate()
    {
        var slab = Np.Zeros(new[] { 1 << 30, 0 });
        Throws(() => Ops.Concatenate(new[] { slab, slab, slab }, 0), "concatenate", "3221225472", "f64[1073741824,0]");
        // Just within: an axis of int.MaxValue elements is allowed when the array is empty.
        Assert.Equal(new Shape(int.MaxValue, 0), Ops.Concatenate(new[] { slab, Np.Zeros(new[] { int.MaxValue - (1 << 30), 0 }) }, 0).Shape);
    }

    [Fact]
    public void Scanning_an_empty_xs_whose_slices_are_too_large_names_Scan()
    {
        var xs = Np.Zeros(new[] { 0, 65536, 65536 });
        Throws(() => Lax.Scan((NDArray c, NDArray x) => (c, x), Np.Scalar(0.0), xs), "Lax.Scan", "f64[0,65536,65536]", "[65536,65536]");
    }

    [Fact]
    public void A_batched_shape_past_the_limit_made_by_a_batching_rule_names_Vmap()
    {
        var c = Np.Zeros(new[] { 1, 65536 });
        Throws(() => Jax.Vmap((NDArray u) => u + c)(Np.Zeros(new[] { 40_000, 1 })), "Vmap", "[40000,1,65536]");
    }
}
