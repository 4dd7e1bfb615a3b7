using System;
using System.Collections.Generic;
using System.Linq;
using FsCheck.Fluent;
using Xunit;

namespace Functional.AD.Properties.Transforms;

/// <summary>
/// The eager backward pass and eager JVP rules give the buffers of their temporaries back to the pool at their last
/// use (and the backward pass writes a dead cotangent over in place): visible through the pool's accounting, and never
/// at the expense of a value the caller can still read. Every result is compared bit for bit with the same
/// computation keeping its temporaries, and again after the recycled buffers have been handed out and overwritten.
/// </summary>
[Collection(ProcessWideState.Name)]
public class TemporaryBufferTests
{
    // Odd sizes (pooled: over 64 KiB), so no other test's buffers share these buckets.
    private const int Rows = 101, Cols = 199, N = Rows * Cols;

    private static NDArray X(double shift = 0) => Np.Linspace(-1.5 + shift, 1.25 + shift, N);

    private static readonly NDArray A = Np.Cos(Np.Linspace(0, 40, Cols * Cols).Reshape(Cols, Cols)) * 0.05;

    /// <summary>Scalar functions of one f64[N] argument covering the transpose rules and the backward pass's paths.</summary>
    private static readonly (string Name, Func<NDArray, NDArray> F)[] Functions =
    {
        ("x*x", x => Np.Sum(x * x)),
        ("sin(x)*x*x", x => Np.Sum(Np.Sin(x) * x * x)),
        ("tanh(x)/(1+x*x)", x => Np.Sum(Np.Tanh(x) / (1.0 + x * x))),
        ("-(3x)-exp(x)", x => Np.Sum(-(x * 3.0) - Np.Exp(x))),
        ("transposed view * row", x =>
        {
            var m = x.Reshape(Rows, Cols);
            return Np.Sum(m.T * Np.Sin(m.T) + Np.Sum(m, 1) * 2.0);
        }),
        ("f32 round trip", x => Np.Sum((x.AsType(DType.Float32) * 2f).AsType(DType.Float64) * x)),
        ("matmul", x => Np.Sum(Np.Tanh(Np.Matmul(x.Reshape(Rows, Cols), A)))),
        ("where", x => Np.Sum(Np.Where(x > 0.0, x * x, -x))),
        ("cumsum", x => Np.Sum(Np.Cumsum(x, 0) * x)),
        ("overlapping slices", x => Np.Sum(x[10..] * x[..^10]) + Np.Sum(x[3] * x)),
        ("jit inside", x => Np.Sum(Jax.Jit((NDArray t) => Np.Sin(t) * t)(x) * x)),
        ("checkpoint inside", x => Np.Sum(Jax.Checkpoint((NDArray t) => Np.Exp(Np.Sin(t) * 0.5))(x) * x)),
        // add's transpose hands one cotangent to both operands: storing the first must not free the second's.
        ("x + (x - x)", x => Np.Sum((x + (x - x)) * Np.Sin(x))),
        ("c - c in a product", x =>
        {
            var c = Np.Cos(x * 0.7);
            return Np.Sum((x + (c - c)) * Np.Tanh(c * x));
        }),
    };

    private static T Keeping<T>(Func<T> compute)
    {
        TemporaryBuffers.Enabled = false;
        try { return compute(); }
        finally { TemporaryBuffers.Enabled = true; }
    }

