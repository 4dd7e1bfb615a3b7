using System;

namespace Functional.AD;

/// <summary>Primitives exposed directly, and structured control flow (staged as the higher-order primitives cond, while and scan).</summary>
public static class Lax
{
    /// <summary>The identity, with a zero derivative: nothing flows back through it.</summary>
    public static NDArray StopGradient(NDArray x) => Ops.StopGradient(x);

    /// <summary>Calls <paramref name="onTrue"/> or <paramref name="onFalse"/> on <paramref name="operand"/> by the predicate (bool, or an integer: non-zero is true).</summary>
    public static TOut Cond<TIn, TOut>(NDArray predicate, Func<TIn, TOut> onTrue, Func<TIn, TOut> onFalse, TIn operand) =>
        throw NotYet.Feature("Lax.Cond", "structured control flow");

    /// <summary>Repeats <paramref name="body"/> while <paramref name="condition"/> holds, starting from <paramref name="init"/>.</summary>
    public static T WhileLoop<T>(Func<T, NDArray> condition, Func<T, T> body, T init) =>
        throw NotYet.Feature("Lax.WhileLoop", "structured control flow");

    /// <summary>Applies <paramref name="body"/>(i, carry) for i from <paramref name="lower"/> to <paramref name="upper"/> - 1.</summary>
    public static T ForiLoop<T>(int lower, int upper, Func<NDArray, T, T> body, T init) =>
        throw NotYet.Feature("Lax.ForiLoop", "structured control flow");

    /// <summary>Scans <paramref name="f"/> over the leading axis of <paramref name="xs"/>, threading a carry and stacking the outputs.</summary>
    public static (TCarry Carry, TY Ys) Scan<TCarry, TX, TY>(Func<TCarry, TX, (TCarry, TY)> f, TCarry init, TX xs) =>
        throw NotYet.Feature("Lax.Scan", "structured control flow");
}

/// <summary>The errors of features whose issue has not landed yet.</summary>
internal static class NotYet
{
    internal static NotSupportedException Feature(string member, string feature) =>
        new($"{member} is not available yet: {feature} is not implemented in this version of Functional.AD.");
}
