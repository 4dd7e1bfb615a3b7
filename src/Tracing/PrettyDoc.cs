using System.Collections.Generic;
using System.Text;

namespace Functional.AD;

/// <summary>
/// A small Wadler-style pretty-printing document (text, concatenation, breaks, groups, nesting),
/// formatted the way JAX formats jaxprs: a group prints flat when its own content fits in the
/// remaining width, otherwise its breaks become newlines.
/// </summary>
internal abstract class PrettyDoc
{
    private sealed class Text : PrettyDoc { public readonly string S; public Text(string s) => S = s; }
    private sealed class Concat : PrettyDoc { public readonly PrettyDoc[] Children; public Concat(PrettyDoc[] c) => Children = c; }
    private sealed class Break : PrettyDoc { public readonly string S; public Break(string s) => S = s; }
    private sealed class Group : PrettyDoc { public readonly PrettyDoc Child; public Group(PrettyDoc c) => Child = c; }
    private sealed class Nest : PrettyDoc { public readonly int N; public readonly PrettyDoc Child; public Nest(int n, PrettyDoc c) { N = n; Child = c; } }

    /// <summary>The empty document.</summary>
    internal static readonly PrettyDoc Nil = new Concat(System.Array.Empty<PrettyDoc>());

    /// <summary>Literal text.</summary>
    internal static PrettyDoc Txt(string s) => new Text(s);

    /// <summary>A break: <paramref name="flat"/> when its group is flat, a newline otherwise.</summary>
    internal static PrettyDoc Brk(string flat = " ") => new Break(flat);

    /// <summary>A group whose breaks are all flat or all newlines.</summary>
    internal static PrettyDoc Grp(PrettyDoc child) => new Group(child);

    /// <summary>Indents lines started inside <paramref name="child"/> by <paramref name="n"/> more columns.</summary>
    internal static PrettyDoc Nst(int n, PrettyDoc child) => new Nest(n, child);

    /// <summary>Concatenation.</summary>
    internal static PrettyDoc Cat(params PrettyDoc[] children) => new Concat(children);

    /// <summary>Concatenation.</summary>
    public static PrettyDoc operator +(PrettyDoc a, PrettyDoc b) => new Concat(new[] { a, b });

    /// <summary>The documents separated by <paramref name="separator"/>.</summary>
    internal static PrettyDoc Join(PrettyDoc separator, IReadOnlyList<PrettyDoc> docs)
    {
        if (docs.Count == 0) return Nil;
        if (docs.Count == 1) return docs[0];
        var xs = new List<PrettyDoc>(docs.Count * 2 - 1) { docs[0] };
        for (int i = 1; i < docs.Count; i++)
        {
            xs.Add(separator);
            xs.Add(docs[i]);
        }
        return new Concat(xs.ToArray());
    }

    private static bool Fits(PrettyDoc doc, int width)
    {
        var agenda = new Stack<PrettyDoc>();
        agenda.Push(doc);
        while (width >= 0 && agenda.Count > 0)
        {
            switch (agenda.Pop())
            {
                case Text t: width -= t.S.Length; break;
                case Break b: width -= b.S.Length; break;
                case Concat c: for (int i = c.Children.Length - 1; i >= 0; i--) agenda.Push(c.Children[i]); break;
                case Group g: agenda.Push(g.Child); break;
                case Nest n: agenda.Push(n.Child); break;
            }
        }
        return width >= 0;
    }

    /// <summary>Formats the document in <paramref name="width"/> columns (JAX uses 80).</summary>
    internal string Format(int width = 80)
    {
        var sb = new StringBuilder();
        var agenda = new Stack<(int Indent, bool Flat, PrettyDoc Doc)>();
        agenda.Push((0, false, this));
        int k = 0;
        while (agenda.Count > 0)
        {
            var (indent, flat, doc) = agenda.Pop();
            switch (doc)
            {
                case Text t:
                    sb.Append(t.S);
                    k += t.S.Length;
                    break;
                case Break b:
                    if (flat)
                    {
                        sb.Append(b.S);
                        k += b.S.Length;
                    }
                    else
                    {
                        sb.Append('\n').Append(' ', indent);
                        k = indent;
                    }
                    break;
                case Concat c:
                    for (int i = c.Children.Length - 1; i >= 0; i--) agenda.Push((indent, flat, c.Children[i]));
                    break;
                case Group g:
                    agenda.Push((indent, Fits(g.Child, width - k), g.Child));
                    break;
                case Nest n:
                    agenda.Push((indent + n.N, flat, n.Child));
                    break;
            }
        }
        return sb.ToString();
    }
}
