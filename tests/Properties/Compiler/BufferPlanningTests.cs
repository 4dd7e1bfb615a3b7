using System;
using Xunit;

namespace Functional.AD.Properties.Compiler;

/// <summary>
/// Buffer planning in compiled programs: intermediates go back to the pool after their last use, so repeated calls
/// run on recycled buffers; buffers still visible (outputs, inputs, views of them) are never recycled.
/// </summary>
[Collection(ProcessWideState.Name)]
public class BufferPlanningTests
{
    // Odd sizes, so that no other test running in parallel rents or returns buffers of the same length.
    private const int Rows = 257, Cols = 131;

    [Fact]
    public void A_compiled_call_with_large_intermediates_allocates_almost_nothing_after_warming_up()
    {
        var x = Np.Linspace(-1, 1, Rows * Cols).Reshape(Rows, Cols);
        var w = Np.Linspace(-0.1, 0.1, Cols * Cols).Reshape(Cols, Cols);
        Func<NDArray, NDArray> f = t =>
        {
            var h = Np.Tanh(Np.Matmul(t, w));                 // kernel step + fused group, 2.4 MB each
            var c = Np.Cumsum(h * 0.5, 0);                    // another kernel step
            return Np.Sum(Np.Sin(c) * h);                      // fused with its reduction
        };
        // Value and gradient reduced to a scalar: the backward pass's large arrays are intermediates too.
        var jitted = Jax.Jit((NDArray t) => { var (v, g) = Jax.ValueAndGrad(f)(t); return v + Np.Sum(g * g); });
        var expected = jitted(x).ToArray<double>()[0];
        for (int i = 0; i < 3; i++) jitted(x);
        long intermediateBytes = (long)Rows * Cols * sizeof(double);

        long before = GC.GetAllocatedBytesForCurrentThread();
        const int calls = 10;
        for (int i = 0; i < calls; i++) Assert.Equal(expected, jitted(x).ToArray<double>()[0]);
        long perCallF = (GC.GetAllocatedBytesForCurrentThread() - before) / calls;

        Assert.True(perCallF < intermediateBytes / 16,
            $"a call of the compiled function allocated {perCallF} bytes; its intermediates are {intermediateBytes} bytes each");
    }

    [Fact]
    public void Outputs_that_share_buffers_with_intermediates_or_inputs_survive_later_calls()
    {
        Func<NDArray, (NDArray, NDArray, NDArray, NDArray)> f = t =>
        {
            var h = Np.Cumsum(t, 1);                                 // an intermediate in its own buffer
            var viewOfIntermediate = Np.Reshape(h, new[] { Rows * Cols });
            var u = Np.Cumsum(h, 0);                                 // read after h's last use but one
            return (viewOfIntermediate, Np.Reshape(t, new[] { Cols, Rows }), u, Lax.StopGradient(u));
        };
        var jitted = Jax.Jit(f);
        var x1 = Np.Linspace(-1, 1, Rows * Cols).Reshape(Rows, Cols);
        var (a1, b1, c1, d1) = jitted(x1);
        var expected = (a1.ToArray<double>(), b1.ToArray<double>(), c1.ToArray<double>(), d1.ToArray<double>());
        Assert.Equal(f(x1).Item1.ToArray<double>(), expected.Item1);
        for (int i = 0; i < 4; i++)
        {
            var other = Np.Linspace(i, i + 5, Rows * Cols).Reshape(Rows, Cols);
            _ = jitted(other);
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        Assert.Equal(expected.Item1, a1.ToArray<double>());
        Assert.Equal(expected.Item2, b1.ToArray<double>());
        Assert.Equal(expected.Item3, c1.ToArray<double>());
        Assert.Equal(expected.Item4, d1.ToArray<double>());
        Assert.Equal(Np.Linspace(-1, 1, Rows * Cols).ToArray<double>(), x1.ToArray<double>());
    }
}
