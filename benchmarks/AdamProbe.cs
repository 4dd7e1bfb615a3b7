using System;
using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;

namespace Functional.AD.Benchmarks;

/// <summary>
/// The Adam-step probe (issue 16): median and best ms of one jitted <c>Optim.Adam</c> update over n f32 parameters
/// (default 1M; the update and <c>ApplyUpdates</c> in one <c>Jax.Jit</c>), against the memory-bandwidth bound: a
/// hand-written SIMD pass that reads the same four arrays (params, grads, m, v) and writes the same three (params,
/// m, v), and a hand-written fused Adam loop over <c>float[]</c> for scale. <c>dotnet Functional.AD.Benchmarks.dll
/// --adam [n [--plan]]</c> (--plan prints the compiled program after one run) at FAD_BENCH_THREADS (default 1); prints one JSON line per row and the ratio to the bound.
/// benchmarks/adam_step.py times torch.optim.Adam's step on the same size.
/// </summary>
public static class AdamProbe
{
    /// <summary>Runs the probe.</summary>
    public static int Run(string[] args)
    {
        int threads = ProbeTiming.Threads();
        Parallelism.MaxThreads = threads;
        int n = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1 << 20;
        var rng = new System.Random(3);
        var p0 = new float[n];
        var g0 = new float[n];
        for (int i = 0; i < n; i++) { p0[i] = (float)(rng.NextDouble() - 0.5); g0[i] = (float)(rng.NextDouble() - 0.5) * 1e-2f; }

        var opt = Optim.Adam(1e-3);
        var step = Jax.Jit<(NDArray P, NDArray G, OptState S), (NDArray, OptState)>(a =>
        {
            var (u, s) = opt.Update(a.G, a.S, a.P);
            return (Optim.ApplyUpdates(a.P, u), s);
        });
        // The gradient as a training step has it: an array the library made (pooled, 64-byte aligned, as torch's
        // tensors are), not a view of the caller's float[] (whose misaligned 512-bit loads cost up to 1.7x).
        var grads = Np.FromFlat(g0, [n]) * 1f;
        if (args.Length > 1 && args[1] == "--plan")
        {
            var jaxpr = Jax.MakeJaxpr<(NDArray P, NDArray G, OptState S), (NDArray, OptState)>(a =>
            {
                var (u, s) = opt.Update(a.G, a.S, a.P);
                return (Optim.ApplyUpdates(a.P, u), s);
            })((grads, grads, opt.Init(grads))).Jaxpr;
            var executable = JaxprCompiler.Compile(jaxpr);
            var leaves = Tree.Leaves((grads, grads, opt.Init(grads)));
            var inputs = new NDArray[leaves.Count];
            for (int i = 0; i < inputs.Length; i++) inputs[i] = leaves[i];
            executable.Run(inputs);   // the first run compiles the fused loops (the steps then say "compiled")
            Console.WriteLine(executable.Program);
            foreach (var planned in executable.Steps) Console.WriteLine($"  {planned}");
            return 0;
        }
        var state = (Np.FromFlat((float[])p0.Clone(), [n]), opt.Init(Np.FromFlat(p0, [n])));
        int calls = Math.Max(20, (int)(2e8 / n));
        var jit = ProbeTiming.SortedSeconds(() => state = step((state.Item1, grads, state.Item2)), 5, calls);
        // The same step with the parameters and the optimizer state donated (jax.jit(step, donate_argnums=0)).
        var donating = Jax.Jit(((NDArray P, OptState S) st, NDArray g) =>
        {
            var (u, s) = opt.Update(g, st.S, st.P);
            return (Optim.ApplyUpdates(st.P, u), s);
        }, donateArgnums: [0]);
        (NDArray P, OptState S) donatedState = (Np.FromFlat((float[])p0.Clone(), [n]), opt.Init(Np.FromFlat(p0, [n])));
        var donated = ProbeTiming.SortedSeconds(() => donatedState = donating(donatedState, grads), 5, calls);

        float[] p = (float[])p0.Clone(), m = new float[n], v = new float[n];
        var pass = ProbeTiming.SortedSeconds(() => { BandwidthPass(p, g0, m, v); return p; }, 5, calls);
        int t = 0;
        var fused = ProbeTiming.SortedSeconds(() => { HandAdam(p, g0, m, v, ++t); return p; }, 5, calls);

        Emit("adam-jit", n, threads, jit, calls);
        Emit("adam-jit-donated", n, threads, donated, calls);
        Emit("bandwidth-pass", n, threads, pass, calls);
        Emit("adam-handwritten", n, threads, fused, calls);
        Console.WriteLine($"{{\"workload\": \"adam\", \"ratio_jit_to_bandwidth_median\": {(jit[calls / 2] / pass[calls / 2]).ToString("0.00", CultureInfo.InvariantCulture)}, " +
                          $"\"ratio_donated_to_bandwidth_median\": {(donated[calls / 2] / pass[calls / 2]).ToString("0.00", CultureInfo.InvariantCulture)}}}");
        return 0;
    }

