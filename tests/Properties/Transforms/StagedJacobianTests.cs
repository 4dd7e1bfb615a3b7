using System;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using Xunit;
using static Functional.AD.Jax;
using static Functional.AD.Properties.Primitives.Generators;

namespace Functional.AD.Properties.Transforms;

/// <summary>
/// Jacobians called eagerly run as one compiled program (<see cref="StagedJacobian"/>): staged <c>Jacfwd</c>,
/// <c>Jacrev</c> and <c>Hessian</c> agree with the op-by-op ones, with each other and with finite differences, keep
/// the dtype and weak type, fall back to op by op where the function needs concrete values or a transform is running,
/// and read what the function captures afresh on every call. The tests lower <see cref="StagedJacobian.MinElements"/>
/// (process-wide) so that small generated inputs are staged too.
/// </summary>
[Collection(ProcessWideState.Name)]
public class StagedJacobianTests
{
    /// <summary>Vector-valued functions of a vector (any size from 1), built from many primitives.</summary>
    private static readonly (string Name, Func<NDArray, NDArray> F)[] VectorFunctions =
    {
        ("tanh(A x)", x => Np.Tanh(Np.Matmul(Mixing(x.Size), x))),
        ("softmax(x) * x", x => Nn.Softmax(x) * x),
        ("cumsum(sin(x)) + x^3", x => Np.Cumsum(Np.Sin(x), 0) + Np.Power(x, 3)),
        ("exp(x / 4) * sum(x^2)", x => Np.Exp(x / 4.0) * Np.Sum(x * x)),
        ("where(x > 0, x^2, sin(x)) reversed", x => Np.Flip(Np.Where(x > 0, Np.Square(x), Np.Sin(x)), 0)),
        ("outer(x, x) @ tanh(x)", x => Np.Matmul(Np.Outer(x, x), Np.Tanh(x))),
        ("concat(x * 2, log1p(x^2))", x => Np.Concatenate(new[] { x * 2.0, Np.Log1p(x * x) })),
    };

    /// <summary>A fixed, well-conditioned n x n matrix (its entries depend only on n).</summary>
    private static NDArray Mixing(int n) => Np.Sin(Np.Linspace(0.1, 7.3, n * n).Reshape(n, n)) / Math.Sqrt(n);

    private static readonly StagingSwitch Switch = new(() => StagedJacobian.MinElements, v => StagedJacobian.MinElements = v, () => StagedJacobian.Staged);

    private static T With<T>(bool staged, Func<T> call) => Switch.With(staged, call);

    private static T Staged<T>(Func<T> call, int times = 1) => Switch.Staged(call, times);

    private static T NotStaged<T>(Func<T> call) => Switch.NotStaged(call);

    private static T OpByOp<T>(Func<T> call) => Switch.OpByOp(call);

    private static Gen<NDArray> Inputs(int min, int max) =>
        from n in Gen.Choose(min, max) from x in Array(new[] { n }, Uniform(-1.5, 1.5)) select x;

    [Fact]
    public void Staged_Jacobians_agree_with_op_by_op_with_each_other_and_with_finite_differences()
    {
        var cases = from i in Gen.Choose(0, VectorFunctions.Length - 1) from x in Inputs(1, 40) select (i, x);
        PropertyCheck.ForAll(cases, c =>
        {
            var (name, f) = VectorFunctions[c.i];
            var x = c.x;
            var forward = Staged(() => Jacfwd(f)(x));
            var reverse = Staged(() => Jacrev(f)(x));
            NumericAssert.AllClose(OpByOp(() => Jacfwd(f)(x)), forward, 1e-12, 1e-12, $"{name}: staged Jacfwd at {x.Type}");
            NumericAssert.AllClose(OpByOp(() => Jacrev(f)(x)), reverse, 1e-12, 1e-12, $"{name}: staged Jacrev at {x.Type}");
            NumericAssert.AllClose(forward, reverse, 1e-12, 1e-12, $"{name}: Jacfwd against Jacrev at {x.Type}");
            // every column against central differences of f
            const double eps = 1e-6;
            var y = f(x);
            var columns = new NDArray[x.Size];
            for (int j = 0; j < x.Size; j++)
            {
                var e = Np.Where(Np.Equal(Np.Arange(x.Size), j), 1.0, 0.0);
                columns[j] = (f(x + e * eps) - f(x - e * eps)) / (2 * eps);
            }
            NumericAssert.AllClose(Np.Stack(columns, axis: 1).Reshape(y.Size, x.Size), forward.Reshape(y.Size, x.Size), 1e-6, 1e-6,
                $"{name}: Jacobian against central differences at {x.Type}");
        }, maxTest: 60);
    }

