using LanguageExt.Common;

namespace Functional.AD.LanguageExt.Tests;

/// <summary>Errors as values: Try, Validate and Run against the plain transforms.</summary>
public sealed class SafeTests
{
    private static readonly Func<NDArray, NDArray> MismatchedLoss = x => Np.Sum(x + Np.Ones(new[] { 4 }));

    private static Exception Thrown(Action action) => Assert.ThrowsAny<Exception>(action);

    private static Error FailOf<T>(Fin<T> fin)
    {
        Assert.True(fin.IsFail, $"expected Fail, got {fin}");
        return (Error)fin;
    }

    [Fact]
    public void A_shape_error_becomes_a_Fail_with_the_same_message_and_the_exception()
    {
        var grad = Jax.Grad(MismatchedLoss);
        var thrown = Thrown(() => grad(Np.Array(1.0, 2.0, 3.0)));
        Assert.IsAssignableFrom<ArgumentException>(thrown);
        var error = FailOf(grad.Try()(Np.Array(1.0, 2.0, 3.0)));
        Assert.Equal(thrown.Message, error.Message);
        Assert.True(error.IsExceptional);
        Assert.Equal(thrown.HResult, error.Code);
        Assert.IsAssignableFrom<ArgumentException>(error.Exception.IfNone(() => throw new InvalidOperationException("no exception")));
        Assert.Throws(thrown.GetType(), () => grad.Try()(Np.Array(1.0, 2.0, 3.0)).ThrowIfFail());
    }

    [Fact]
    public void Reading_a_traced_value_under_Jit_becomes_a_Fail_carrying_the_ConcretizationException()
    {
        var jitted = Jax.Jit((NDArray x) => (double)x > 0 ? x : -x);
        var thrown = Assert.Throws<ConcretizationException>(() => jitted(Np.Array(1.0)));
        var error = FailOf(jitted.Try()(Np.Array(1.0)));
        Assert.Equal(thrown.Message, error.Message);
        Assert.IsType<ConcretizationException>(error.Exception.IfNone(() => throw new InvalidOperationException("no exception")));
    }

    [Fact]
    public void A_success_is_Succ_with_the_plain_transforms_value() =>
        ForAll(Vector, x =>
        {
            var f = (NDArray v) => Np.Sum(Np.Sin(v) * v);
            var plain = Jax.Grad(f)(x);
            var fin = Jax.Grad(f).Try()(x);
            Assert.True(fin.IsSucc);
            Assert.Equal(Values(plain), Values((NDArray)fin));
            var valid = Jax.Grad(f).Validate()(x);
            Assert.True(valid.IsSuccess);
            Assert.Equal(Values(plain), Values(valid.SuccessToArray()[0]));
        });

    [Fact]
    public void Validate_fails_with_one_error_that_has_the_exceptions_message()
    {
        var grad = Jax.Grad(MismatchedLoss);
        var thrown = Thrown(() => grad(Np.Array(1.0, 2.0)));
        var valid = grad.Validate()(Np.Array(1.0, 2.0));
        Assert.True(valid.IsFail);
        var errors = valid.FailToArray();
        Assert.Equal(thrown.Message, Assert.Single(errors).Message);
    }

    [Fact]
    public void Two_argument_transforms_and_LanguageExt_pytrees_work_through_Try() =>
        ForAll(Layers, layers =>
        {
            var loss = (Lst<Layer> ls, NDArray scale) => ls.Fold(Np.Scalar(0.0), (acc, l) => acc + Np.Sum(l.W * l.B)) * scale;
            var fin = Jax.Grad(loss).Try()(new Lst<Layer>(layers), Np.Scalar(2.0));
            var g = fin.IfFail(e => throw new InvalidOperationException(e.Message));
            for (int i = 0; i < layers.Length; i++)
            {
                Close(2.0 * layers[i].B, g[i].W);
                Close(2.0 * layers[i].W, g[i].B);
            }
            var mismatch = Jax.Grad((Lst<Layer> ls, NDArray scale) => Np.Sum(scale + Np.Ones(new[] { 7 }))).Validate();
            Assert.True(mismatch(new Lst<Layer>(layers), Np.Array(1.0, 2.0)).IsFail);
        });

    [Fact]
    public void Run_turns_a_transform_that_returns_a_value_into_a_Fin()
    {
        var ok = Safe.Run(() => Jax.Jvp((NDArray x) => x * x, Np.Array(3.0), Np.Array(1.0)));
        Assert.Equal(6.0, (double)ok.IfFail(e => throw new InvalidOperationException(e.Message)).Tangent);
        var bad = Safe.Run(() => Jax.Jvp((NDArray x) => x * x, Np.Array(3.0, 4.0), Np.Array(1.0)));
        var thrown = Thrown(() => Jax.Jvp((NDArray x) => x * x, Np.Array(3.0, 4.0), Np.Array(1.0)));
        Assert.Equal(thrown.Message, FailOf(bad).Message);
    }

    [Fact]
    public void A_bug_or_a_users_own_exception_is_caught_too_as_an_exceptional_error()
    {
        var f = (NDArray x) => x.Shape[0] > 1 ? throw new NullReferenceException("inside") : x;
        var error = FailOf(Jax.Jit(f).Try()(Np.Array(1.0, 2.0)));
        Assert.Equal("inside", error.Message);
        Assert.IsType<NullReferenceException>(error.Exception.IfNone(() => throw new InvalidOperationException("no exception")));
    }

    [Fact]
    public void Making_a_transform_safe_rejects_a_null_function_at_once()
    {
        Assert.Throws<ArgumentNullException>(() => ((Func<NDArray, NDArray>)null!).Try());
        Assert.Throws<ArgumentNullException>(() => Safe.Run<int>(null!));
    }

    [Fact]
    public void Using_Safe_registers_the_LanguageExt_pytrees()
    {
        // Whichever test runs first, after Safe is used the LanguageExt types are pytrees.
        var fin = Jax.Grad((Lst<NDArray> xs) => Np.Sum(xs[0] * 2.0)).Try()(new Lst<NDArray>(new[] { Np.Array(1.0) }));
        Assert.Equal(new[] { 2.0 }, Values(((Lst<NDArray>)fin)[0]));
    }
}
