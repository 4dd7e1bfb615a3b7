namespace Functional.AD.Properties.Fuzzing;

/// <summary>
/// Functions with user-defined derivatives that generated programs call (each created once and shared, as a user
/// would), with the C# text a reproduction pastes.
/// </summary>
public static class CustomFunctions
{
    /// <summary>tanh with its derivative given by a custom JVP rule.</summary>
    public static readonly System.Func<NDArray, NDArray> CustomTanh = Jax.CustomJvp(
        (NDArray x) => Np.Tanh(x),
        (x, t) =>
        {
            var y = Np.Tanh(x);
            return (y, t * (1.0 - (y * y)));
        });

    /// <summary>sin with its derivative given by a custom VJP rule (residual cos x).</summary>
    public static readonly System.Func<NDArray, NDArray> CustomSin = Jax.CustomVjp<NDArray, NDArray, NDArray>(
        x => Np.Sin(x),
        x => (Np.Sin(x), Np.Cos(x)),
        (cos, ct) => ct * cos);

    /// <summary>The C# text defining a helper, by name.</summary>
    public static string Source(string name) => name switch
    {
        nameof(CustomTanh) =>
            """
            var CustomTanh = Jax.CustomJvp((NDArray x) => Np.Tanh(x), (x, t) => { var y = Np.Tanh(x); return (y, t * (1.0 - (y * y))); });
            """,
        nameof(CustomSin) =>
            """
            var CustomSin = Jax.CustomVjp<NDArray, NDArray, NDArray>(x => Np.Sin(x), x => (Np.Sin(x), Np.Cos(x)), (cos, ct) => ct * cos);
            """,
        _ => throw new System.ArgumentException($"no helper {name}"),
    };
}