    [Theory]
    [MemberData(nameof(StagedHvpTests.Names), MemberType = typeof(StagedHvpTests))]
    public void Staged_Hessians_agree_with_op_by_op_and_with_Jacobians_of_Grad(string name)
    {
        var c = CompositeFunctions.All.Single(k => k.Name == name);
        PropertyCheck.ForAll(c.Inputs, x =>
        {
            var h = Staged(() => Hessian(c.F)(x));
            NumericAssert.AllClose(OpByOp(() => Hessian(c.F)(x)), h, 1e-12, 1e-12, $"staged Hessian at {x}");
            NumericAssert.AllClose(h, Staged(() => Jacrev(Grad(c.F))(x)), 1e-10, 1e-10, $"Hessian against Jacrev(Grad) at {x}");
            NumericAssert.AllClose(h, Np.Transpose(h), 1e-10, 1e-10, $"Hessian symmetric at {x}");
        }, maxTest: 10);
    }

    [Fact]
    public void Without_lowering_the_threshold_inputs_of_32_elements_or_more_run_staged_and_smaller_ones_do_not()
    {
        Func<NDArray, NDArray> f = t => Np.Tanh(Np.Matmul(Mixing(t.Size), t)) * t;
        PropertyCheck.ForAll(Inputs(1, 96), x =>
        {
            long before = StagedJacobian.Staged;
            var (forward, reverse) = StagingSwitch.Unlimited(() => (Jacfwd(f)(x), Jacrev(f)(x)));
            Assert.Equal(x.Size >= StagedJacobian.MinElements ? 2 : 0, StagedJacobian.Staged - before);
            Assert.Equal(32, StagedJacobian.MinElements);
            NumericAssert.AllClose(forward, reverse, 1e-12, 1e-12, $"Jacfwd against Jacrev at {x.Type}");
            NumericAssert.AllClose(OpByOp(() => Jacrev(f)(x)), reverse, 1e-12, 1e-12, $"against op by op at {x.Type}");
        }, maxTest: 30);
    }

    [Fact]
    public void Dtypes_and_weak_types_are_those_of_the_op_by_op_Jacobians()
    {
        Func<NDArray, NDArray> f = t => Np.Sin(t) * t;
        foreach (var x in new[] { Np.Linspace(-1, 1, 5).AsType(DType.Float32), Np.Linspace(-1, 1, 5), Np.Linspace(-1, 1, 5).AsType(DType.Float16) })
        {
            var staged = Staged(() => Jacrev(f)(x));
            var opByOp = OpByOp(() => Jacrev(f)(x));
            Assert.Equal(opByOp.Type, staged.Type);
            Assert.Equal(OpByOp(() => Jacfwd(f)(x)).Type, Staged(() => Jacfwd(f)(x)).Type);
            NumericAssert.AllClose(opByOp, staged, 1e-3, 1e-3, $"Jacrev at {x.Type}", sameDType: true);
        }
        // an int argument is refused with the op-by-op error, without tracing
        var ints = Np.Arange(4);
        var message = Assert.Throws<ArgumentException>(() => NotStaged(() => Jacrev(f)(ints))).Message;
        Assert.Equal(Assert.Throws<ArgumentException>(() => OpByOp(() => Jacrev(f)(ints))).Message, message);
    }

