using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace Functional.AD;

public static partial class Jax
{
    /// <summary>
    /// Prints the concrete values of <paramref name="values"/> when the program runs, also inside transformed code
    /// (JAX's <c>jax.debug.print</c>): under <see cref="Jit(Func{NDArray, NDArray})"/> each time the compiled function
    /// runs (not when it is traced), under <c>Vmap</c> once per example in order, under <c>Grad</c> and <c>Jvp</c> on the
    /// primal values of the forward pass. <paramref name="format"/> takes .NET placeholders (<c>{0}</c>, <c>{1:F3}</c>)
    /// or Python's empty ones (<c>{}</c>, numbered in order); arrays print as <c>ToString()</c> does (numpy's format).
    /// A value may be an array, a pytree of arrays (printed rebuilt with its concrete leaves), or anything else (a
    /// string, a number), which is printed as it is. Writes a line to <see cref="DebugOutput"/>.
    /// </summary>
    /// <param name="format">The format, e.g. <c>"x = {}, loss = {}"</c>.</param>
    /// <param name="values">The values for the placeholders.</param>
    /// <exception cref="FormatException"><paramref name="format"/> is not a valid format for this many values.</exception>
    public static void DebugPrint(string format, params object?[] values)
    {
        Guard.NotNull(format, "Jax.DebugPrint");
        Guard.NotNull(values, "Jax.DebugPrint");
        string dotnetFormat = DebugFormat.Numbered(format);
        DebugFormat.Validate("Jax.DebugPrint", format, dotnetFormat, values.Length);
        var leaves = new List<NDArray>();
        var slots = new DebugFormat.Slot[values.Length];
        for (int i = 0; i < values.Length; i++) slots[i] = DebugFormat.Slot.Of(values[i], leaves);
        DebugCallbackPrimitive.Instance.Bind(leaves.ToArray(), new DebugCallbackParams(arrays =>
        {
            var shown = new object?[slots.Length];
            for (int i = 0; i < slots.Length; i++) shown[i] = slots[i].Rebuild(arrays);
            (DebugOutput ?? Console.Out).WriteLine(string.Format(CultureInfo.InvariantCulture, dotnetFormat, shown));
        }, $"print({format})"));
    }

    /// <summary>
    /// Calls <paramref name="callback"/> with the concrete value of <paramref name="value"/> (an array or a pytree of
    /// arrays) when the program runs, also inside transformed code (JAX's <c>jax.debug.callback</c>): under <c>Jit</c>
    /// each time the compiled function runs, under <c>Vmap</c> once per example in order (with that example's slices),
    /// under <c>Grad</c> and <c>Jvp</c> with the primal values. The callback returns nothing to the computation; it may
    /// keep what it is given (the arrays are its own). An exception it throws propagates out of the call that runs it.
    /// </summary>
    /// <typeparam name="T">The pytree type of the value.</typeparam>
    /// <param name="callback">The action to run on the concrete value.</param>
    /// <param name="value">The value (traced or concrete).</param>
    public static void DebugCallback<T>(Action<T> callback, T value)
    {
        Guard.NotNull(callback, "Jax.DebugCallback");
        var (leaves, def) = Tree.FlattenArgs(value, "Jax.DebugCallback", allowNumberLeaves: true);
        DebugCallbackPrimitive.Instance.Bind(leaves, new DebugCallbackParams(
            arrays => callback(def.Build<T>(arrays, "Jax.DebugCallback")), NameOf(callback)));
    }

    /// <summary>Where <see cref="DebugPrint"/> writes its lines; standard output when null (the default).</summary>
    public static TextWriter? DebugOutput { get; set; }

    /// <summary>
    /// When true, every primitive that runs eagerly has its floating-point results checked, and the first one
    /// producing a NaN throws a <see cref="NonFiniteValueException"/> naming it (JAX's <c>jax_debug_nans</c>). A jitted
    /// function is checked on its outputs; when one holds a NaN, its jaxpr is re-run one primitive at a time and the
    /// exception names the equation that made it. Slows every operation down (each result is scanned): for finding
    /// a NaN, not for production. Process-wide; defaults to the environment variable <c>FUNCTIONAL_AD_DEBUG_NANS</c>
    /// (<c>1</c> or <c>true</c>).
    /// </summary>
    public static bool DebugNans
    {
        get => NumericChecks.Nans;
        set => NumericChecks.Nans = value;
    }

    /// <summary>
    /// As <see cref="DebugNans"/>, for infinities (JAX's <c>jax_debug_infs</c>); defaults to the environment variable
    /// <c>FUNCTIONAL_AD_DEBUG_INFS</c>.
    /// </summary>
    public static bool DebugInfs
    {
        get => NumericChecks.Infs;
        set => NumericChecks.Infs = value;
    }
}
