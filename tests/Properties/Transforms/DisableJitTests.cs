using System;
using System.Threading.Tasks;
using Xunit;
using static Functional.AD.Jax;

namespace Functional.AD.Properties.Transforms;

/// <summary>Jax.DisableJit: jitted functions run eagerly inside the scope, which nests and restores on dispose.</summary>
public class DisableJitTests
{
    /// <summary>Concrete control flow on a value: fails under Jit, works eagerly.</summary>
    private static NDArray Relu(NDArray x) => (double)x > 0 ? x : x * 0.0;

    [Fact]
    public void Inside_the_scope_Jit_runs_the_function_eagerly_on_every_call()
    {
        int calls = 0;
        var f = Jit((NDArray x) => { calls++; return Relu(x); });
        Assert.Throws<ConcretizationException>(() => f(Np.Scalar(2.0)));
        Assert.False(IsJitDisabled);
        using (DisableJit())
        {
            Assert.True(IsJitDisabled);
            calls = 0;
            Assert.Equal(2.0, (double)f(Np.Scalar(2.0)));
            Assert.Equal(0.0, (double)f(Np.Scalar(-3.0)));
            Assert.Equal(0.0, (double)f(Np.Scalar(-1.0)));
            Assert.Equal(3, calls);   // no cache: the function runs each time, on concrete values
        }
        Assert.False(IsJitDisabled);
        Assert.Throws<ConcretizationException>(() => f(Np.Scalar(2.0)));   // restored
    }

    [Fact]
    public void Scopes_nest_and_DisableJit_false_re_enables()
    {
        var f = Jit((Func<NDArray, NDArray>)Relu);
        using (DisableJit())
        {
            using (DisableJit())
                Assert.Equal(1.0, (double)f(Np.Scalar(1.0)));
            Assert.True(IsJitDisabled);   // the inner scope restored "disabled"
            using (DisableJit(false))
            {
                Assert.False(IsJitDisabled);
                Assert.Throws<ConcretizationException>(() => f(Np.Scalar(1.0)));
            }
            Assert.Equal(1.0, (double)f(Np.Scalar(1.0)));
        }
        Assert.False(IsJitDisabled);
    }

    [Fact]
    public void Disposing_twice_is_harmless_and_a_thrown_exception_still_restores()
    {
        var scope = DisableJit();
        scope.Dispose();
        scope.Dispose();
        Assert.False(IsJitDisabled);
        static void Throwing()
        {
            using (DisableJit()) throw new InvalidOperationException("boom");
        }
        Assert.Throws<InvalidOperationException>(Throwing);
        Assert.False(IsJitDisabled);
    }

    [Fact]
    public void Transforms_around_a_disabled_Jit_still_apply_and_agree()
    {
        Func<NDArray, NDArray> f = x => Np.Sum(Np.Tanh(x) * x);
        var jf = Jit(f);
        var xs = Np.Linspace(-1.0, 1.0, 12).Reshape(3, 4);
        var expectedGrad = Grad(jf)(xs[0]);
        var expectedVmap = Vmap(jf)(xs);
        using (DisableJit())
        {
            NumericAssert.AllClose(expectedGrad, Grad(jf)(xs[0]), "value", 1e-14);
            NumericAssert.AllClose(expectedVmap, Vmap(jf)(xs), "value", 1e-14);
            // Under Vmap the values are still traced: concrete control flow still needs Lax.Cond there.
            Assert.Throws<ConcretizationException>(() => Vmap(Jit((Func<NDArray, NDArray>)Relu))(Np.Array(1.0, -1.0)));
        }
    }

    [Fact]
    public async Task The_setting_belongs_to_the_flow_of_control_not_the_process()
    {
        var f = Jit((Func<NDArray, NDArray>)Relu);
        using (DisableJit())
        {
            Assert.True(await Task.Run(() => IsJitDisabled));   // a task started inside the scope inherits it
            // A thread started without the scope's execution context does not see it.
            bool elsewhere = true;
            System.Threading.ExecutionContext.SuppressFlow();
            try
            {
                var t = new System.Threading.Thread(() => elsewhere = IsJitDisabled);
                t.Start();
                t.Join();
            }
            finally
            {
                System.Threading.ExecutionContext.RestoreFlow();
            }
            Assert.False(elsewhere);
            Assert.Equal(1.0, (double)f(Np.Scalar(1.0)));
        }
    }

    [Fact]
    public async Task The_scope_survives_awaits()
    {
        var f = Jit((Func<NDArray, NDArray>)Relu);
        using (DisableJit())
        {
            await Task.Yield();
            Assert.Equal(1.0, (double)f(Np.Scalar(1.0)));
        }
        Assert.False(IsJitDisabled);
    }
}
