using System;
using BenchmarkDotNet.Attributes;

namespace Functional.AD.Benchmarks;

/// W8 (BENCHMARKS.md): the Jacobian of f(x) = tanh(A @ x), A 256x256 drawn from normal / 16, x 256
/// normal, f32 and f64, as ../shared/bench-ref/w8_jacobian.py measures it. Variants (the reference's
/// names in brackets):
///   F         f itself                                                  [torch-f]
///   Jacfwd    Jax.Jacfwd(f)(x): linearize + Vmap over 256 input basis vectors   [functorch-jacfwd]
///   Jacrev    Jax.Jacrev(f)(x): linearize + Vmap of the transpose over 256 output basis vectors [functorch-jacrev]
///   Analytic  (1 - tanh(Ax)^2)[:, None] * A with Np ops                 [analytic]
/// The transforms are applied inside the timed body (building them only allocates a closure).
public class W8JacobianBenchmarks : ThreadedBenchmark
{
    public const int N = 256;

    [Params(DType.Float32, DType.Float64)]
    public DType Dtype { get; set; }

    private NDArray a = null!, x = null!;
    private Func<NDArray, NDArray> f = null!;

    [GlobalSetup]
    public void Setup()
    {
        ApplyThreads();
        var rng = new System.Random(0);
        var ad = new double[N * N];
        for (int i = 0; i < ad.Length; i++) ad[i] = W6PerExampleBenchmarks.StandardNormal(rng) / Math.Sqrt(N);
        var xd = new double[N];
        for (int i = 0; i < N; i++) xd[i] = W6PerExampleBenchmarks.StandardNormal(rng);
        a = Np.FromFlat(ad, new[] { N, N }).AsType(Dtype);
        x = Np.FromFlat(xd, new[] { N }).AsType(Dtype);
        if (a.DType != Dtype || x.DType != Dtype) throw new InvalidOperationException($"W8 inputs are {a.Type}, {x.Type}");
        var captured = a;
        f = v => Np.Tanh(Np.Matmul(captured, v));
        Check();
        WarmUp();
    }

    /// The analytic Jacobian against a plain double computation, then Jacfwd and Jacrev against the
    /// analytic one (absolute tolerance 1e-5 for f32, 1e-12 for f64).
    private void Check()
    {
        bool f32 = Dtype == DType.Float32;
        var ad = a.ToArray<double>();
        var xd = x.ToArray<double>();
        var jRef = new double[N * N];
        for (int i = 0; i < N; i++)
        {
            double s = 0;
            for (int k = 0; k < N; k++) s += ad[i * N + k] * xd[k];
            double t = Math.Tanh(s);
            for (int c = 0; c < N; c++) jRef[i * N + c] = (1 - t * t) * ad[i * N + c];
        }
        var analytic = Analytic();
        Compare(analytic, jRef, f32 ? 1e-5 : 1e-12, "analytic vs a double loop");
        var j = analytic.ToArray<double>();
        Compare(Jacfwd(), j, f32 ? 1e-5 : 1e-12, "Jacfwd vs analytic");
        Compare(Jacrev(), j, f32 ? 1e-5 : 1e-12, "Jacrev vs analytic");
        var y = F();
        if (y.DType != Dtype || !y.Shape.Equals(new Shape(N)))
            throw new InvalidOperationException($"W8 {Dtype}: f(x) is {y.Type}");
    }

    private void Compare(NDArray jac, double[] expected, double tol, string what)
    {
        if (jac.DType != Dtype || !jac.Shape.Equals(new Shape(N, N)))
            throw new InvalidOperationException($"W8 {Dtype} {what}: Jacobian is {jac.Type}, expected {Dtype} [{N},{N}]");
        var v = jac.ToArray<double>();
        for (int i = 0; i < v.Length; i++)
            if (!(Math.Abs(v[i] - expected[i]) <= tol))
                throw new InvalidOperationException($"W8 {Dtype} {what}: J[{i / N},{i % N}] = {v[i]}, expected {expected[i]}");
    }

    /// f(x) = tanh(A @ x): compare with torch-f (no_grad).
    [Benchmark]
    public NDArray F() => f(x);

    /// Forward-mode Jacobian: compare with functorch-jacfwd.
    [Benchmark]
    public NDArray Jacfwd() => Jax.Jacfwd(f)(x);

    /// Reverse-mode Jacobian: compare with functorch-jacrev.
    [Benchmark]
    public NDArray Jacrev() => Jax.Jacrev(f)(x);

    /// (1 - t^2)[:, None] * A, t = tanh(A @ x), eager Np ops: compare with analytic.
    [Benchmark]
    public NDArray Analytic()
    {
        var t = Np.Tanh(Np.Matmul(a, x));
        return Np.ExpandDims(1 - t * t, 1) * a;
    }
}
