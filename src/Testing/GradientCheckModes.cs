using System;

namespace Functional.AD.Testing;

/// <summary>Which differentiation modes <see cref="GradientCheck.CheckGrads(Func{NDArray[], NDArray}, NDArray[], int, GradientCheckModes, GradientTolerance?, int)"/> verifies.</summary>
[Flags]
public enum GradientCheckModes
{
    /// <summary>Forward mode: <c>Jvp</c> against (fourth-order) central finite differences.</summary>
    Forward = 1,
    /// <summary>Reverse mode: <c>Vjp</c> by the transpose identity &lt;u, J v&gt; = &lt;Jᵀ u, v&gt; (with J v from finite differences).</summary>
    Reverse = 2,
    /// <summary>Both modes.</summary>
    Both = Forward | Reverse,
}

/// <summary>Step size and tolerances of a gradient check: max |actual - expected| must be at most Atol + Rtol · max |expected| (over the compared array).</summary>
/// <param name="Eps">Finite-difference step.</param>
/// <param name="Atol">Absolute tolerance.</param>
/// <param name="Rtol">Relative tolerance.</param>
public sealed record GradientTolerance(double Eps, double Atol, double Rtol)
{
    /// <summary>Defaults for a dtype: f64 eps 1e-5, tolerances 1e-6; f32 eps 1e-3, tolerances 5e-2.</summary>
    public static GradientTolerance For(DType dtype) => dtype == DType.Float32
        ? new GradientTolerance(1e-3, 5e-2, 5e-2)
        : new GradientTolerance(1e-5, 1e-6, 1e-6);
}

/// <summary>A gradient check failed: the message gives the mode, the order, the inputs and the two sides.</summary>
public sealed class GradientCheckException : Exception
{
    /// <summary>Creates the exception.</summary>
    public GradientCheckException(string message) : base(message) { }
}
