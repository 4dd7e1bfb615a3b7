using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using static Functional.AD.PrettyDoc;

namespace Functional.AD;

/// <summary>Prints jaxprs in JAX's text format (same layout rules, names a, b, ..., z, ba, ...; 80 columns).</summary>
internal static class JaxprPrinter
{
    /// <summary>
    /// Names variables in the order they are first printed. As JAX's <c>JaxprPpContext</c>, one naming runs through
    /// the nested jaxprs too, so a nested jaxpr's variables take fresh names after the enclosing ones (only
    /// <c>jit</c> lends its operands' and results' names to its jaxpr).
    /// </summary>
    private sealed class Names
    {
        private readonly Dictionary<Var, string> _names = new(ReferenceEqualityComparer.Instance);

        /// <summary>
        /// Names each of <paramref name="forVars"/> as the atom at the same position of <paramref name="likeVars"/>
        /// (JAX's <c>suggest_same_var_names</c>): only where that atom is a variable not already lent to an earlier
        /// position and the variable has no name yet, so that no two inputs of one jaxpr print alike. Lists of
        /// different lengths suggest nothing.
        /// </summary>
        public void SuggestSameNames(IReadOnlyList<Atom> forVars, IReadOnlyList<Atom> likeVars)
        {
            if (forVars.Count != likeVars.Count) return;
            var used = new HashSet<Var>(ReferenceEqualityComparer.Instance);
            for (int i = 0; i < forVars.Count; i++)
                if (likeVars[i] is Var like && !used.Contains(like) && forVars[i] is Var v && !_names.ContainsKey(v))
                {
                    used.Add(like);
                    _names.Add(v, Of(like));
                }
        }

        private int _fresh;

        public string Of(Var v)
        {
            if (!_names.TryGetValue(v, out var name))
            {
                name = Encode(_fresh++);
                _names.Add(v, name);
            }
            return name;
        }

        private static string Encode(int n)
        {
            var s = "";
            do
            {
                s = (char)('a' + n % 26) + s;
                n /= 26;
            } while (n > 0);
            return s;
        }
    }

    /// <summary>The jaxpr's text.</summary>
    internal static string Print(Jaxpr jaxpr) => JaxprDoc(jaxpr, new Names()).Format();

    /// <summary>A literal as JAX prints it: Python's str of the value, a colon, the typed shape.</summary>
    internal static string FormatLiteral(Literal lit)
    {
        var value = (ConcreteArray)lit.Value;
        string text = value.Size == 1 && value.Rank == 0 ? PythonRepr.Item(value, 0) : "[...]";
        return text + ":" + lit.Type;
    }

    private static PrettyDoc VarDoc(Atom a, Names names) =>
        a is Var v ? Txt(names.Of(v)) : Txt(FormatLiteral((Literal)a));

    private static PrettyDoc Vars(IReadOnlyList<Atom> vs, Names names, string separator = "", bool printShapes = false)
    {
        var docs = new List<PrettyDoc>(vs.Count);
        foreach (var v in vs)
        {
            var d = VarDoc(v, names);
            if (printShapes) d += Txt(":" + v.Type);
            docs.Add(d);
        }
        return Nst(2, Grp(Join(Txt(separator) + Grp(Brk()), docs)));
    }

    private static PrettyDoc JaxprDoc(Jaxpr jaxpr, Names names)
    {
        var constVars = Vars(jaxpr.ConstVarList.Cast<Atom>().ToList(), names, printShapes: true);
        var inVars = Vars(jaxpr.InVarList.Cast<Atom>().ToList(), names, printShapes: true);
        var eqns = Join(Brk("; "), jaxpr.EquationList.Select(e => EquationDoc(e, names)).ToList());
        var outs = jaxpr.OutVarList;
        var outVars = Cat(Txt("("), Vars(outs, names, separator: ","), Txt(outs.Length != 1 ? ")" : ",)"));
        return Grp(Nst(2, Cat(
            Txt("{ "), Txt("lambda "), constVars, Txt("; "), inVars, Txt(". "), Txt("let"),
            Nst(2, Brk() + eqns), Brk(), Txt("in "), outVars))) + Txt(" }");
    }

    private static PrettyDoc EquationDoc(Equation e, Names names)
    {
        if (e.Params.SharesVariableNamesWith is { } inner)
        {
            names.SuggestSameNames(inner.InVarList.Cast<Atom>().ToList(), e.Inputs);
            names.SuggestSameNames(inner.OutVarList, e.Outputs.Cast<Atom>().ToList());
        }
        var lhs = Vars(e.Outputs.Cast<Atom>().ToList(), names, printShapes: true);
        var entries = e.Params.KeepEntryOrder
            ? e.Params.Entries().ToList()
            : e.Params.Entries().OrderBy(kv => kv.Name, StringComparer.Ordinal).ToList();
        PrettyDoc kvs = Nil;
        if (entries.Count > 0)
        {
            var pairs = entries.Select(kv => Txt(kv.Name + "=") + ValueDoc(kv.Value, names)).ToList();
            kvs = Grp(Cat(Nst(2, Cat(Txt("["), Brk(""), Join(Brk(), pairs))), Brk(""), Txt("]")));
        }
        var rhs = Cat(Txt(e.Primitive.Name), kvs, Txt(" ") + Vars(e.Inputs, names));
        return e.Outputs.Length > 0 ? Cat(lhs, Txt(" = "), rhs) : rhs;
    }

    private static PrettyDoc ValueDoc(object? value, Names names) => value switch
    {
        Jaxpr j => JaxprDoc(j, names),
        ClosedJaxpr cj => JaxprDoc(cj.Jaxpr, names),
        IReadOnlyList<ClosedJaxpr> js => Grp(Cat(Nst(2, Cat(Txt("("), Brk(""), Join(Brk(), js.Select(j => JaxprDoc(j.Jaxpr, names)).ToList()))), Brk(""), Txt(")"))),
        _ => Txt(FormatValue(value)),
    };

    /// <summary>A parameter value as Python's str would show it.</summary>
    internal static string FormatValue(object? value) => value switch
    {
        null => "None",
        bool b => b ? "True" : "False",
        int i => i.ToString(CultureInfo.InvariantCulture),
        double d => PythonRepr.Float(d),
        float f => PythonRepr.Float(f),
        DType t => t.NumpyName(),
        Shape s => s.ToTupleString(),
        IntTuple t => t.ToString(),
        string s => s,
        _ => value.ToString() ?? "",
    };
}
