using System;
using System.Runtime.CompilerServices;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;

namespace Functional.AD;

/// <summary>
/// Pytrees: nested containers with <see cref="NDArray"/> leaves, which transforms accept and return.
/// A pytree is an <see cref="NDArray"/> (a leaf); a <c>double</c>, <c>float</c> or <c>int</c> (a leaf that
/// flattens to a weakly-typed 0-d array); a <c>ValueTuple</c>, <c>T[]</c>, <c>List&lt;T&gt;</c>,
/// <c>ImmutableArray&lt;T&gt;</c>, <c>ImmutableList&lt;T&gt;</c>, <c>Dictionary&lt;string, T&gt;</c> or
/// <c>ImmutableDictionary&lt;string, T&gt;</c> of pytrees (dictionary entries in ordinal key order); a record
/// or class whose public constructor's parameters match its public properties by name and type (C#
/// positional records, F# records), its children being those properties in parameter order; or a type
/// registered with <see cref="Register{T}"/> or belonging to a family registered with <see cref="RegisterFamily"/>
/// (the F# and LanguageExt packages register theirs). Leaves are listed depth-first. <c>null</c> is not a pytree.
/// </summary>
public static partial class Tree
{
    private static readonly ConcurrentDictionary<Type, TreeNodeHandler> Handlers = new();
    private static readonly ConcurrentDictionary<Type, TreeNodeHandler> Registrations = new();
    private static readonly object FamiliesLock = new();
    private static Func<Type, TreeNodeType?>[] families = System.Array.Empty<Func<Type, TreeNodeType?>>();

    /// <summary>The leaves of <paramref name="tree"/>, depth-first (numbers as weakly-typed 0-d arrays).</summary>
    /// <exception cref="ArgumentException">Some value in the tree is null or of a type that is not a pytree.</exception>
    public static IReadOnlyList<NDArray> Leaves<T>(T tree)
    {
        if (tree is NDArray array) return new[] { array };
        return FlattenArgs(tree, "Tree.Leaves", allowNumberLeaves: true).Leaves;
    }

    /// <summary>
    /// The leaves of <paramref name="tree"/>, depth-first, and its structure, from which
    /// <see cref="TreeDef.Unflatten{T}"/> rebuilds a tree of the same shape from new leaves.
    /// </summary>
    /// <exception cref="ArgumentException">Some value in the tree is null or of a type that is not a pytree.</exception>
    public static (IReadOnlyList<NDArray> Leaves, TreeDef Def) Flatten<T>(T tree)
    {
        var (leaves, def) = FlattenArgs(tree, "Tree.Flatten", allowNumberLeaves: true);
        return (leaves, def);
    }

    /// <summary>
    /// A tree of the same structure as <paramref name="tree"/> with <paramref name="f"/> applied to every leaf.
    /// Number leaves are passed to <paramref name="f"/> as weakly-typed 0-d arrays and its results converted
    /// back (a traced result cannot be, and fails with <see cref="ConcretizationException"/>).
    /// </summary>
    /// <exception cref="ArgumentException">The tree is not a pytree, or <paramref name="f"/> returned null.</exception>
    public static T Map<T>(Func<NDArray, NDArray> f, T tree)
    {
        Guard.NotNull(f, "Tree.Map");
        if (tree is NDArray array)
        {
            var result = f(array) ?? throw new ArgumentException("Tree.Map: f returned null for leaf 0 of PyTreeDef(*)");
            return result is T mapped ? mapped : TreeDef.Leaf.Build<T>(new[] { result }, "Tree.Map");
        }
        var (leaves, def) = FlattenArgs(tree, "Tree.Map", allowNumberLeaves: true);
        for (int i = 0; i < leaves.Length; i++)
            leaves[i] = f(leaves[i]) ?? throw new ArgumentException($"Tree.Map: f returned null for leaf {i} of {def}");
        return def.Build<T>(leaves, "Tree.Map");
    }

    /// <summary>
    /// A tree of the common structure of <paramref name="tree"/> and <paramref name="other"/> whose leaves are
    /// <paramref name="f"/> applied to corresponding leaves.
    /// </summary>
    /// <exception cref="ArgumentException">The two trees have different structures (the message shows both), or <paramref name="f"/> returned null.</exception>
    public static T Map<T>(Func<NDArray, NDArray, NDArray> f, T tree, T other)
    {
        Guard.NotNull(f, "Tree.Map");
        if (tree is NDArray a && other is NDArray b)
        {
            var result = f(a, b) ?? throw new ArgumentException("Tree.Map: f returned null for leaf 0 of PyTreeDef(*)");
            return result is T mapped ? mapped : TreeDef.Leaf.Build<T>(new[] { result }, "Tree.Map");
        }
        var (leaves, def) = FlattenArgs(tree, "Tree.Map", allowNumberLeaves: true);
        var (otherLeaves, otherDef) = FlattenArgs(other, "Tree.Map", allowNumberLeaves: true);
        if (!def.Equals(otherDef))
            throw new ArgumentException(
                $"Tree.Map: the two trees have different structures: {def} and {otherDef} " +
                $"({TreeDef.FirstDifference(def, otherDef)})");
        for (int i = 0; i < leaves.Length; i++)
            leaves[i] = f(leaves[i], otherLeaves[i]) ?? throw new ArgumentException($"Tree.Map: f returned null for leaf {i} of {def}");
        return def.Build<T>(leaves, "Tree.Map");
    }

