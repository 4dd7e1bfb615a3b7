using System;
using Xunit;

namespace Functional.AD.Properties.Kernels;

/// <summary>Large eager elementwise ops split across threads give exactly the single-thread result.</summary>
[Collection(ProcessWideState.Name)]
public class ParallelElementwiseTests
{
    private static T[] OnThreads<T>(int threads, Func<NDArray> compute) where T : unmanaged
    {
        int saved = Parallelism.MaxThreads;
        try
        {
            Parallelism.MaxThreads = threads;
            return compute().ToArray<T>();
        }
        finally { Parallelism.MaxThreads = saved; }
    }

    [Fact]
    public void Unary_binary_and_scalar_operand_kernels_agree_on_one_and_two_threads()
    {
        int n = 3 * ParallelElementwise.MinElements + 17;   // several parts and a short last one
        Assert.True(ParallelElementwise.Splits(n) || Parallelism.MaxThreads == 1);
        var x = Np.Linspace(-4, 4, n);
        var y = Np.Cos(x * 3.0);
        var xf = x.AsType(DType.Float32);
        var xi = (x * 1000.0).AsType(DType.Int32);
        var cases = new (string Name, Func<NDArray> Op)[]
        {
            ("sin", () => Np.Sin(x)), ("tanh f32", () => Np.Tanh(xf)), ("add", () => x + y), ("mul scalar right", () => x * 2.5),
            ("sub scalar left", () => 1.0 - x), ("neg i32", () => -xi), ("max", () => Np.Maximum(x, y)), ("div f32", () => xf / (xf * xf + 1f)),
        };
        foreach (var (name, op) in cases)
        {
            var expected = op().DType == DType.Int32 ? Array.ConvertAll(OnThreads<int>(1, op), v => (double)v) : OnThreads<double>(1, op);
            var actual = op().DType == DType.Int32 ? Array.ConvertAll(OnThreads<int>(2, op), v => (double)v) : OnThreads<double>(2, op);
            Assert.True(expected.AsSpan().SequenceEqual(actual), $"{name}: results differ between 1 and 2 threads");
        }
        // and against the element-by-element definition for one of them
        var sum = OnThreads<double>(2, () => x + y);
        var xs = x.ToArray<double>();
        var ys = y.ToArray<double>();
        for (int i = 0; i < n; i += 997) Assert.Equal(xs[i] + ys[i], sum[i]);
        Assert.Equal(xs[^1] + ys[^1], sum[^1]);
    }

    [Fact]
    public void A_split_kernel_keeps_no_reference_to_its_arrays_once_it_returns()
    {
        // The worker pool remembers its last dispatch until the next one; it used to keep that job's operands and
        // result alive with it (a 2 GiB intermediate then outlived its last use).
        int saved = Parallelism.MaxThreads;
        try
        {
            Parallelism.MaxThreads = 2;
            var (operand, result) = RunSplitKernel(2 * ParallelElementwise.MinElements + 5);
            GC.Collect();
            Assert.False(operand.IsAlive, "the operand of the last split kernel is still reachable");
            Assert.False(result.IsAlive, "the result of the last split kernel is still reachable");
        }
        finally { Parallelism.MaxThreads = saved; }
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static (WeakReference Operand, WeakReference Result) RunSplitKernel(int n)
    {
        var x = Np.Linspace(0, 1, n);
        var y = Np.Sin(x);
        Assert.True(ParallelElementwise.Splits(n));
        return (new WeakReference(x), new WeakReference(y));
    }
}
