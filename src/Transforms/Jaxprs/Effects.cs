using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace Functional.AD;

/// <summary>
/// Which equations have side effects (JAX's effects, reduced to one bit): an equation of a primitive that
/// <see cref="Primitive.HasSideEffects"/>, or of a higher-order primitive carrying a jaxpr that holds one. Dead-code
/// elimination keeps such equations, common-subexpression elimination never merges them and constant folding never
/// runs them at compile time.
/// </summary>
internal static class Effects
{
    private static readonly ConditionalWeakTable<Jaxpr, object> Memo = new();
    private static readonly object Yes = true, No = false;

    /// <summary>True when running <paramref name="e"/> does something beyond computing its outputs.</summary>
    internal static bool Of(Equation e) => e.Primitive.HasSideEffects || Carried(e.Params);

    /// <summary>True when some equation of <paramref name="j"/> (or of a jaxpr it carries) has side effects.</summary>
    internal static bool Of(Jaxpr j)
    {
        if (Memo.TryGetValue(j, out var known)) return (bool)known;
        bool any = false;
        foreach (var e in j.EquationList)
            if (Of(e))
            {
                any = true;
                break;
            }
        Memo.AddOrUpdate(j, any ? Yes : No);
        return any;
    }

    /// <summary>True when a parameter carries a jaxpr with side effects (walked through the printed entries, which name every carried jaxpr).</summary>
    private static bool Carried(PrimitiveParams p)
    {
        foreach (var (_, value) in p.Entries())
            if (Holds(value)) return true;
        return false;
    }

    private static bool Holds(object? value) => value switch
    {
        ClosedJaxpr c => Of(c.Jaxpr),
        Jaxpr j => Of(j),
        IEnumerable<ClosedJaxpr> cs => Any(cs),
        _ => false,
    };

    private static bool Any(IEnumerable<ClosedJaxpr> jaxprs)
    {
        foreach (var c in jaxprs) if (Of(c.Jaxpr)) return true;
        return false;
    }
}
