using System;

namespace Functional.AD;

/// <summary>
/// The NaN and infinity checks of <c>Jax.DebugNans</c> and <c>Jax.DebugInfs</c> (JAX's <c>jax_debug_nans</c> and
/// <c>jax_debug_infs</c>): when on, every primitive evaluated eagerly has its floating-point results scanned, and the
/// first one holding a NaN (or an infinity) stops the program with a <see cref="NonFiniteValueException"/>. A jitted
/// function is checked on its outputs, then re-run one primitive at a time to find the equation
/// (<see cref="Primitive.LocateNonFinite"/>). Off by default; the environment variables <c>FUNCTIONAL_AD_DEBUG_NANS</c>
/// and <c>FUNCTIONAL_AD_DEBUG_INFS</c> (<c>1</c> or <c>true</c>) turn them on at startup.
/// </summary>
internal static class NumericChecks
{
    private static volatile bool _nans = IsSet("FUNCTIONAL_AD_DEBUG_NANS");
    private static volatile bool _infs = IsSet("FUNCTIONAL_AD_DEBUG_INFS");

    /// <summary>Whether NaN results stop the program.</summary>
    internal static bool Nans
    {
        get => _nans;
        set => _nans = value;
    }

    /// <summary>Whether infinite results stop the program.</summary>
    internal static bool Infs
    {
        get => _infs;
        set => _infs = value;
    }

    [ThreadStatic] private static int t_suspended;

    /// <summary>
    /// Whether the checks are suspended on this thread: a higher-order primitive's kernel (<c>scan</c>) suspends them
    /// while it slices and stacks its operands, so that a NaN its body made is reported once, for the primitive itself
    /// and located inside its body (<see cref="Primitive.LocateNonFinite"/>), not for the stacking that carried it.
    /// </summary>
    internal static bool Suspended => t_suspended > 0;

    /// <summary>Suspends the checks on this thread until the returned scope is disposed (scopes nest).</summary>
    internal static SuspendScope Suspend()
    {
        t_suspended++;
        return default;
    }

    /// <summary>Ends a <see cref="Suspend"/>.</summary>
    internal readonly struct SuspendScope : IDisposable
    {
        /// <summary>Lifts this suspension.</summary>
        public void Dispose() => t_suspended--;
    }

    private static bool IsSet(string variable) => Environment.GetEnvironmentVariable(variable) is "1" or "true" or "True" or "TRUE";

    /// <summary>
    /// Throws when a result of <paramref name="primitive"/> holds a value the checks look for: the located report of
    /// <see cref="Primitive.LocateNonFinite"/> when it has one, else one naming the primitive and its operands' types.
    /// </summary>
    internal static void Check(Primitive primitive, NDArray[] args, PrimitiveParams parameters, NDArray[] outputs)
    {
        bool nans = _nans, infs = _infs;
        for (int i = 0; i < outputs.Length; i++)
        {
            if (outputs[i] is not ConcreteArray c) continue;
            string? found = Find(c, nans, infs);
            if (found is null) continue;
            var located = primitive.LocateNonFinite(args, parameters);
            if (located is not null) throw located;
            throw new NonFiniteValueException(
                $"{primitive.Name}: {found} in its result {c.Type} (operands {Types(args)}); " +
                "Jax.DebugNans / Jax.DebugInfs stop at the first primitive producing one.", primitive.Name);
        }
    }

    /// <summary>"invalid value (nan) encountered" or "divide by zero or overflow (inf) encountered" when the array holds one the checks look for, else null.</summary>
    internal static string? Find(ConcreteArray c, bool nans, bool infs)
    {
        switch (c.DType)
        {
            case DType.Float64:
                foreach (var v in c.Span<double>())
                {
                    if (nans && double.IsNaN(v)) return "invalid value (nan) encountered";
                    if (infs && double.IsInfinity(v)) return "overflow or division by zero (inf) encountered";
                }
                break;
            case DType.Float32:
                foreach (var v in c.Span<float>())
                {
                    if (nans && float.IsNaN(v)) return "invalid value (nan) encountered";
                    if (infs && float.IsInfinity(v)) return "overflow or division by zero (inf) encountered";
                }
                break;
            case DType.Float16:
                foreach (var v in c.Span<Half>())
                {
                    if (nans && Half.IsNaN(v)) return "invalid value (nan) encountered";
                    if (infs && Half.IsInfinity(v)) return "overflow or division by zero (inf) encountered";
                }
                break;
            case DType.BFloat16:
                foreach (var v in c.Span<BFloat16>())
                {
                    float f = (float)v;
                    if (nans && float.IsNaN(f)) return "invalid value (nan) encountered";
                    if (infs && float.IsInfinity(f)) return "overflow or division by zero (inf) encountered";
                }
                break;
        }
        GC.KeepAlive(c);
        return null;
    }

    /// <summary>The typed shapes of <paramref name="args"/>, e.g. <c>(f32[3], f32[])</c>.</summary>
    internal static string Types(NDArray[] args)
    {
        var parts = new string[args.Length];
        for (int i = 0; i < args.Length; i++) parts[i] = args[i].Type.ToString();
        return "(" + string.Join(", ", parts) + ")";
    }
}