    /// <summary>Hands out many buffers of the test's sizes and writes them, then collects: a released buffer still in use would change.</summary>
    private static void Churn()
    {
        for (int round = 0; round < 3; round++)
        {
            for (int i = 0; i < 12; i++)
            {
                GC.KeepAlive(Np.Full(new[] { N }, -7.0 - i));
                GC.KeepAlive(Np.Full(new[] { Rows, Cols }, 1e300));
                GC.KeepAlive(Np.Full(new[] { Cols, Rows }, double.NaN));
                GC.KeepAlive(Np.Full(new[] { N }, 3f, DType.Float32));
            }
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
    }

    [Fact]
    public void Gradients_are_bitwise_the_same_whether_temporaries_are_recycled_or_kept_and_stay_so()
    {
        var x = X();
        var recycled = Functions.Select(c => Jax.Grad(c.F)(x)).ToArray();
        // Recycled buffers are handed out and overwritten before the results are compared with a computation that
        // kept every temporary: a buffer released while a result still used it would show here.
        Churn();
        for (int i = 0; i < Functions.Length; i++)
            NumericAssert.Identical(Keeping(() => Jax.Grad(Functions[i].F)(x)), recycled[i], $"Grad of {Functions[i].Name}");
        Assert.Equal(X().ToArray<double>(), x.ToArray<double>());
    }

    /// <summary>
    /// Random chains over pooled arrays, with operands reused (x - x, x + x, a value feeding several later ones) so
    /// that one cotangent reaches several inputs: the gradient is bitwise the one computed keeping every temporary.
    /// </summary>
    [Fact]
    public void Gradients_of_random_programs_with_shared_operands_are_the_same_whether_temporaries_are_recycled_or_kept()
    {
        var programs =
            from n in Gen.Choose(1, 10)
            from ops in Gen.ArrayOf(Gen.Zip(Gen.Choose(0, 7), Gen.Zip(Gen.Choose(0, 100), Gen.Choose(0, 100))), n)
            select ops;
        var x = X(-0.75);
        PropertyCheck.ForAll(programs, ops =>
        {
            NDArray F(NDArray t)
            {
                var values = new List<NDArray> { t, Np.Cos(t * 0.7) };
                foreach (var (op, (i, j)) in ops)
                {
                    var a = values[i % values.Count];
                    var b = values[j % values.Count];
                    values.Add(op switch
                    {
                        0 => a + b,
                        1 => a - b,
                        2 => a * b,
                        3 => Np.Sin(a),
                        4 => -a,
                        5 => a / (1.0 + b * b),
                        6 => Np.Tanh(a) + a,
                        _ => a * 0.5 - b,
                    });
                }
                return Np.Sum(values[^1] * Np.Sin(values[^2]));
            }
            var recycled = Jax.Grad((Func<NDArray, NDArray>)F)(x);
            var kept = Keeping(() => Jax.Grad((Func<NDArray, NDArray>)F)(x));
            NumericAssert.Identical(kept, recycled, string.Join(" ", ops));
        }, maxTest: 60);
    }

    [Fact]
    public void The_eager_backward_pass_returns_its_temporaries_to_the_pool_before_the_pullback_returns()
    {
        var x = X(0.25);
        var (_, pullback) = Jax.Vjp((NDArray t) => Np.Sum(Np.Sin(t) * t * t), x);
        long releases = BufferPool.Releases;
        var g = pullback(Np.Scalar(1.0));
        // The broadcast cotangent and the products of the transpose rules die inside the pullback (some of them are
        // written over in place instead): at least two buffers come back without any collection.
        Assert.True(BufferPool.Releases - releases >= 2, $"only {BufferPool.Releases - releases} buffers were released");
        var keptG = Keeping(() => pullback(Np.Scalar(1.0)));
        NumericAssert.Identical(keptG, g, "gradient");
    }

    [Fact]
    public void Grad_of_a_sum_of_squares_needs_at_most_three_new_buffers_of_the_input_size()
    {
        // x*x, the broadcast cotangent and one product; the other product and the sum are written in place.
        var x = X(0.5);
        Func<NDArray, NDArray> f = t => Np.Sum(t * t);
        long bytes = (long)N * sizeof(double);
        BufferPool.ResetHighWater();
        long before = BufferPool.RentedBytes;
        var g = Jax.Grad(f)(x);
        long peak = BufferPool.HighWaterBytes - before;
        Assert.True(peak <= 3 * bytes, $"the gradient took {peak / (double)bytes:F1} input-sized buffers at its peak");
        var expected = x.ToArray<double>().Select(v => 2 * v).ToArray();
        Assert.Equal(expected, g.ToArray<double>());
    }

    [Fact]
    public void Arrays_the_caller_holds_are_never_recycled_by_the_backward_pass()
    {
        var x = X(1);
        var ct = Np.Cos(X(2));
        var ctCopy = ct.ToArray<double>();
        var stash = new List<NDArray>();
        // A custom backward rule (user code) may keep the cotangent it is given: the pass must not recycle it.
        var clipped = Jax.CustomVjp<NDArray, NDArray, NDArray>(
            t => Np.Sin(t),
            t => (Np.Sin(t), Np.Cos(t)),
            (cos, g) => { stash.Add(g); return g * cos; });
        var cases = new (string Name, Func<NDArray, NDArray> F)[]
        {
            ("identity", t => t),
            ("reshape", t => t.Reshape(Rows, Cols).Reshape(N)),
            ("scaled", t => t * 2.0),
            ("sum of two uses", t => t + t * 3.0),
            ("custom vjp", t => clipped(t * 1.5) * 2.0),
        };
        var pulled = new List<(string Name, Func<NDArray, NDArray> Pullback, NDArray Value)>();
        foreach (var (name, f) in cases)
        {
            var (_, pullback) = Jax.Vjp(f, x);
            pulled.Add((name, pullback, pullback(ct)));
        }
        int stashedByRecycling = stash.Count;
        Churn();
        Assert.Equal(ctCopy, ct.ToArray<double>());
        foreach (var (name, pullback, value) in pulled)
            NumericAssert.Identical(Keeping(() => pullback(ct)), value, $"pullback of {name}");
        Assert.Equal(2 * stashedByRecycling, stash.Count);
        for (int i = 0; i < stashedByRecycling; i++)
            NumericAssert.Identical(stash[stashedByRecycling + i], stash[i], "a cotangent kept by a custom rule");
    }

    [Fact]
    public void Eager_jvp_rules_release_their_intermediates_and_keep_their_outputs()
    {
        var x = X(-0.5);
        var v = Np.Sin(X(3));
        Func<NDArray, NDArray> f = t => Np.Tanh(Np.Sin(t) * t) / (1.0 + t * t);
        long releases = BufferPool.Releases;
        var (y, dy) = Jax.Jvp(f, x, v);
        Assert.True(BufferPool.Releases - releases >= 3, $"only {BufferPool.Releases - releases} buffers were released");
        // Forward over reverse: the backward pass runs under the JVP trace, whose eager rules release their intermediates.
        Func<NDArray, NDArray> g = t => Np.Sum(Np.Sin(t) * t * t);
        var hvp = Jax.Jvp(Jax.Grad(g))(x, v);
        Churn();
        var (keptY, keptDy) = Keeping(() => Jax.Jvp(f, x, v));
        NumericAssert.Identical(keptY, y, "primal");
        NumericAssert.Identical(keptDy, dy, "tangent");
        var keptHvp = Keeping(() => Jax.Jvp(Jax.Grad(g))(x, v));
        NumericAssert.Identical(keptHvp.Primal, hvp.Primal, "gradient");
        NumericAssert.Identical(keptHvp.Tangent, hvp.Tangent, "Hessian-vector product");
    }
}
