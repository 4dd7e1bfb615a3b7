using System;
using System.Threading;
using Xunit;
using static Functional.AD.Jax;

namespace Functional.AD.Properties.Concurrency;

/// <summary>
/// Exceptions thrown in the middle of the library's work (in a traced function, a custom derivative rule, a user
/// primitive's rule or kernel, a part run by the worker pool) reach the caller unchanged, leave no trace active on the
/// thread, and the next call is correct.
/// </summary>
public class FaultTests
{
    private static readonly NDArray X = Np.Linspace(-1.5, 2.0, 7);

    private static NDArray F(NDArray x) => Np.Sum(Np.Sin(x) * x);

    private static readonly NDArray Expected = F(X);
    private static readonly NDArray ExpectedGrad = Np.Sin(X) + (X * Np.Cos(X));

    /// <summary>An exception thrown by the first <paramref name="times"/> calls, then nothing.</summary>
    private sealed class Injected(int times = 1)
    {
        private int _left = times;

        public void Maybe()
        {
            if (Interlocked.Decrement(ref _left) >= 0) throw new InjectedException();
        }
    }

    private sealed class InjectedException() : Exception("injected failure");

    private static void AssertNoTraceActive() => Assert.Same(EvalTrace.Instance, TraceContext.Current);

    private static void AssertThrowsInjected(Action call)
    {
        Assert.Throws<InjectedException>(call);
        AssertNoTraceActive();
    }

    [Fact]
    public void A_function_that_throws_inside_any_transform_leaves_no_trace_and_the_next_call_is_correct()
    {
        var transforms = new (string Name, Func<Func<NDArray, NDArray>, Func<NDArray, NDArray>> Apply, NDArray Expected)[]
        {
            ("Grad", f => Grad(f), ExpectedGrad),
            ("Jvp", f => x => Jvp(f, x, Np.OnesLike(x)).Tangent, Np.Sum(ExpectedGrad)),
            ("Vmap", f => xs => Vmap(f)(xs), Np.Stack(new[] { Expected, Expected })),
            ("Hessian-vector product", f => x => Hvp(f, x, Np.OnesLike(x)), 2 * Np.Cos(X) - (X * Np.Sin(X))),
            ("Scan body", f => x => Lax.Scan<NDArray, NDArray, NDArray>((c, t) => (c + f(t), c), Np.Scalar(0.0), Np.Stack(new[] { x })).Carry, Expected),
            ("Cond branch", f => x => Lax.Cond(Np.Scalar(true), f, t => Np.Sum(t), x), Expected),
        };
        foreach (var (name, apply, expected) in transforms)
        {
            var fault = new Injected();
            var g = apply(x =>
            {
                var y = F(x);
                fault.Maybe();
                return y;
            });
            var input = name == "Vmap" ? Np.Stack(new[] { X, X }) : X;
            AssertThrowsInjected(() => g(input));
            NumericAssert.AllClose(expected, g(input), name, 1e-12);
            AssertNoTraceActive();
        }
    }

    /// <summary>
    /// A function under <paramref name="transform"/> that throws on its first trace: the first call fails, the second
    /// traces again and returns <paramref name="expected"/>.
    /// </summary>
    private static void AssertRetracesAfterAFailedTrace(Func<Func<NDArray, NDArray>, Func<NDArray, NDArray>> transform, NDArray expected)
    {
        var fault = new Injected();
        var f = transform(x =>
        {
            fault.Maybe();
            return F(x);
        });
        AssertThrowsInjected(() => f(X));
        NumericAssert.AllClose(expected, f(X), "second call", 1e-12);
        AssertNoTraceActive();
    }

    /// <summary>A jitted function whose trace threw is traced again on the next call (the failure is not cached).</summary>
    [Fact]
    public void A_jitted_function_that_threw_at_trace_time_traces_again_on_the_next_call() =>
        AssertRetracesAfterAFailedTrace(f => Jit(f), Expected);

    /// <summary>Checkpoint stages its function like Jit: a failed trace is not cached either.</summary>
    [Fact]
    public void A_checkpointed_function_that_threw_at_trace_time_traces_again_on_the_next_call() =>
        AssertRetracesAfterAFailedTrace(f => Grad(Checkpoint(f)), ExpectedGrad);

    [Fact]
    public void A_custom_JVP_rule_that_throws_once_fails_that_call_only()
    {
        var fault = new Injected();
        var f = CustomJvp((NDArray x) => Np.Sin(x), (x, t) =>
        {
            fault.Maybe();
            return (Np.Sin(x), t * Np.Cos(x));
        });
        Func<NDArray, NDArray> loss = x => Np.Sum(f(x) * x);
        AssertThrowsInjected(() => Grad(loss)(X));
        NumericAssert.AllClose(ExpectedGrad, Grad(loss)(X), "Grad after the failure", 1e-12);
        NumericAssert.AllClose(ExpectedGrad, Jit(Grad(loss))(X), "Jit(Grad) after the failure", 1e-12);
        NumericAssert.AllClose(Np.Sum(ExpectedGrad), Jvp(loss, X, Np.OnesLike(X)).Tangent, "Jvp after the failure", 1e-12);
    }