    [Fact]
    public void Infinite_entries_give_the_NaNs_of_the_plain_products()
    {
        // J = diag(1 - tanh^2) A: the batched cotangents meet A through a diagonal product, which must give the
        // product's NaNs (0 * inf) where A holds an infinity.
        var gen = from n in Gen.Choose(8, 40) from at in Gen.Choose(0, n * n - 1) from value in Gen.Elements(double.PositiveInfinity, double.NegativeInfinity, double.NaN)
                  select (n, at, value);
        PropertyCheck.ForAll(gen, c =>
        {
            var flat = Mixing(c.n).ToArray<double>();
            flat[c.at] = c.value;
            var a = Np.FromFlat(flat, new[] { c.n, c.n });
            Func<NDArray, NDArray> f = t => Np.Matmul(a, t) * 0.5;
            var x = Np.Linspace(-1, 1, c.n);
            // the plain products: Jacrev pulls back (I / 2) A, Jacfwd pushes forward A (I / 2), term by term in IEEE arithmetic
            var reverse = new double[c.n * c.n];
            var forward = new double[c.n * c.n];
            for (int i = 0; i < c.n; i++)
                for (int j = 0; j < c.n; j++)
                    for (int k = 0; k < c.n; k++)
                    {
                        reverse[i * c.n + j] += (i == k ? 0.5 : 0.0) * flat[k * c.n + j];
                        forward[i * c.n + j] += flat[i * c.n + k] * (k == j ? 0.5 : 0.0);
                    }
            Assert.Equal(reverse, Staged(() => Jacrev(f)(x)).ToArray<double>());
            Assert.Equal(reverse, OpByOp(() => Jacrev(f)(x)).ToArray<double>());
            Assert.Equal(forward, Staged(() => Jacfwd(f)(x)).ToArray<double>());
            Assert.Equal(forward, OpByOp(() => Jacfwd(f)(x)).ToArray<double>());
        }, maxTest: 20);
    }

    [Fact]
    public void A_function_that_branches_on_its_argument_runs_op_by_op_and_is_not_traced_again()
    {
        PropertyCheck.ForAll(Inputs(1, 6), x =>
        {
            int calls = 0;
            Func<NDArray, NDArray> f = t =>
            {
                calls++;
                return (double)Np.Sum(t) > 0 ? t * t : Np.Sin(t);
            };
            var expected = (double)Np.Sum(x) > 0 ? Np.Diag(2 * x) : Np.Diag(Np.Cos(x));
            NumericAssert.AllClose(expected, NotStaged(() => Jacrev(f)(x)), 1e-12, 1e-12, "Jacrev");
            Assert.Equal(2, calls);   // the trace that stopped at the branch, then the op-by-op run
            NumericAssert.AllClose(expected, NotStaged(() => Jacfwd(f)(x)), 1e-12, 1e-12, "Jacfwd");
            NumericAssert.AllClose(expected, NotStaged(() => Jacrev(f)(x)), 1e-12, 1e-12, "Jacrev, again");
            Assert.Equal(4, calls);   // remembered for the function: no trace first
        }, maxTest: 20);
    }

    [Fact]
    public void Code_whose_captured_number_changes_on_every_call_goes_op_by_op_after_three_compilations()
    {
        // A captured number is a literal of the jaxpr: a time step that changes on every call would compile a new
        // program per call. The same lambda in a loop is a new closure each time; what counts is its code.
        var x = Np.Linspace(-1, 1, 6);
        for (int step = 0; step < 6; step++)
        {
            double t = 0.1 * (step + 1);
            long before = StagedJacobian.Staged;
            var jacobian = With(true, () => { EagerStaging.MaxConsecutiveCompilations = 3; return Jacrev(u => Np.Sin(u * t) * 2.0)(x); });
            Assert.Equal(step < EagerStaging.MaxConsecutiveCompilations ? 1 : 0, StagedJacobian.Staged - before);
            NumericAssert.AllClose(Np.Diag(2 * t * Np.Cos(x * t)), jacobian, 1e-12, 1e-12, $"step {step}");
        }
        // the same for a Hessian of a changing closure: what is remembered is the user's function, not the library's Jacrev
        for (int step = 0; step < 5; step++)
        {
            double t = 1 + step;
            long before = StagedJacobian.Staged;
            var hessian = With(true, () => { EagerStaging.MaxConsecutiveCompilations = 3; return Hessian(u => Np.Sum(Np.Power(u, 3)) * t)(x); });
            Assert.Equal(step < 3 ? 1 : 0, StagedJacobian.Staged - before);
            NumericAssert.AllClose(Np.Diag(6 * t * x), hessian, 1e-12, 1e-12, $"Hessian, step {step}");
        }
        // a function called again at a program it compiled before resets the count and stays staged
        Func<NDArray, NDArray> g = u => Np.Tanh(u) * u;
        var y = Np.Linspace(-1, 1, 7);
        for (int call = 0; call < 8; call++)
        {
            var arg = call % 2 == 0 ? x : y;
            long before = StagedJacobian.Staged;
            With(true, () => { EagerStaging.MaxConsecutiveCompilations = 3; return Jacfwd(g)(arg); });
            Assert.Equal(1, StagedJacobian.Staged - before);
        }
    }