    /// <summary>
    /// Makes values whose runtime type is exactly <typeparamref name="T"/> pytree nodes: <paramref name="children"/>
    /// lists a value's children (each a pytree, flattened by its runtime type) and <paramref name="rebuild"/> makes a
    /// value from rebuilt children in the same order. A registration takes precedence over the built-in rules and
    /// replaces an earlier registration of the same type. Thread-safe.
    /// </summary>
    /// <exception cref="ArgumentException"><typeparamref name="T"/> is a leaf type (<see cref="NDArray"/>, <c>double</c>,
    /// <c>float</c>, <c>int</c>) or cannot be the runtime type of a value (an interface, abstract class or nullable type).</exception>
    public static void Register<T>(Func<T, IEnumerable<object?>> children, Func<IReadOnlyList<object?>, T> rebuild)
    {
        Guard.NotNull(children, "Tree.Register");
        Guard.NotNull(rebuild, "Tree.Register");
        var type = typeof(T);
        var name = TreeTypeNames.Of(type);
        if (typeof(NDArray).IsAssignableFrom(type) || type == typeof(double) || type == typeof(float) || type == typeof(int))
            throw new ArgumentException($"Tree.Register<{name}>: {name} is a leaf type and cannot be registered as a pytree node");
        if (type.IsInterface || type.IsAbstract || Nullable.GetUnderlyingType(type) is not null || type.ContainsGenericParameters)
            throw new ArgumentException(
                $"Tree.Register<{name}>: a registration applies to values whose runtime type is exactly {name}, " +
                "which no value has; register the concrete type instead");
        var handler = new RegisteredTreeHandler<T>(children, rebuild);
        Registrations[type] = handler;
        Handlers[type] = handler;
    }

    /// <summary>
    /// Makes a whole family of types pytree nodes, such as every F# record or every <c>Lst&lt;T&gt;</c>:
    /// <paramref name="resolve"/> is asked, once per runtime type not registered with <see cref="Register{T}"/>, for
    /// the <see cref="TreeNodeType"/> of that type, and returns null for types it does not handle. Families are asked
    /// before the built-in rules, the latest registered first. Registering the same resolver again does nothing;
    /// types already found not to be pytrees are asked again. Thread-safe.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="resolve"/> is null.</exception>
    public static void RegisterFamily(Func<Type, TreeNodeType?> resolve)
    {
        Guard.NotNull(resolve, "Tree.RegisterFamily");
        lock (FamiliesLock)
        {
            if (System.Array.IndexOf(families, resolve) >= 0) return;
            var updated = new Func<Type, TreeNodeType?>[families.Length + 1];
            updated[0] = resolve;
            families.CopyTo(updated, 1);
            families = updated;
            foreach (var entry in Handlers)
                if (entry.Value is UnsupportedTreeHandler) Handlers.TryRemove(entry);
        }
    }

    /// <summary>
    /// Flattens the argument of a transform: its leaves, depth-first, and its structure. A single
    /// <see cref="NDArray"/> takes a fast path. When <paramref name="allowNumberLeaves"/> is false, a
    /// <c>double</c>, <c>float</c> or <c>int</c> leaf fails at once (it could not carry a traced value);
    /// otherwise it becomes a weakly-typed 0-d array. The returned array is fresh and owned by the caller.
    /// </summary>
    /// <param name="tree">The pytree.</param>
    /// <param name="operation">The transform and argument, for messages (<c>"Grad"</c>, <c>"Jvp primals"</c>).</param>
    /// <param name="allowNumberLeaves">Whether number leaves are accepted.</param>
    /// <exception cref="ArgumentException">A value is null or not a pytree, or a number leaf is not allowed.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static (NDArray[] Leaves, TreeDef Def) FlattenArgs<T>(T tree, string operation, bool allowNumberLeaves)
    {
        if (tree is NDArray array) return (new[] { array }, TreeDef.Leaf);
        var flattener = new TreeFlattener(operation, allowNumberLeaves);
        TreeDef def;
        try
        {
            def = flattener.Visit(tree);
        }
        catch
        {
            flattener.Release();
            throw;
        }
        return (flattener.Finish(), def);
    }

