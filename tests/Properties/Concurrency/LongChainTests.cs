using System;
using System.Threading;
using Xunit;
using static Functional.AD.Jax;

namespace Functional.AD.Properties.Concurrency;

/// <summary>
/// A chain of 10⁵ scalar operations differentiates eagerly and compiles under Jit without recursion deep enough to
/// overflow a 1 MB thread stack (the tracer, the backward pass and every compiler pass walk the program
/// iteratively). A stack overflow cannot be caught: it would end the test process, so the work runs on a thread of
/// known stack size. Time and memory of the same chain: benchmarks/LongChainBenchmarks.cs.
/// </summary>
public class LongChainTests
{
    /// <summary>Steps of the chain; step 2 of every 4 is three operations (sin, mul, add), the others one.</summary>
    public const int Steps = 100_000;

    /// <summary>The stack size the work runs with.</summary>
    public const int StackBytes = 1 << 20;

    /// <summary>
    /// The chain: ×1.5, ÷1.5, + 10⁻⁵·sin, − 10⁻⁶, repeated; its derivative stays of order one (each step's factor is
    /// 1 or 1 + 10⁻⁵·cos), so the gradient is a meaningful number rather than an underflow.
    /// </summary>
    public static NDArray Chain(NDArray x, int steps = Steps)
    {
        var y = x;
        for (int i = 0; i < steps; i++)
            y = (i % 4) switch { 0 => y * 1.5, 1 => y / 1.5, 2 => y + (Np.Sin(y) * 1e-5), _ => y - 1e-6 };
        return y;
    }

    /// <summary>The chain's value and derivative in plain doubles, step by step.</summary>
    private static (double Value, double Derivative) Reference(double x)
    {
        double y = x, d = 1;
        for (int i = 0; i < Steps; i++)
        {
            switch (i % 4)
            {
                case 0: y *= 1.5; d *= 1.5; break;
                case 1: y /= 1.5; d /= 1.5; break;
                case 2: d *= 1 + (Math.Cos(y) * 1e-5); y += Math.Sin(y) * 1e-5; break;
                default: y -= 1e-6; break;
            }
        }
        return (y, d);
    }

    private static void OnSmallStack(Action body)
    {
        Exception? error = null;
        var thread = new Thread(() =>
        {
            try
            {
                body();
            }
            catch (Exception e)
            {
                error = e;
            }
        }, StackBytes);
        thread.Start();
        Assert.True(thread.Join(TimeSpan.FromMinutes(5)), "the chain did not finish");
        if (error is not null) throw new InvalidOperationException("the chain failed", error);
    }

    [Fact]
    public void A_chain_of_a_hundred_thousand_operations_differentiates_eagerly_and_compiles_on_a_one_megabyte_stack()
    {
        var x = Np.Scalar(0.3);
        var (value, derivative) = Reference(0.3);
        OnSmallStack(() =>
        {
            Func<NDArray, NDArray> f = t => Chain(t);
            var (v, g) = ValueAndGrad(f)(x);
            NumericAssert.Close(value, (double)v, 1e-9, 0, "eager value");
            NumericAssert.Close(derivative, (double)g, 1e-9, 0, "eager gradient");
            var jitted = Jit(f);
            NumericAssert.Close(value, (double)jitted(x), 1e-9, 0, "jitted value");
            NumericAssert.Close(derivative, (double)Grad(jitted)(x), 1e-9, 0, "gradient of the jitted chain");
        });
    }
}