    [Fact]
    public void Values_the_function_captures_are_read_on_every_call()
    {
        var x = Np.Linspace(-1, 1, 6);
        var w = Np.Linspace(1, 2, 6);
        double scale = 2;
        Func<NDArray, NDArray> f = t => w * Np.Sin(t) * scale;
        var jacobian = Jacrev(f);
        int cached = EagerStaging.CachedPrograms;
        for (int k = 0; k < 3; k++)
        {
            NumericAssert.AllClose(Np.Diag(scale * w * Np.Cos(x)), Staged(() => jacobian(x)), 1e-12, 1e-12, $"call {k}");
            w = w * 3.0 - 1.0;   // another array of the same type: the compiled program is reused
        }
        Assert.InRange(EagerStaging.CachedPrograms - cached, 0, 1);
        scale = -0.5;   // a captured number is a literal of the jaxpr: a new program
        NumericAssert.AllClose(Np.Diag(scale * w * Np.Cos(x)), Staged(() => jacobian(x)), 1e-12, 1e-12, "new scale");
    }

    [Fact]
    public void Under_Vmap_Grad_and_Jit_the_Jacobian_is_not_staged_and_composes()
    {
        Func<NDArray, NDArray> f = t => Np.Tanh(Np.Matmul(Mixing(4), t)) * t;
        var x = Np.Linspace(-1, 1.5, 4);
        var xs = Np.Stack(new[] { x, x * 2.0, x - 1.0 });
        var batched = NotStaged(() => Vmap(Jacrev(f))(xs));
        NumericAssert.AllClose(OpByOp(() => Vmap(Jacrev(f))(xs)), batched, 1e-12, 1e-12, "Vmap of Jacrev");
        for (int i = 0; i < 3; i++)
            NumericAssert.AllClose(Staged(() => Jacrev(f)(xs[i])), batched[i], 1e-12, 1e-12, $"Vmap of Jacrev, row {i}");
        Func<NDArray, NDArray> trace = t => Np.Trace(Jacfwd(f)(t));
        NumericAssert.AllClose(OpByOp(() => Grad(trace)(x)), NotStaged(() => Grad(trace)(x)), 1e-12, 1e-12, "Grad of the trace of Jacfwd");
        var jitted = Jit(Jacfwd(f));
        NumericAssert.AllClose(Staged(() => Jacfwd(f)(x)), NotStaged(() => jitted(x)), 1e-12, 1e-12, "Jit of Jacfwd");
    }

    [Fact]
    public void Errors_in_a_staged_call_are_the_op_by_op_errors()
    {
        var x = Np.Linspace(-1, 1, 4);
        Func<NDArray, NDArray> mismatch = t => t + Np.Ones(new[] { 5 });
        var staged = Assert.Throws<ArgumentException>(() => With(true, () => Jacrev(mismatch)(x)));
        Assert.Equal(Assert.Throws<ArgumentException>(() => OpByOp(() => Jacrev(mismatch)(x))).Message, staged.Message);
        Func<NDArray, NDArray> throws = t => throw new InvalidCastException("the function's own failure");
        Assert.Equal("the function's own failure", Assert.Throws<InvalidCastException>(() => With(true, () => Jacfwd(throws)(x))).Message);
        Assert.Same(EvalTrace.Instance, TraceContext.Current);
        NumericAssert.AllClose(Np.Diag(Np.Cos(x)), Staged(() => Jacfwd(Np.Sin)(x)), 1e-12, 1e-12, "the next call");
    }
}