    private static void Emit(string impl, int n, int threads, double[] seconds, int calls)
    {
        static string F(double s) => (s * 1e3).ToString("0.000", CultureInfo.InvariantCulture);
        Console.WriteLine($"{{\"workload\": \"adam\", \"impl\": \"{impl}\", \"dtype\": \"f32\", \"n\": {n}, \"threads\": {threads}, " +
                          $"\"ms_median\": {F(seconds[calls / 2])}, \"ms_best\": {F(seconds[0])}, \"calls\": {calls}}}");
    }

    /// <summary>Reads p, g, m, v and writes p, m, v once each, with the least arithmetic that keeps every access.</summary>
    private static void BandwidthPass(float[] p, float[] g, float[] m, float[] v)
    {
        var ps = MemoryMarshal.Cast<float, Vector<float>>(p.AsSpan());
        var gs = MemoryMarshal.Cast<float, Vector<float>>(g.AsSpan());
        var ms = MemoryMarshal.Cast<float, Vector<float>>(m.AsSpan());
        var vs = MemoryMarshal.Cast<float, Vector<float>>(v.AsSpan());
        var half = new Vector<float>(0.5f);
        for (int i = 0; i < ps.Length; i++)
        {
            var gi = gs[i];
            ms[i] = ms[i] * half + gi;
            vs[i] = vs[i] * half + gi;
            ps[i] = ps[i] + gi;
        }
        for (int i = ps.Length * Vector<float>.Count; i < p.Length; i++)
        {
            m[i] = m[i] * 0.5f + g[i];
            v[i] = v[i] * 0.5f + g[i];
            p[i] += g[i];
        }
    }

    /// <summary>
    /// Adam's step written out by hand as one SIMD loop (<see cref="Vector{T}"/>, with the scalar loop for the tail):
    /// the arithmetic of torch.optim.Adam's single-tensor path, and the compute bound of a fused Adam on this machine
    /// (a square root and a division per element besides the memory traffic).
    /// </summary>
    private static void HandAdam(float[] p, float[] g, float[] m, float[] v, int t)
    {
        const float lr = 1e-3f, b1 = 0.9f, b2 = 0.999f, eps = 1e-8f;
        float c1 = 1 - MathF.Pow(b1, t), c2 = 1 - MathF.Pow(b2, t);
        var ps = MemoryMarshal.Cast<float, Vector<float>>(p.AsSpan());
        var gs = MemoryMarshal.Cast<float, Vector<float>>(g.AsSpan());
        var ms = MemoryMarshal.Cast<float, Vector<float>>(m.AsSpan());
        var vs = MemoryMarshal.Cast<float, Vector<float>>(v.AsSpan());
        Vector<float> vb1 = new(b1), vb1c = new(1 - b1), vb2 = new(b2), vb2c = new(1 - b2), step = new(lr / c1), vc2 = new(1 / c2), veps = new(eps);
        for (int i = 0; i < ps.Length; i++)
        {
            var gi = gs[i];
            var mi = vb1 * ms[i] + vb1c * gi;
            var vi = vb2 * vs[i] + vb2c * gi * gi;
            ms[i] = mi;
            vs[i] = vi;
            ps[i] -= step * mi / (Vector.SquareRoot(vi * vc2) + veps);
        }
        for (int i = ps.Length * Vector<float>.Count; i < p.Length; i++)
        {
            float gi = g[i];
            float mi = b1 * m[i] + (1 - b1) * gi;
            float vi = b2 * v[i] + (1 - b2) * gi * gi;
            m[i] = mi;
            v[i] = vi;
            p[i] -= lr * (mi / c1) / (MathF.Sqrt(vi / c2) + eps);
        }
    }
}
