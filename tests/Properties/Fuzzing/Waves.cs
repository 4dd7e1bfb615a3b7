namespace Functional.AD.Properties.Fuzzing;

/// <summary>
/// The formula that fills every input, tangent and constant array of a generated program: a sampled sine wave, made
/// from public API calls only so that a printed reproduction rebuilds exactly the same numbers. <see cref="Source"/> is
/// the C# text of <see cref="Wave"/> that reproductions paste; keep the two identical.
/// </summary>
public static class Waves
{
    /// <summary>
    /// <c>scale · sin(phase + i · step)</c> for element i in row-major order, in <paramref name="dtype"/>: values in
    /// [-scale, scale] without repeats, different for every seed.
    /// </summary>
    public static NDArray Wave(int[] shape, int seed, double scale, DType dtype)
    {
        int n = 1;
        foreach (var d in shape) n *= d;
        double phase = (seed % 1009) * 0.0123, step = 0.61 + ((seed % 97) * 0.0219);
        return (Np.Sin(Np.Linspace(phase, phase + (step * (n - 1)), n)) * scale).Reshape(shape).AsType(dtype);
    }

    /// <summary>The C# source of <see cref="Wave"/>, as a local function of a test.</summary>
    public const string Source =
        """
        static NDArray Wave(int[] shape, int seed, double scale, DType dtype)
        {
            int n = 1;
            foreach (var d in shape) n *= d;
            double phase = (seed % 1009) * 0.0123, step = 0.61 + ((seed % 97) * 0.0219);
            return (Np.Sin(Np.Linspace(phase, phase + (step * (n - 1)), n)) * scale).Reshape(shape).AsType(dtype);
        }
        """;
}
