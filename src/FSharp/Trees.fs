namespace Functional.AD.FSharp

open System
open System.Collections.Generic
open Microsoft.FSharp.Reflection
open Functional.AD

// How F# values are pytree nodes. One node type per runtime type, made by the resolver below the first time the core
// meets that type; everything that needs reflection (readers, constructors, names) is computed there, so flattening
// and rebuilding only call precomputed delegates.

/// Node types of F# values, made once per runtime type by `Trees.register`'s resolver.
module internal TreeNodes =

    /// The F# spelling of a type's name for printed structures: generic arity and FSharp.Core's "FSharp" prefix removed.
    let sourceName (t: Type) =
        let name = t.Name
        let tick = name.IndexOf '`'
        let name = if tick >= 0 then name.Substring(0, tick) else name
        if t.Assembly = typeof<option<int>>.Assembly && name.StartsWith("FSharp", StringComparison.Ordinal) && name.Length > 6
        then name.Substring 6
        else name

    /// True for a declared type whose values may be null in F#: options and unit (None and ()), unions that use null for
    /// a case, and obj or interfaces (which may hold those). A null of any other type is an error, not an empty subtree.
    let nullAllowed (t: Type) =
        t = typeof<obj>
        || t.IsInterface
        || t = typeof<unit>
        || (t.IsGenericType && t.GetGenericTypeDefinition() = typedefof<option<int>>)
        || (FSharpType.IsUnion(t, true)
            && t.GetCustomAttributes(typeof<CompilationRepresentationAttribute>, false)
               |> Array.exists (fun a ->
                   (a :?> CompilationRepresentationAttribute).Flags.HasFlag CompilationRepresentationFlags.UseNullAsTrueValue))

    /// The error for a null child that cannot be an empty subtree; the core adds the operation and the path.
    let nullChild (what: string) =
        InvalidOperationException(
            $"{what} is null, and only option, unit and other F# values that are null at run time (None, ()) may be null in a pytree")

    /// Adds the children in `values`, failing on a null where `nullable` does not allow it (`label` names the child).
    let addChecked (children: List<obj>) (values: obj[]) (nullable: bool[]) (label: int -> string) =
        for i in 0 .. values.Length - 1 do
            if isNull values[i] && not nullable[i] then raise (nullChild (label i))
        children.AddRange values

    /// `'T list`: the items, positional.
    [<Sealed>]
    type ListNode<'T>() =
        inherit TreeNodeType(typeof<'T list>)
        static let nullable = nullAllowed typeof<'T>
        override _.Flatten(node, children) =
            let mutable rest = node :?> 'T list
            let mutable i = 0
            while not rest.IsEmpty do
                let item = box rest.Head
                if isNull item && not nullable then raise (nullChild $"item {i}")
                children.Add item
                rest <- rest.Tail
                i <- i + 1
            null
        override _.Unflatten(_, children) =
            let mutable result = []
            for i in children.Length - 1 .. -1 .. 0 do
                result <- (children[i] :?> 'T) :: result
            box result
        override _.NullChildIsEmpty = true
        override _.DisplayName _ = "list"

    /// `Some x` (`None` is null at run time, an empty subtree of its parent): one child named Value.
    [<Sealed>]
    type OptionNode<'T>() =
        inherit TreeNodeType(typeof<'T option>)
        static let nullable = nullAllowed typeof<'T>
        override _.Flatten(node, children) =
            let value = box (node :?> 'T option).Value
            if isNull value && not nullable then raise (nullChild "the value of Some")
            children.Add value
            null
        override _.Unflatten(_, children) = box (Some(children[0] :?> 'T))
        override _.NullChildIsEmpty = true
        override _.ChildName(_, _) = "Value"
        override _.DisplayName _ = "Some"

    /// `Map<string, 'T>`: the values in key order, the keys as auxiliary data (a string array, compared element by element).
    [<Sealed>]
    type MapNode<'T>() =
        inherit TreeNodeType(typeof<Map<string, 'T>>)
        static let nullable = nullAllowed typeof<'T>
        override _.Flatten(node, children) =
            let map = node :?> Map<string, 'T>
            let keys = Array.zeroCreate<string> map.Count
            let mutable i = 0
            for entry in map do
                let value = box entry.Value
                if isNull value && not nullable then raise (nullChild $"the value of key '{entry.Key}'")
                keys[i] <- entry.Key
                children.Add value
                i <- i + 1
            box keys
        override _.Unflatten(aux, children) =
            let keys = aux :?> string[]
            let mutable map = Map.empty
            for i in 0 .. keys.Length - 1 do
                map <- map.Add(keys[i], children[i] :?> 'T)
            box map
        override _.NullChildIsEmpty = true
        override _.ChildName(aux, index) = (aux :?> string[])[index]
        override _.ChildNamesAreKeys = true
        override _.DisplayName _ = "Map"

    /// A map whose keys are not strings: not a pytree, said when a value is flattened (where the path is known).
    [<Sealed>]
    type UnsupportedMapNode(t: Type) =
        inherit TreeNodeType(t)
        override _.Flatten(_, _) =
            let args = t.GetGenericArguments()
            raise (ArgumentException(
                $"Map<{sourceName args[0]}, {sourceName args[1]}> is not a pytree: only F# maps with string keys are " +
                 "pytrees (their entries in key order); use Map<string, _> or a record"))
        override _.Unflatten(_, _) = raise (InvalidOperationException "a map without string keys is not a pytree")
        override _.DisplayName _ = "Map"

    /// An array whose items may be F# nulls (`None`, `()`): the items, positional, a null one an empty subtree.
    [<Sealed>]
    type ArrayNode<'T>() =
        inherit TreeNodeType(typeof<'T[]>)
        override _.Flatten(node, children) =
            for item in node :?> 'T[] do
                children.Add(box item)
            null
        override _.Unflatten(_, children) =
            let result = Array.zeroCreate<'T> children.Length
            for i in 0 .. result.Length - 1 do
                result[i] <- children[i] :?> 'T
            box result
        override _.NullChildIsEmpty = true
        override _.DisplayName _ = "array"

    /// A record, anonymous record or reference tuple: its fields or items in order, by name (null names: positional).
    /// Named as the core names the type (nesting and generic arguments spelled as C# does) unless `display` is given.
    [<Sealed>]
    type ProductNode(t: Type, names: string[], nullable: bool[], display: string option, read: obj -> obj[], make: obj[] -> obj) =
        inherit TreeNodeType(t)
        let label i = if isNull names then $"item {i + 1}" else $"the field {names[i]}"
        override _.Flatten(node, children) =
            addChecked children (read node) nullable label
            null
        override _.Unflatten(_, children) = make (children.ToArray())
        override _.NullChildIsEmpty = true
        override _.ChildName(_, index) = if isNull names then null else names[index]
        override _.DisplayName aux =
            match display with
            | Some name -> name
            | None -> base.DisplayName aux

    /// The precomputed accessors of one case of a union.
    type UnionCaseAccess =
        { Tag: obj
          Fields: string[]
          Nullable: bool[]
          Display: string
          Read: obj -> obj[]
          Make: obj[] -> obj }

    /// A union value of one runtime type (a case's nested class, or the union type itself, which holds its nullary
    /// cases, or every case of a single-case or struct union): the case tag is the auxiliary data, the case's fields
    /// are the children, by name.
    [<Sealed>]
    type UnionNode(t: Type, tagOf: obj -> int, cases: UnionCaseAccess[]) =
        inherit TreeNodeType(t)
        override _.Flatten(node, children) =
            let case = cases[tagOf node]
            if case.Fields.Length > 0 then addChecked children (case.Read node) case.Nullable (fun i -> $"the field {case.Fields[i]}")
            case.Tag
        override _.Unflatten(aux, children) = cases[aux :?> int].Make(children.ToArray())
        override _.NullChildIsEmpty = true
        override _.ChildName(aux, index) = cases[aux :?> int].Fields[index]
        override _.DisplayName aux = cases[aux :?> int].Display

    /// Types whose nulls are F# values (None, ()): arrays of them are this package's nodes, not the core's.
    let private isFSharpNullable (t: Type) = t <> typeof<obj> && not t.IsInterface && nullAllowed t

    let private nodeOf (definition: Type) (args: Type[]) =
        Activator.CreateInstance(definition.MakeGenericType args) :?> TreeNodeType

    let private recordNode (t: Type) =
        let fields = FSharpType.GetRecordFields(t, true)
        let names = fields |> Array.map (fun p -> p.Name)
        let nullable = fields |> Array.map (fun p -> nullAllowed p.PropertyType)
        let display = if t.Name.StartsWith("<>f__AnonymousType", StringComparison.Ordinal) then Some "AnonymousRecord" else None
        ProductNode(t, names, nullable, display, FSharpValue.PreComputeRecordReader(t, true), FSharpValue.PreComputeRecordConstructor(t, true))
        :> TreeNodeType

    let private unionNode (t: Type) =
        let cases = FSharpType.GetUnionCases(t, true)
        let union = if cases.Length > 0 then cases[0].DeclaringType else t
        let single = cases.Length = 1
        let access =
            cases
            |> Array.map (fun case ->
                { Tag = box case.Tag
                  Fields = case.GetFields() |> Array.map (fun p -> p.Name)
                  Nullable = case.GetFields() |> Array.map (fun p -> nullAllowed p.PropertyType)
                  Display = if single then sourceName union else $"{sourceName union}.{case.Name}"
                  Read = FSharpValue.PreComputeUnionReader(case, true)
                  Make = FSharpValue.PreComputeUnionConstructor(case, true) })
        UnionNode(t, FSharpValue.PreComputeUnionTagReader(union, true), access) :> TreeNodeType

    /// The node type of runtime type `t` when it is an F# type this package handles, else null (the core's rules apply).
    let resolve (t: Type) : TreeNodeType =
        if typeof<NDArray>.IsAssignableFrom t || t.IsPrimitive || t = typeof<string> then null
        elif t.IsGenericType && t.GetGenericTypeDefinition() = typedefof<list<int>> then
            nodeOf typedefof<ListNode<int>> (t.GetGenericArguments())
        elif t.IsGenericType && t.GetGenericTypeDefinition() = typedefof<option<int>> then
            nodeOf typedefof<OptionNode<int>> (t.GetGenericArguments())
        elif t.IsGenericType && t.GetGenericTypeDefinition() = typedefof<Map<int, int>> then
            let args = t.GetGenericArguments()
            if args[0] = typeof<string> then nodeOf typedefof<MapNode<int>> [| args[1] |]
            else UnsupportedMapNode(t) :> TreeNodeType
        elif t.IsSZArray && isFSharpNullable (t.GetElementType()) then
            nodeOf typedefof<ArrayNode<int>> [| t.GetElementType() |]
        elif t.IsArray || t.IsValueType && FSharpType.IsTuple t then null // the core's arrays and ValueTuples
        elif FSharpType.IsTuple t then
            let nullable = FSharpType.GetTupleElements t |> Array.map nullAllowed
            ProductNode(t, null, nullable, Some "Tuple", FSharpValue.PreComputeTupleReader t, FSharpValue.PreComputeTupleConstructor t)
            :> TreeNodeType
        elif FSharpType.IsRecord(t, true) then recordNode t
        elif FSharpType.IsUnion(t, true) then unionNode t
        else null

/// <summary>
/// F# values as pytrees, and <c>jax.tree_util</c> in F#. Once registered (which every function of this package does
/// on first use; call <see cref="M:Functional.AD.FSharp.Trees.register"/> yourself only when you use the C# API alone),
/// these are pytree nodes, besides the core's <c>NDArray</c> leaves, arrays, <c>ValueTuple</c>s (F#'s struct tuples),
/// lists and string-keyed dictionaries:
/// F# lists (items, positional); options (<c>Some x</c> has one child, <c>Value</c>; <c>None</c>, like <c>()</c>, is
/// null at run time and is an empty subtree, printed <c>None</c>); <c>Map&lt;string, _&gt;</c> (values in key order,
/// the keys are part of the structure and paths print <c>['k']</c>; other key types are an error);
/// records and anonymous records (fields in the order F# reflection lists them, by name: paths print <c>.field</c>);
/// reference tuples (items, positional); unions (the case is part of the structure, the case's fields are the
/// children, by name; printed <c>Layer.Dense(w=*, b=*)</c>); and arrays of options or units, whose <c>None</c>s
/// are empty subtrees. A <c>None</c> or <c>()</c> is not a tree on its own, only inside one of these nodes.
/// Everything that needs reflection is done once per runtime type.
/// </summary>
[<RequireQualifiedAccess>]
module Trees =

    let private resolver = Func<Type, TreeNodeType>(TreeNodes.resolve)

    let private registration = lazy (Tree.RegisterFamily resolver)

    /// <summary>
    /// Registers F# lists, options, maps, records, anonymous records, tuples and unions as pytrees with the core
    /// (<c>Tree.RegisterFamily</c>, once). Idempotent and thread-safe; needed only before using F# values with the C#
    /// API alone, as every function of this package does it.
    /// </summary>
    let register () = registration.Force()

    /// <summary>Registers the F# pytree types unless already done (cheap after the first call).</summary>
    let ensureRegistered () = registration.Force()

    /// <summary>The leaves of <paramref name="tree"/>, depth-first (<c>jax.tree_util.tree_leaves</c>).</summary>
    /// <exception cref="System.ArgumentException">Some value in the tree is not a pytree.</exception>
    let leaves (tree: 'T) : NDArray list =
        ensureRegistered ()
        List.ofSeq (Tree.Leaves tree)

    /// <summary>The leaves of <paramref name="tree"/>, depth-first, and its structure (<c>jax.tree_util.tree_flatten</c>).</summary>
    /// <exception cref="System.ArgumentException">Some value in the tree is not a pytree.</exception>
    let flatten (tree: 'T) : NDArray list * TreeDef =
        ensureRegistered ()
        let struct (leaves, def) = Tree.Flatten tree
        List.ofSeq leaves, def

    /// <summary>The structure of <paramref name="tree"/> (<c>jax.tree_util.tree_structure</c>); equal for trees that differ only in their leaves.</summary>
    /// <exception cref="System.ArgumentException">Some value in the tree is not a pytree.</exception>
    let structure (tree: 'T) : TreeDef = snd (flatten tree)

    /// <summary>A tree of structure <paramref name="def"/> built from <paramref name="leaves"/> in order (<c>jax.tree_util.tree_unflatten</c>).</summary>
    /// <exception cref="System.ArgumentException">The number of leaves is wrong, or the structure does not build a <c>'T</c>.</exception>
    let unflatten (def: TreeDef) (leaves: NDArray seq) : 'T =
        ensureRegistered ()
        def.Unflatten<'T> leaves

    /// <summary>The tree with <paramref name="f"/> applied to every leaf (<c>jax.tree_util.tree_map</c>).</summary>
    /// <exception cref="System.ArgumentException">Some value in the tree is not a pytree.</exception>
    let map (f: NDArray -> NDArray) (tree: 'T) : 'T =
        ensureRegistered ()
        Tree.Map(Func<NDArray, NDArray> f, tree)

    /// <summary>A tree of the common structure of both trees with <paramref name="f"/> applied to corresponding leaves.</summary>
    /// <exception cref="System.ArgumentException">The trees have different structures (the message shows both).</exception>
    let map2 (f: NDArray -> NDArray -> NDArray) (tree: 'T) (other: 'T) : 'T =
        ensureRegistered ()
        Tree.Map(Func<NDArray, NDArray, NDArray> f, tree, other)

    /// <summary>
    /// The leaves of <paramref name="tree"/>, depth-first, each with its key path (<c>.layers[2].w</c>, <c>['bias']</c>),
    /// and the tree's structure (<c>jax.tree_util.tree_flatten_with_path</c>).
    /// </summary>
    /// <exception cref="System.ArgumentException">Some value in the tree is not a pytree.</exception>
    let flattenWithPath (tree: 'T) : (string * NDArray) list * TreeDef =
        ensureRegistered ()
        let struct (leaves, def) = Tree.FlattenWithPath tree
        [ for struct (path, leaf) in leaves -> path, leaf ], def

    /// <summary>Saves the leaves of <paramref name="tree"/> to one <c>.npz</c> archive, each named by its key path.</summary>
    /// <exception cref="System.ArgumentException">Some value in the tree is not a pytree.</exception>
    let save (path: string) (tree: 'T) : unit =
        ensureRegistered ()
        Tree.Save(path, tree)

    /// <summary>
    /// Loads a tree saved by <see cref="save"/> into the structure of <paramref name="like"/>, whose leaves give the
    /// expected key paths, shapes and dtypes (their values are not used).
    /// </summary>
    /// <exception cref="System.ArgumentException">The archive's names or arrays do not match <paramref name="like"/>; the message names the key paths.</exception>
    let load (path: string) (like: 'T) : 'T =
        ensureRegistered ()
        Tree.Load(path, like)