    [Fact]
    public void A_custom_VJP_backward_rule_that_throws_once_fails_that_call_only()
    {
        var fault = new Injected();
        var f = CustomVjp<NDArray, NDArray, NDArray>(x => Np.Sin(x), x => (Np.Sin(x), Np.Cos(x)), (cos, ct) =>
        {
            fault.Maybe();
            return ct * cos;
        });
        Func<NDArray, NDArray> loss = x => Np.Sum(f(x) * x);
        AssertThrowsInjected(() => Grad(loss)(X));
        NumericAssert.AllClose(ExpectedGrad, Grad(loss)(X), "Grad after the failure", 1e-12);
        NumericAssert.AllClose(ExpectedGrad, Jit(Grad(loss))(X), "Jit(Grad) after the failure", 1e-12);
    }

    /// <summary>sin as a user primitive whose kernel and JVP rule fail as the injected faults say.</summary>
    private static UserPrimitive<int> FaultySin(Injected kernel, Injected jvp)
    {
        UserPrimitive<int>? self = null;
        self = new UserPrimitive<int>(new PrimitiveDefinition<int>
        {
            Name = "faulty_sin",
            ShapeRule = (types, _) => new[] { types[0].Strong },
            Kernel = (xs, _) =>
            {
                // Large enough to run on the worker pool before failing.
                var warm = Np.Sum(Np.Sin(Np.Linspace(0, 1, 100_000)));
                kernel.Maybe();
                return new[] { Np.Sin(xs[0]) + (warm * 0.0) };
            },
            Jvp = (xs, ts, _) =>
            {
                jvp.Maybe();
                return (self!.Bind(xs, 0), new[] { ts[0] * Np.Cos(xs[0]) });
            },
        });
        return self;
    }

    [Fact]
    public void A_user_primitive_whose_kernel_throws_once_fails_that_call_only_eager_and_jitted()
    {
        var p = FaultySin(new Injected(1), new Injected(0));
        Func<NDArray, NDArray> loss = x => Np.Sum(p.Bind(new[] { x }, 0)[0] * x);
        AssertThrowsInjected(() => loss(X));
        NumericAssert.AllClose(Expected, loss(X), "eager after the failure", 1e-12);
        // A jitted function traces without running the kernel; its first run fails, the next one must not.
        var q = FaultySin(new Injected(1), new Injected(0));
        var jitted = Jit((NDArray x) => Np.Sum(q.Bind(new[] { x }, 0)[0] * x));
        AssertThrowsInjected(() => jitted(X));
        NumericAssert.AllClose(Expected, jitted(X), "jitted after the failure", 1e-12);
        NumericAssert.AllClose(Expected, jitted(X), "jitted, again", 1e-12);
    }

    [Fact]
    public void A_user_primitive_whose_JVP_rule_throws_once_fails_that_call_only()
    {
        var p = FaultySin(new Injected(0), new Injected(1));
        Func<NDArray, NDArray> loss = x => Np.Sum(p.Bind(new[] { x }, 0)[0] * x);
        AssertThrowsInjected(() => Grad(loss)(X));
        NumericAssert.AllClose(ExpectedGrad, Grad(loss)(X), "Grad after the failure", 1e-12);
        NumericAssert.AllClose(Expected, loss(X), "value after the failure", 1e-12);
    }

    private sealed class ThrowingJob : WorkerJob
    {
        public override void Execute(int part)
        {
            Thread.SpinWait(1000);
            if (part % 3 == 1) throw new InjectedException();
        }
    }

    [Fact]
    public void An_exception_in_a_worker_pool_part_leaves_the_pool_and_the_parallel_kernels_correct()
    {
        var big = (Np.Sin(Np.Linspace(-30, 40, 300 * 257)) * 1.5).Reshape(300, 257);
        var w = (Np.Cos(Np.Linspace(0, 9, 257 * 200)) * 0.1).Reshape(257, 200);
        Func<NDArray, NDArray> f = x => Np.Sum(Np.Tanh(Np.Matmul(x, w))) + Np.Sum(Np.Exp(-Np.Square(x)));
        var jitted = Jit(Grad(f));
        var expectedGrad = jitted(big);
        var expectedProduct = Np.Matmul(big, w);
        for (int round = 0; round < 3; round++)
        {
            Assert.Throws<InjectedException>(() => WorkerPool.Run(new ThrowingJob(), 16, 2));
            NumericAssert.Identical(expectedGrad, jitted(big), $"round {round}: jitted gradient after a failed dispatch");
            NumericAssert.Identical(expectedProduct, Np.Matmul(big, w), $"round {round}: product after a failed dispatch");
        }
    }
}
