using System;
using System.Collections.Generic;

namespace Functional.AD;

/// <summary>
/// How the values of one runtime type are pytree nodes, written by code outside the library (the F# and
/// LanguageExt packages, or an application) and handed to <see cref="Tree.RegisterFamily"/> by a resolver
/// that is asked once per runtime type. The JAX counterpart is <c>register_pytree_node</c>: a node
/// flattens to its children and some auxiliary data, and is rebuilt from both.
/// </summary>
/// <remarks>
/// The auxiliary data is part of the tree's structure: two nodes have the same structure when their
/// types, their children's structures and their auxiliary data are equal (<see cref="object.Equals(object)"/>,
/// or element by element for arrays and other <see cref="System.Collections.IStructuralEquatable"/> values).
/// Use it for what tells two nodes of one type apart apart from their children: a union's case, a map's keys.
/// Flattening runs on every transform call, so an implementation should not reflect per call; build
/// accessors once, when the resolver makes the node type.
/// </remarks>
public abstract class TreeNodeType
{
    /// <summary>Makes the node type of values whose runtime type is exactly <paramref name="type"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="type"/> is null.</exception>
    protected TreeNodeType(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        Type = type;
    }

    /// <summary>The runtime type whose values this node type flattens and builds.</summary>
    public Type Type { get; }

    /// <summary>
    /// Appends the children of <paramref name="node"/> (a value of <see cref="Type"/>) to <paramref name="children"/>,
    /// in order, and returns its auxiliary data (null when there is none). Each child is itself a pytree.
    /// </summary>
    public abstract object? Flatten(object node, List<object?> children);

    /// <summary>Builds a value of <see cref="Type"/> from auxiliary data returned by <see cref="Flatten"/> and rebuilt children in the same order.</summary>
    public abstract object Unflatten(object? aux, ReadOnlySpan<object?> children);

    /// <summary>
    /// True when a null child of such a node is an empty subtree (no leaves), rebuilt as null: F#'s
    /// <c>None</c> and <c>()</c> are null at run time. False (the default) makes a null child an error,
    /// as everywhere else in a pytree.
    /// </summary>
    public virtual bool NullChildIsEmpty => false;

    /// <summary>The name of child <paramref name="index"/>, for paths in messages and for printing; null (the default) for a positional child (<c>[i]</c>).</summary>
    public virtual string? ChildName(object? aux, int index) => null;

    /// <summary>True when the <see cref="ChildName"/>s are keys (printed <c>{'k': *}</c>, path <c>['k']</c>) rather than members (<c>Name(k=*)</c>, path <c>.k</c>).</summary>
    public virtual bool ChildNamesAreKeys => false;

    /// <summary>The name of a node with auxiliary data <paramref name="aux"/> in printed structures and messages; the type's C# name by default.</summary>
    public virtual string DisplayName(object? aux) => TreeTypeNames.Of(Type);
}
