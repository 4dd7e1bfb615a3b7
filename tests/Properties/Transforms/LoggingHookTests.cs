using System;
using System.Collections.Generic;
using Xunit;
using static Functional.AD.Jax;

namespace Functional.AD.Properties.Transforms;

/// <summary>A logging callback that throws never breaks the computation it reports on.</summary>
[Collection(ProcessWideState.Name)]
public class LoggingHookTests
{
    [Fact]
    public void A_throwing_JitRetraceLog_does_not_abort_the_jitted_call()
    {
        var previous = JitRetraceLog;
        int calls = 0;
        try
        {
            JitRetraceLog = _ =>
            {
                calls++;
                throw new InvalidOperationException("the log is broken");
            };
            var f = Jit((NDArray x) => x * 2.0);
            Assert.Equal(new[] { 2.0, 2.0 }, f(Np.Ones(new[] { 2 })).ToArray<double>());
            Assert.Equal(new[] { 2.0, 2.0, 2.0 }, f(Np.Ones(new[] { 3 })).ToArray<double>());   // a retrace: logged, and computed
            Assert.Equal(new[] { 2.0, 2.0, 2.0, 2.0 }, f(Np.Ones(new[] { 4 })).ToArray<double>());
        }
        finally
        {
            JitRetraceLog = previous;
        }
        Assert.True(calls >= 2, $"the log was called {calls} times");
    }

    [Fact]
    public void A_throwing_WarningLog_does_not_abort_the_warning_computation()
    {
        var previous = WarningLog;
        var seen = new List<string>();
        try
        {
            WarningLog = m =>
            {
                seen.Add(m);
                throw new InvalidOperationException("the log is broken");
            };
            var twice = new UserPrimitive<int>(new PrimitiveDefinition<int>
            {
                Name = "unbatched_twice",
                ShapeRule = (t, _) => t,
                Kernel = (xs, _) => new[] { xs[0] * 2.0 },
            });
            var ys = Vmap((NDArray x) => twice.Bind(new[] { x }, 0)[0])(Np.Array(new double[,] { { 1, 2 }, { 3, 4 } }));
            Assert.Equal(new[] { 2.0, 4.0, 6.0, 8.0 }, ys.ToArray<double>());
        }
        finally
        {
            WarningLog = previous;
        }
        Assert.Contains("unbatched_twice", Assert.Single(seen));
    }
}
