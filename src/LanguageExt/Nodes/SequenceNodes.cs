using System;
using System.Collections.Generic;
using LanguageExt;

namespace Functional.AD.LanguageExt.Nodes;

/// <summary>
/// A LanguageExt sequence <typeparamref name="C"/> of <typeparamref name="T"/>: its items are its children, in order,
/// and it has no auxiliary data.
/// </summary>
internal abstract class SequenceNode<C, T>(string name, Func<T[], C> make) : TreeNodeType(typeof(C))
    where C : IEnumerable<T>
{
    public override object? Flatten(object node, List<object?> children)
    {
        foreach (var item in (C)node) children.Add(item);
        return null;
    }

    public override object Unflatten(object? aux, ReadOnlySpan<object?> children)
    {
        var items = new T[children.Length];
        for (int i = 0; i < items.Length; i++) items[i] = (T)children[i]!;
        return make(items)!;
    }

    public override string DisplayName(object? aux) => name;
}

/// <summary><c>Arr&lt;T&gt;</c>: its items.</summary>
internal sealed class ArrNode<T>() : SequenceNode<Arr<T>, T>("Arr", Arr.create);

/// <summary><c>Lst&lt;T&gt;</c>: its items.</summary>
internal sealed class LstNode<T>() : SequenceNode<Lst<T>, T>("Lst", items => new Lst<T>(items));

/// <summary><c>Seq&lt;T&gt;</c>: its items (a lazy sequence is evaluated).</summary>
internal sealed class SeqNode<T>() : SequenceNode<Seq<T>, T>("Seq", Seq.create);

/// <summary><c>Option&lt;T&gt;</c>: <c>Some</c> has its value as its one child, <c>None</c> no child; the aux data tells them apart.</summary>
internal sealed class OptionNode<T> : TreeNodeType
{
    private const string Some = "Some";
    private const string None = "None";

    public OptionNode() : base(typeof(Option<T>)) { }

    public override object? Flatten(object node, List<object?> children)
    {
        var option = (Option<T>)node;
        if (option.IsNone) return None;
        children.Add(option.Case);
        return Some;
    }

    public override object Unflatten(object? aux, ReadOnlySpan<object?> children) =>
        (string?)aux == Some ? Option<T>.Some((T)children[0]!) : Option<T>.None;

    public override string DisplayName(object? aux) => (string?)aux ?? None;
}
