using System;
using System.Diagnostics;

namespace Functional.AD.Benchmarks;

/// <summary>Nanoseconds per element of the f32 FastMath kernels and basic arithmetic on an L1-resident 4096-element tile (a diagnostic).</summary>
public static class KernelTimes
{
    public static int Run()
    {
        const int n = 4096, reps = 20000;
        var x = new float[n];
        var y = new float[n];
        var z = new float[n];
        var rng = new System.Random(1);
        for (int i = 0; i < n; i++) { x[i] = (float)(rng.NextDouble() * 4 - 2); z[i] = 1.5f; }
        void Time(string name, Action body)
        {
            for (int i = 0; i < 200; i++) body();
            var sw = Stopwatch.StartNew();
            for (int i = 0; i < reps; i++) body();
            Console.WriteLine($"{name,-10} {sw.Elapsed.TotalMilliseconds * 1e6 / ((double)reps * n):0.000} ns/element");
        }
        Time("tanh", () => FastMath.Tanh(x, y));
        Time("exp", () => FastMath.Exp(x, y));
        Time("sin", () => FastMath.Sin(x, y));
        Time("cos", () => FastMath.Cos(x, y));
        Time("sincos", () => FastMath.SinCos(x, y, z));
        Time("mul", () => ArithmeticKernels.Binary<ArithmeticKernels.MultiplyOp<float>, float>(x, z, y));
        Time("neg", () => ArithmeticKernels.Unary<ArithmeticKernels.NegateOp<float>, float>(x, y));
        return 0;
    }
}
