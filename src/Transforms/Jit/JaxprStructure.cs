using System;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;

namespace Functional.AD;

/// <summary>
/// A jaxpr compared by what it computes, not by identity: two traces of the same code at the same input types give
/// equal structures, so the program compiled for the first serves the second. Equal means the same variable count,
/// input and output variables (by index and type), and the same equations in the same order: the same primitive, equal
/// parameters (the equality common-subexpression elimination relies on), operands that are the same variables or
/// literals of the same type and bits, results with the same indices and types. The jaxpr must have no constants of
/// its own (closed-over values are leading inputs, see <see cref="ClosedJaxpr.WithConstantsAsInputs"/>), so what
/// they hold does not matter, only their types.
/// </summary>
internal readonly struct JaxprStructure : IEquatable<JaxprStructure>
{
    private readonly Jaxpr _jaxpr;
    private readonly int _hash;

    /// <summary>The structure of <paramref name="jaxpr"/>, which has no constants of its own.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal JaxprStructure(Jaxpr jaxpr)
    {
        if (jaxpr.ConstVarList.Length != 0)
            throw new ArgumentException("a jaxpr compared by structure must take its constants as inputs", nameof(jaxpr));
        _jaxpr = jaxpr;
        var h = new HashCode();
        h.Add(jaxpr.VarCount);
        AddVars(ref h, jaxpr.InVarList);
        foreach (var e in jaxpr.EquationList)
        {
            h.Add(RuntimeHelpers.GetHashCode(e.Primitive));
            h.Add(e.Params);
            foreach (var a in e.Inputs) AddAtom(ref h, a);
            AddVars(ref h, e.Outputs);
        }
        foreach (var a in jaxpr.OutVarList) AddAtom(ref h, a);
        _hash = h.ToHashCode();
    }

    /// <summary>Whether both jaxprs compute the same thing in the same way (see the type's summary).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Equals(JaxprStructure other)
    {
        var (a, b) = (_jaxpr, other._jaxpr);
        if (ReferenceEquals(a, b)) return true;
        if (a is null || b is null || _hash != other._hash || a.VarCount != b.VarCount
            || a.EquationList.Length != b.EquationList.Length || !SameVars(a.InVarList, b.InVarList)
            || !SameAtoms(a.OutVarList, b.OutVarList))
            return false;
        for (int i = 0; i < a.EquationList.Length; i++)
        {
            var (x, y) = (a.EquationList[i], b.EquationList[i]);
            if (!ReferenceEquals(x.Primitive, y.Primitive) || !SameAtoms(x.Inputs, y.Inputs) || !SameVars(x.Outputs, y.Outputs)
                || !(ReferenceEquals(x.Params, y.Params) || x.Params.Equals(y.Params)))
                return false;
        }
        return true;
    }

    public override bool Equals(object? obj) => obj is JaxprStructure s && Equals(s);

    public override int GetHashCode() => _hash;

    private static void AddVars(ref HashCode h, ImmutableArray<Var> vars)
    {
        foreach (var v in vars)
        {
            h.Add(v.Index);
            h.Add(v.Type);
        }
    }

    private static void AddAtom(ref HashCode h, Atom a)
    {
        if (a is Var v) h.Add(v.Index);
        else h.Add(LiteralBits((Literal)a));
        h.Add(a.Type);
    }

    private static bool SameVars(ImmutableArray<Var> a, ImmutableArray<Var> b)
    {
        if (a.Length != b.Length) return false;
        for (int i = 0; i < a.Length; i++)
            if (a[i].Index != b[i].Index || a[i].Type != b[i].Type) return false;
        return true;
    }

    private static bool SameAtoms(ImmutableArray<Atom> a, ImmutableArray<Atom> b)
    {
        if (a.Length != b.Length) return false;
        for (int i = 0; i < a.Length; i++)
        {
            var (x, y) = (a[i], b[i]);
            if (x.Type != y.Type) return false;
            bool same = (x, y) switch
            {
                (Var u, Var w) => u.Index == w.Index,
                (Literal u, Literal w) => LiteralBits(u) == LiteralBits(w),
                _ => false,
            };
            if (!same) return false;
        }
        return true;
    }

    /// <summary>The literal's value as the bits of a double (exact for every dtype: f32, f64, i32 and bool widen losslessly).</summary>
    private static long LiteralBits(Literal l) => BitConverter.DoubleToInt64Bits(((ConcreteArray)l.Value).GetDouble(0));
}