    /// <summary>
    /// The leaves of <paramref name="value"/>, a tree of structure <paramref name="expected"/> in which null may stand
    /// for any subtree (JAX's None for a zero cotangent): one entry per leaf of <paramref name="expected"/>, null where
    /// the value had null. Fails naming <paramref name="operation"/> and <paramref name="what"/> when the rest of the
    /// structure differs.
    /// </summary>
    internal static NDArray?[] FlattenWithNulls<T>(T value, TreeDef expected, string operation, string what)
    {
        var result = new NDArray?[expected.LeafCount];
        if (value is null) return result;
        if (value is NDArray array && expected.Kind == TreeNodeKind.Leaf)
        {
            result[0] = array;
            return result;
        }
        var flattener = new TreeFlattener(operation, allowNumbers: true, nullsAsEmpty: true);
        TreeDef def;
        try
        {
            def = flattener.Visit(value);
        }
        catch
        {
            flattener.Release();
            throw;
        }
        var leaves = flattener.Finish();
        int li = 0, ri = 0;
        if (!MatchWithNulls(expected, def, leaves, ref li, result, ref ri))
            throw new ArgumentException($"{operation}: {what} has structure {def}, but {expected} was expected (null may stand for any subtree)");
        return result;
    }

    /// <summary>Copies the leaves of <paramref name="actual"/> into <paramref name="result"/>, matching it against <paramref name="expected"/>; false on a mismatch.</summary>
    private static bool MatchWithNulls(TreeDef expected, TreeDef actual, NDArray[] leaves, ref int li, NDArray?[] result, ref int ri)
    {
        if (actual.Kind == TreeNodeKind.Empty)
        {
            ri += expected.LeafCount;
            return true;
        }
        if (expected.Kind != TreeNodeKind.Node || actual.Kind != TreeNodeKind.Node)
        {
            if (expected.Kind != actual.Kind) return false;
            result[ri++] = leaves[li++];
            return true;
        }
        if (!ReferenceEquals(expected.Handler, actual.Handler) || expected.Children.Length != actual.Children.Length
            || !TreeDef.SameAux(expected.Aux, actual.Aux)
            || (expected.Keys is null ? actual.Keys is not null : actual.Keys is null || !expected.Keys.AsSpan().SequenceEqual(actual.Keys)))
            return false;
        for (int i = 0; i < expected.Children.Length; i++)
            if (!MatchWithNulls(expected.Children[i], actual.Children[i], leaves, ref li, result, ref ri)) return false;
        return true;
    }

    /// <summary>
    /// The leaves and structure of what a user's function returned inside a transform (<paramref name="operation"/>,
    /// e.g. <c>"Jit(loss)"</c>): a null result, or a null anywhere in it, is an error naming the transform.
    /// </summary>
    internal static (NDArray[] Leaves, TreeDef Def) FlattenResult<T>(T value, string operation) =>
        value is null ? throw NullResult(operation) : FlattenArgs(value, $"{operation}, the function's result", allowNumberLeaves: true);

    /// <summary>A user's function's single-array result inside a transform, checked for null.</summary>
    internal static NDArray Result(NDArray? value, string operation) => value ?? throw NullResult(operation);

    private static ArgumentException NullResult(string operation) =>
        new($"{operation}: the function returned null; it must return an NDArray or a pytree of NDArrays");

    /// <summary>The (cached) node handler of runtime type <paramref name="type"/>; an unsupported-type handler when it is not a pytree node.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static TreeNodeHandler HandlerFor(Type type) =>
        Handlers.TryGetValue(type, out var handler) ? handler : Handlers.GetOrAdd(type, CreateHandler);

    private static TreeNodeHandler CreateHandler(Type type)
    {
        if (Registrations.TryGetValue(type, out var registered)) return registered;
        if (typeof(Delegate).IsAssignableFrom(type)) return new PartialTreeHandler(type);
        var family = FamilyHandler(type);
        if (family is null && RegisterSatelliteOf(type)) family = FamilyHandler(type);
        if (family is not null) return family;
        try
        {
            return CreateStructuralHandler(type);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or NotSupportedException or MemberAccessException)
        {
            return new UnsupportedTreeHandler(type, $"its members could not be accessed: {e.Message}");
        }
    }

    /// <summary>The handler made from the first registered family that handles <paramref name="type"/>; null when none does.</summary>
    private static FamilyTreeHandler? FamilyHandler(Type type)
    {
        foreach (var resolve in families)
        {
            var node = resolve(type);
            if (node is null) continue;
            if (node.Type != type)
                throw new InvalidOperationException(
                    $"Tree.RegisterFamily: a resolver asked for {TreeTypeNames.Of(type)} returned the node type of {TreeTypeNames.Of(node.Type)}");
            return new FamilyTreeHandler(node);
        }
        return null;
    }

