using System;
using Xunit;
using static Functional.AD.Jax;

namespace Functional.AD.Properties.Transforms;

/// <summary>
/// Jit with several static arguments (jax.jit's static_argnums=(...)): any subset of a two- or three-argument function's
/// arguments, the static values together keying the cache (a retrace when any of them changes, none when a combination
/// comes back). Expected values are computed with plain doubles.
/// </summary>
public class JitMultiStaticArgumentTests
{
    /// <summary>C# control flow on a static value: k for even k, -k for odd.</summary>
    private static double V(int k) => k % 2 == 0 ? k : -k;

    private static NDArray T(NDArray x) => Np.Sum(x * x);

    private static readonly NDArray X = Np.Array(0.5, -1.5);   // T(X) = 2.5
    private static readonly NDArray Y = Np.Array(2.0, 1.0);    // T(Y) = 5

    /// <summary>
    /// Runs the jitted function at static values made from 1, 1, 2 and 1 again: one trace for the first two, a retrace for
    /// 2, none for 1 again; each value equals <paramref name="expected"/>.
    /// </summary>
    private static void AssertCachesPerStaticValues(Func<int, NDArray> run, Func<int, double> expected, Func<int> traces, string what)
    {
        int[] ks = [1, 1, 2, 1];
        int[] tracesAfter = [1, 1, 2, 2];
        for (int i = 0; i < ks.Length; i++)
        {
            var y = run(ks[i]);
            NumericAssert.Close(expected(ks[i]), (double)y.AsType(DType.Float64), 1e-14, 1e-14, $"{what}, k = {ks[i]}");
            Assert.Equal(tracesAfter[i], traces());
        }
    }

    [Fact]
    public void Two_static_arguments_of_a_two_argument_function_key_the_cache_together()
    {
        int traces = 0;
        var f = Jit((int n, string op) =>
        {
            traces++;
            return op == "sum" ? Np.Sum(Np.Arange(n)) : Np.Max(Np.Arange(n));
        }, 0, 1);
        Assert.Equal(3, (int)f(3, "sum"));
        Assert.Equal(3, (int)f(3, "sum"));
        Assert.Equal(1, traces);
        Assert.Equal(2, (int)f(3, "max"));   // only the second changed
        Assert.Equal(2, traces);
        Assert.Equal(3, (int)f(4, "max"));   // only the first changed
        Assert.Equal(3, traces);
        Assert.Equal(6, (int)f(4, "sum"));
        Assert.Equal(3, (int)f(3, "sum"));   // cached
        Assert.Equal(4, traces);
        // the params form with one or no position is the single-static and the plain Jit
        var g = Jit((NDArray x, int k) => x * V(k), [1]);
        NumericAssert.AllClose(X * -3.0, g(X, 3), "one position", 0);
        var h = Jit((NDArray x, NDArray y) => x * y, System.Array.Empty<int>());
        NumericAssert.AllClose(X * Y, h(X, Y), "no position", 0);
    }

    [Fact]
    public void Every_subset_of_a_three_argument_function_can_be_static()
    {
        int n0 = 0, n1 = 0, n2 = 0, n01 = 0, n02 = 0, n12 = 0, n012 = 0;
        var f0 = Jit((int a, NDArray b, NDArray c) => { n0++; return (T(b) * V(a)) + T(c); }, 0);
        AssertCachesPerStaticValues(k => f0(k, X, Y), k => (2.5 * V(k)) + 5, () => n0, "static (0)");
        var f1 = Jit((NDArray a, int b, NDArray c) => { n1++; return (T(a) * V(b)) + T(c); }, 1);
        AssertCachesPerStaticValues(k => f1(X, k, Y), k => (2.5 * V(k)) + 5, () => n1, "static (1)");
        var f2 = Jit((NDArray a, NDArray b, int c) => { n2++; return T(a) + (T(b) * V(c)); }, 2);
        AssertCachesPerStaticValues(k => f2(X, Y, k), k => 2.5 + (5 * V(k)), () => n2, "static (2)");
        var f01 = Jit((int a, string b, NDArray c) => { n01++; return T(c) * V(a) * (b == "neg" ? -1.0 : 1.0); }, 1, 0);
        AssertCachesPerStaticValues(k => f01(k, k == 1 ? "pos" : "neg", Y), k => 5 * V(k) * (k == 1 ? 1 : -1), () => n01, "static (0, 1)");
        var f02 = Jit((int a, NDArray b, int c) => { n02++; return (T(b) * V(a)) + V(c); }, 0, 2);
        AssertCachesPerStaticValues(k => f02(k, X, k + 1), k => (2.5 * V(k)) + V(k + 1), () => n02, "static (0, 2)");
        var f12 = Jit((NDArray a, int b, int c) => { n12++; return T(a) * V(b) * c; }, 1, 2);
        AssertCachesPerStaticValues(k => f12(X, k, 2), k => 2.5 * V(k) * 2, () => n12, "static (1, 2)");
        var f012 = Jit((int a, int b, int c) => { n012++; return Np.Scalar(V(a) + (b * c)); }, 0, 1, 2);
        AssertCachesPerStaticValues(k => f012(k, k, 3), k => V(k) + (3 * k), () => n012, "static (0, 1, 2)");
        int none = 0;
        var all = Jit((NDArray a, NDArray b, NDArray c) => { none++; return T(a) + T(b) + T(c); }, System.Array.Empty<int>());
        NumericAssert.Close(10, (double)all(X, Y, X), 1e-14, 1e-14, "no static");
        all(Y, X, Y);
        Assert.Equal(1, none);
    }

    [Fact]
    public void Multi_static_jit_composes_with_grad_and_vmap()
    {
        var f = Jit((int a, NDArray b, int c) => (T(b) * V(a)) + V(c), 0, 2);
        // d/db of V(a) Σ b² is 2 V(a) b
        NumericAssert.AllClose(X * (2 * V(3)), Grad((NDArray t) => f(3, t, 4))(X), "grad", 1e-14);
        var mapped = Vmap((NDArray t) => f(2, t, 5))(Np.Stack([X, Y]));
        NumericAssert.AllClose(Np.Array((2.5 * V(2)) + V(5), (5 * V(2)) + V(5)), mapped, "vmap", 1e-14);
    }

    [Fact]
    public void Multi_static_arguments_reject_arrays_duplicates_and_bad_positions()
    {
        var f = Jit((NDArray x, int k, NDArray y) => x * k, 0, 1);
        var e = Assert.Throws<ArgumentException>(() => f(X, 1, Y));
        Assert.Contains("static argument 0", e.Message);
        Assert.Throws<ArgumentException>(() => Jit((int a, int b) => Np.Scalar(a + b), 1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Jit((int a, int b, int c) => Np.Scalar(a + b + c), 0, 3));
    }
}
