using System;
using Functional.AD.LanguageExt.Nodes;
using LanguageExt;

namespace Functional.AD.LanguageExt;

/// <summary>
/// Makes LanguageExt's immutable types pytrees, so they can hold the parameters, gradients, batches and results of
/// <see cref="Jax"/>'s transforms and of <see cref="Tree"/>'s functions:
/// <list type="bullet">
/// <item><c>Arr&lt;T&gt;</c>, <c>Lst&lt;T&gt;</c> and <c>Seq&lt;T&gt;</c>: their items, in order (printed <c>Lst[*, *]</c>);</item>
/// <item><c>Map&lt;K, V&gt;</c>: its values in the map's key order, and <c>HashMap&lt;K, V&gt;</c>: its values in key order
/// (ordinal for strings, <see cref="System.Collections.Generic.Comparer{T}.Default"/> otherwise, so keys must be comparable).
/// The keys are part of the structure (two maps with different keys do not match) and name the children in paths and
/// printed structures (<c>{'b': *, 'w': *}</c>);</item>
/// <item><c>Option&lt;T&gt;</c>: <c>Some</c> has one child, its value, and <c>None</c> none (printed <c>Some[*]</c> and
/// <c>None[]</c>); <c>Some</c> and <c>None</c> are different structures;</item>
/// <item>classes deriving <c>Record&lt;T&gt;</c>: the public fields or properties that its public constructor takes,
/// matched to the constructor's parameters by name (ignoring case) and type, in parameter order (printed
/// <c>Layer(W=*, B=*)</c>). The usual form, public readonly fields assigned by a constructor, and get-only
/// properties both work. When several public constructors qualify, the one with the most parameters is used.</item>
/// </list>
/// Items, values and members are pytrees themselves (an <see cref="NDArray"/>, a tuple, another LanguageExt collection...).
/// Accessors are made once per type; flattening a value neither reflects nor looks anything up.
/// </summary>
/// <remarks>
/// Registration is process-wide and happens once: on the first call of <see cref="Register"/> or of any member of this
/// package (<see cref="Safe"/> registers too), or else when the core first meets a LanguageExt value that no registered
/// family handles (it then calls <see cref="Register"/> by name, when the application references this package). Calling
/// <see cref="Register"/> at start-up is therefore optional; it makes the dependency explicit.
/// </remarks>
public static class LanguageExtTrees
{
    private static readonly Func<Type, TreeNodeType?> Resolver = Resolve;

    static LanguageExtTrees() => Tree.RegisterFamily(Resolver);

    /// <summary>
    /// Makes LanguageExt's <c>Arr</c>, <c>Lst</c>, <c>Seq</c>, <c>Map</c>, <c>HashMap</c>, <c>Option</c> and
    /// <c>Record&lt;T&gt;</c> types pytrees, process-wide. Idempotent and thread-safe: only the first call does anything.
    /// </summary>
    public static void Register()
    {
        // The work is the static constructor's, which the runtime runs exactly once, before this body.
    }

    /// <summary>The node type of <paramref name="type"/> when it is one of LanguageExt's supported types; else null.</summary>
    private static TreeNodeType? Resolve(Type type)
    {
        if (type.IsGenericType && !type.ContainsGenericParameters)
        {
            var definition = type.GetGenericTypeDefinition();
            var node = definition == typeof(Arr<>) ? typeof(ArrNode<>)
                : definition == typeof(Lst<>) ? typeof(LstNode<>)
                : definition == typeof(Seq<>) ? typeof(SeqNode<>)
                : definition == typeof(Option<>) ? typeof(OptionNode<>)
                : definition == typeof(Map<,>) ? typeof(MapNode<,>)
                : definition == typeof(HashMap<,>) ? typeof(HashMapNode<,>)
                : null;
            if (node is not null)
                return (TreeNodeType)Activator.CreateInstance(node.MakeGenericType(type.GetGenericArguments()))!;
        }
        return RecordNode.IsRecord(type) ? RecordNode.Create(type) : null;
    }
}