    /// <summary>A satellite package whose family of node types the library registers itself, the first time it meets one of its types.</summary>
    private sealed class Satellite(string registerType, string registerMethod)
    {
        private bool _probed;
        private bool _registered;

        /// <summary>
        /// Calls the package's registration method by name, once per process (later calls return the first answer):
        /// true when the package is loaded or loadable by the application and registered its family.
        /// </summary>
        internal bool Register()
        {
            lock (this)
            {
                if (_probed) return _registered;
                _probed = true;
                try
                {
                    var type = Type.GetType(registerType, throwOnError: false);
                    var method = type?.GetMethod(registerMethod, System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static, Type.EmptyTypes);
                    if (method is null) return false;
                    method.Invoke(null, null);
                    _registered = true;
                }
                catch (Exception e) when (e is System.IO.IOException or BadImageFormatException or System.Reflection.TargetInvocationException or MemberAccessException)
                {
                    _registered = false;
                }
                return _registered;
            }
        }
    }

    private static readonly Satellite FSharpPackage = new("Functional.AD.FSharp.Trees, Functional.AD.FSharp", "register");
    private static readonly Satellite LanguageExtPackage = new("Functional.AD.LanguageExt.LanguageExtTrees, Functional.AD.LanguageExt", "Register");

    /// <summary>
    /// Registers the family of the satellite package that owns <paramref name="type"/> (Functional.AD.FSharp for F# types,
    /// Functional.AD.LanguageExt for LanguageExt's), when the application has that package, the first time such a type is
    /// met that no family handles. F# has no module initializers, so opening the F# package's namespace runs nothing, and
    /// F# or LanguageExt values passed to this API directly would otherwise miss their package. True once registered.
    /// </summary>
    private static bool RegisterSatelliteOf(Type type)
    {
        if (TreeFlattener.IsFSharpType(type)) return FSharpPackage.Register();
        if (TreeFlattener.IsLanguageExtType(type)) return LanguageExtPackage.Register();
        return false;
    }

    private static TreeNodeHandler CreateStructuralHandler(Type type)
    {
        if (TreeTypeNames.IsValueTuple(type)) return ProductTreeHandler.ForValueTuple(type);
        if (type.IsArray)
            return type.IsSZArray
                ? Generic(typeof(ArrayTreeHandler<>), type.GetElementType()!)
                : new UnsupportedTreeHandler(type, "only one-dimensional arrays T[] are pytrees; use a jagged array or an NDArray");
        if (type.IsGenericType)
        {
            var definition = type.GetGenericTypeDefinition();
            var args = type.GetGenericArguments();
            if (definition == typeof(List<>)) return Generic(typeof(ListTreeHandler<>), args[0]);
            if (definition == typeof(ImmutableArray<>)) return Generic(typeof(ImmutableArrayTreeHandler<>), args[0]);
            if (definition == typeof(ImmutableList<>)) return Generic(typeof(ImmutableListTreeHandler<>), args[0]);
            if (definition == typeof(Dictionary<,>) || definition == typeof(ImmutableDictionary<,>))
            {
                if (args[0] != typeof(string))
                    return new UnsupportedTreeHandler(type, "only dictionaries with string keys are pytrees");
                return Generic(definition == typeof(Dictionary<,>) ? typeof(DictionaryTreeHandler<>) : typeof(ImmutableDictionaryTreeHandler<>), args[1]);
            }
        }
        if (type.IsPrimitive || type.IsEnum || type == typeof(decimal))
            return new UnsupportedTreeHandler(type, "only double, float and int numbers are leaves");
        if (type == typeof(string) || typeof(Delegate).IsAssignableFrom(type) || type.IsPointer || type.IsAbstract
            || type.IsInterface || type.ContainsGenericParameters || type.IsByRefLike)
            return new UnsupportedTreeHandler(type, null);
        if (typeof(System.Collections.IEnumerable).IsAssignableFrom(type))
            return new UnsupportedTreeHandler(type,
                "the only collections that are pytrees are T[], List<T>, ImmutableArray<T>, ImmutableList<T>, " +
                "Dictionary<string, T> and ImmutableDictionary<string, T>");
        return ProductTreeHandler.TryRecord(type, out var reason) ?? (TreeNodeHandler)new UnsupportedTreeHandler(type, reason);
    }

    private static TreeNodeHandler Generic(Type handlerDefinition, Type argument) =>
        (TreeNodeHandler)Activator.CreateInstance(handlerDefinition.MakeGenericType(argument))!;
}
