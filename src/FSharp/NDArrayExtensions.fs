namespace Functional.AD.FSharp

open System
open System.ComponentModel
open Functional.AD

/// Helpers of the literal functions.
module internal Literals =

    /// A 2-d array of rectangular rows of floats, float32s, ints or bools; ragged rows are an ArgumentException naming nd2.
    let matrix (rows: 'T list list) : NDArray =
        Trees.ensureRegistered ()
        let rowArray = List.toArray rows
        let width = if rowArray.Length = 0 then 0 else List.length rowArray[0]
        let data = Array.zeroCreate<'T> (rowArray.Length * width)
        for i in 0 .. rowArray.Length - 1 do
            let length = List.length rowArray[i]
            if length <> width then
                invalidArg "rows" $"nd2: the rows must have the same length, but row 0 has {width} elements and row {i} has {length}"
            List.iteri (fun j v -> data[i * width + j] <- v) rowArray[i]
        let shape = [| rowArray.Length; width |]
        match box data with
        | :? (float[]) as d -> Np.FromFlat(d, shape)
        | :? (float32[]) as d -> Np.FromFlat(d, shape)
        | :? (int[]) as d -> Np.FromFlat(d, shape)
        | :? (bool[]) as d -> Np.FromFlat(d, shape)
        | _ -> invalidArg "rows" $"nd2: an array cannot hold {typeof<'T>.Name} values"

/// <summary>
/// The overloads behind the operators and literal helpers of <see cref="T:Functional.AD.FSharp.NDArrayExtensions"/>,
/// chosen by F#'s member constraints from the operands' types. Not meant to be called directly.
/// </summary>
[<AbstractClass; Sealed>]
type NDArrayOverloads =
    /// <summary>An operand as an array: itself.</summary>
    static member Operand(x: NDArray) = x
    /// <summary>A number operand as a weakly-typed 0-d array (it takes the other operand's dtype).</summary>
    static member Operand(x: float) = NDArray.op_Implicit x
    /// <summary>A number operand as a weakly-typed 0-d array (it takes the other operand's dtype).</summary>
    static member Operand(x: float32) = NDArray.op_Implicit x
    /// <summary>A number operand as a weakly-typed 0-d array (it takes the other operand's dtype).</summary>
    static member Operand(x: int) = NDArray.op_Implicit x
    /// <summary>A bool operand as a 0-d bool array.</summary>
    static member Operand(x: bool) = Np.Scalar x

    /// <summary>x ** y elementwise.</summary>
    static member Power(x: NDArray, y: NDArray) = Np.Power(x, y)
    /// <summary>x ** y elementwise, y weakly typed.</summary>
    static member Power(x: NDArray, y: float) = Np.Power(x, NDArray.op_Implicit y)
    /// <summary>x ** y elementwise, y weakly typed.</summary>
    static member Power(x: NDArray, y: float32) = Np.Power(x, NDArray.op_Implicit y)
    /// <summary>x ** y elementwise, y weakly typed.</summary>
    static member Power(x: NDArray, y: int) = Np.Power(x, NDArray.op_Implicit y)
    /// <summary>x ** y elementwise, x weakly typed.</summary>
    static member Power(x: float, y: NDArray) = Np.Power(NDArray.op_Implicit x, y)
    /// <summary>x ** y elementwise, x weakly typed.</summary>
    static member Power(x: float32, y: NDArray) = Np.Power(NDArray.op_Implicit x, y)
    /// <summary>x ** y elementwise, x weakly typed.</summary>
    static member Power(x: int, y: NDArray) = Np.Power(NDArray.op_Implicit x, y)
    /// <summary>F#'s own <c>**</c> on floats.</summary>
    static member Power(x: float, y: float) : float = Operators.( ** ) x y
    /// <summary>F#'s own <c>**</c> on float32s.</summary>
    static member Power(x: float32, y: float32) : float32 = Operators.( ** ) x y
    /// <summary>F#'s own <c>**</c> on any other type with a <c>Pow</c> member (BigInteger, Complex, ...).</summary>
    static member inline Power(x: ^T, y: ^U) : ^T = Operators.( ** ) x y

    /// <summary>A 1-d f64 array of the values.</summary>
    static member Vector(values: float list) = Np.Array(List.toArray values)
    /// <summary>A 1-d f32 array of the values.</summary>
    static member Vector(values: float32 list) = Np.Array(List.toArray values)
    /// <summary>A 1-d i32 array of the values.</summary>
    static member Vector(values: int list) = Np.Array(List.toArray values)
    /// <summary>A 1-d bool array of the values.</summary>
    static member Vector(values: bool list) = Np.Array(List.toArray values)
    /// <summary>A 1-d f64 array of a copy of the values.</summary>
    static member Vector(values: float[]) = Np.Array(values)
    /// <summary>A 1-d f32 array of a copy of the values.</summary>
    static member Vector(values: float32[]) = Np.Array(values)
    /// <summary>A 1-d i32 array of a copy of the values.</summary>
    static member Vector(values: int[]) = Np.Array(values)
    /// <summary>A 1-d bool array of a copy of the values.</summary>
    static member Vector(values: bool[]) = Np.Array(values)

    /// <summary>A 2-d f64 array of the rows.</summary>
    static member Matrix(rows: float list list) = Literals.matrix rows
    /// <summary>A 2-d f32 array of the rows.</summary>
    static member Matrix(rows: float32 list list) = Literals.matrix rows
    /// <summary>A 2-d i32 array of the rows.</summary>
    static member Matrix(rows: int list list) = Literals.matrix rows
    /// <summary>A 2-d bool array of the rows.</summary>
    static member Matrix(rows: bool list list) = Literals.matrix rows
    /// <summary>A 2-d f64 array of a copy of the values.</summary>
    static member Matrix(values: float[,]) = Np.Array(values)
    /// <summary>A 2-d f32 array of a copy of the values.</summary>
    static member Matrix(values: float32[,]) = Np.Array(values)

    /// <summary>A strongly-typed 0-d f64 array.</summary>
    static member Scalar(value: float) = Np.Scalar value
    /// <summary>A strongly-typed 0-d f32 array.</summary>
    static member Scalar(value: float32) = Np.Scalar value
    /// <summary>A strongly-typed 0-d i32 array.</summary>
    static member Scalar(value: int) = Np.Scalar value
    /// <summary>A strongly-typed 0-d bool array.</summary>
    static member Scalar(value: bool) = Np.Scalar value

/// Wording of messages.
module internal Describe =

    /// An array's dtype and shape as messages print them: f64[2,3].
    let typeOf (x: NDArray) =
        let name =
            match x.DType with
            | DType.Bool -> "bool"
            | DType.Int32 -> "i32"
            | DType.Float32 -> "f32"
            | _ -> "f64"
        name + string x.Shape

/// One axis of an F# slicing or indexing expression, for <c>NDArraySlicing.apply</c>.
[<Struct>]
type internal SliceAxis =
    { /// True for a fixed index (the axis is dropped), false for a range.
      Fixed: bool
      /// The index, or the range's first element (Int32.MinValue when open).
      Start: int
      /// The range's last element, inclusive (Int32.MaxValue when open).
      Finish: int }

/// Slicing with F#'s rules on top of Lax.Slice and Lax.Squeeze.
module internal NDArraySlicing =

    /// A range `start..finish` (inclusive; either end may be open).
    let range (start: int option) (finish: int option) =
        { Fixed = false
          Start = defaultArg start Int32.MinValue
          Finish = defaultArg finish Int32.MaxValue }

    /// A fixed index (negative counts from the end).
    let at (index: int) = { Fixed = true; Start = index; Finish = index }

    let private text (axis: SliceAxis) =
        if axis.Fixed then string axis.Start
        else
            (if axis.Start = Int32.MinValue then "" else string axis.Start) + ".."
            + (if axis.Finish = Int32.MaxValue then "" else string axis.Finish)

    let private describe (axes: SliceAxis[]) = "[" + String.Join(", ", Array.map text axes) + "]"

    /// `x.[axes]`: ranges keep their axis, clamped to it as F# array slices are (an empty range gives size 0); fixed
    /// indices (negative from the end) drop theirs; axes not given are whole.
    let apply (x: NDArray) (axes: SliceAxis[]) =
        if isNull x then nullArg "x"
        let rank = x.Rank
        if axes.Length > rank then
            invalidArg "axes" $"NDArray{describe axes}: {axes.Length} indices for the {rank}-d array {Describe.typeOf x}"
        let starts = Array.zeroCreate rank
        let limits = Array.init rank (fun k -> x.Shape[k])
        let mutable whole = true
        let mutable dropped = 0
        for k in 0 .. axes.Length - 1 do
            let n = x.Shape[k]
            let axis = axes[k]
            if axis.Fixed then
                let i = if axis.Start < 0 then axis.Start + n else axis.Start
                if i < 0 || i >= n then
                    raise (ArgumentOutOfRangeException(
                        "axes", $"NDArray{describe axes}: index {axis.Start} is out of range for axis {k} of {Describe.typeOf x}"))
                starts[k] <- i
                limits[k] <- i + 1
                dropped <- dropped + 1
                whole <- false
            else
                let start = min (max axis.Start 0) n
                let limit = max start (min axis.Finish (n - 1) + 1)
                starts[k] <- start
                limits[k] <- limit
                if start <> 0 || limit <> n then whole <- false
        if whole then x
        else
            let sliced = Lax.Slice(x, starts, limits)
            if dropped = 0 then sliced
            else
                let squeeze = Array.zeroCreate dropped
                let mutable j = 0
                for k in 0 .. axes.Length - 1 do
                    if axes[k].Fixed then
                        squeeze[j] <- k
                        j <- j + 1
                Lax.Squeeze(sliced, squeeze)

/// <summary>
/// F# operators, slicing and literals for <see cref="T:Functional.AD.NDArray"/>, opened with the namespace
/// <c>Functional.AD.FSharp</c>. All work on traced values (inside grad, jit, vmap).
/// <list type="bullet">
/// <item>Elementwise comparisons returning bool arrays, with broadcasting: <c>.&lt;</c> <c>.&lt;=</c> <c>.&gt;</c>
/// <c>.&gt;=</c> <c>.=</c> <c>.&lt;&gt;</c>; logical <c>.&amp;&amp;</c> and <c>.||</c> of bool arrays (and
/// <c>logicalAnd</c>, <c>logicalOr</c>, <c>logicalNot</c>, which also take numbers). Each side is an NDArray, a float,
/// float32 or int (weakly typed, as in <c>x * 2.0</c>), or a bool. F# gives every one of these operators the same
/// precedence, that of <c>&lt;</c>, left to right (only F#'s own <c>&amp;&amp;</c> and <c>||</c> bind more loosely), so
/// parenthesize comparisons: <c>(a .&lt; b) .&amp;&amp; (c .&gt; d)</c>; <c>.&amp;&amp;</c> and <c>.||</c> reject
/// non-bool operands, which catches the unparenthesized form.</item>
/// <item><c>**</c> on arrays and numbers on either side (<c>x ** 2.0</c>, <c>x ** 2</c>, <c>2.0 ** x</c>, <c>x ** y</c>);
/// it replaces F#'s <c>**</c>, which it calls for floats and any other type with a <c>Pow</c> member.</item>
/// <item><c>maximum</c> and <c>minimum</c> (F#'s <c>max</c>/<c>min</c> need the comparison constraint, which an array
/// of many values cannot meet).</item>
/// <item>Slicing as F# arrays slice: <c>x.[1..]</c>, <c>x.[..2]</c>, <c>x.[*, 0]</c>, <c>x.[*, 2..4]</c>,
/// <c>x.[1..2, *, 0]</c> (up to 4 axes; ranges include their end, are clamped to the axis and may be empty; a fixed
/// index drops its axis and may be negative, counting from the end; fewer indices than axes leave the rest whole);
/// <c>x.[i, j]</c> (up to 4 indices). From-the-end <c>^i</c> works where the F# language version enables it.</item>
/// <item>Literals: <c>nd [1.0; 2.0]</c>, <c>nd2 [[1.0; 2.0]; [3.0; 4.0]]</c>, <c>scalar 2.0</c> (f64 from floats, f32
/// from float32s, i32 from ints, bool from bools).</item>
/// </list>
/// </summary>
[<AutoOpen>]
module NDArrayExtensions =

    /// <summary>Member-constraint plumbing of the operators: <c>x</c> as an array. Not meant to be called directly.</summary>
    [<EditorBrowsable(EditorBrowsableState.Never)>]
    let inline operandWith (_: ^W) (x: ^A) : NDArray = ((^W or ^A): (static member Operand: ^A -> NDArray) x)

    /// <summary>Member-constraint plumbing of <c>**</c>. Not meant to be called directly.</summary>
    [<EditorBrowsable(EditorBrowsableState.Never)>]
    let inline powerWith (_: ^W) (x: ^A) (y: ^B) : ^R = ((^W or ^A or ^B): (static member Power: ^A * ^B -> ^R) (x, y))

    /// <summary>Member-constraint plumbing of <c>nd</c>. Not meant to be called directly.</summary>
    [<EditorBrowsable(EditorBrowsableState.Never)>]
    let inline vectorWith (_: ^W) (x: ^A) : NDArray = ((^W or ^A): (static member Vector: ^A -> NDArray) x)

    /// <summary>Member-constraint plumbing of <c>nd2</c>. Not meant to be called directly.</summary>
    [<EditorBrowsable(EditorBrowsableState.Never)>]
    let inline matrixWith (_: ^W) (x: ^A) : NDArray = ((^W or ^A): (static member Matrix: ^A -> NDArray) x)

    /// <summary>Member-constraint plumbing of <c>scalar</c>. Not meant to be called directly.</summary>
    [<EditorBrowsable(EditorBrowsableState.Never)>]
    let inline scalarWith (_: ^W) (x: ^A) : NDArray = ((^W or ^A): (static member Scalar: ^A -> NDArray) x)

    /// <summary>An NDArray, float, float32, int or bool as an array (numbers weakly typed).</summary>
    let inline private operand x = operandWith Unchecked.defaultof<NDArrayOverloads> x

    /// <summary>a &lt; b elementwise (bool), with broadcasting.</summary>
    let inline (.<) a b = Np.Less(operand a, operand b)

    /// <summary>a &lt;= b elementwise (bool), with broadcasting.</summary>
    let inline (.<=) a b = Np.LessEqual(operand a, operand b)

    /// <summary>a &gt; b elementwise (bool), with broadcasting.</summary>
    let inline (.>) a b = Np.Greater(operand a, operand b)

    /// <summary>a &gt;= b elementwise (bool), with broadcasting.</summary>
    let inline (.>=) a b = Np.GreaterEqual(operand a, operand b)

    /// <summary>a = b elementwise (bool), with broadcasting.</summary>
    let inline (.=) a b = Np.Equal(operand a, operand b)

    /// <summary>a &lt;&gt; b elementwise (bool), with broadcasting.</summary>
    let inline (.<>) a b = Np.NotEqual(operand a, operand b)

    /// <summary>Elementwise truth of an array: itself when bool, else where it is non-zero.</summary>
    let private truth (x: NDArray) = if x.DType = DType.Bool then x else Np.NotEqual(x, NDArray.op_Implicit 0)

    /// <summary>Logical and elementwise (bool), with broadcasting; numbers are true where non-zero (<c>numpy.logical_and</c>).</summary>
    let logicalAnd (a: NDArray) (b: NDArray) = Np.Multiply(truth a, truth b)

    /// <summary>Logical or elementwise (bool), with broadcasting; numbers are true where non-zero (<c>numpy.logical_or</c>).</summary>
    let logicalOr (a: NDArray) (b: NDArray) = Np.Maximum(truth a, truth b)

    /// <summary>Logical not elementwise (bool); numbers are true where non-zero (<c>numpy.logical_not</c>).</summary>
    let logicalNot (x: NDArray) = Np.Equal(truth x, Np.Scalar false)

    /// <summary>
    /// Plumbing of <c>.&amp;&amp;</c> and <c>.||</c>: both operands must be bool, which turns F#'s precedence of these
    /// operators (that of <c>.&lt;</c>, so <c>a .&lt; b .&amp;&amp; c .&gt; d</c> would mean <c>((a .&lt; b) .&amp;&amp; c) .&gt; d</c>)
    /// into an error rather than a wrong result. Not meant to be called directly.
    /// </summary>
    [<EditorBrowsable(EditorBrowsableState.Never)>]
    let logicalOperator (op: string) (combine: NDArray -> NDArray -> NDArray) (a: NDArray) (b: NDArray) =
        let check side (x: NDArray) =
            if x.DType <> DType.Bool then
                invalidArg side (
                    $"NDArray {op}: the {side} operand is {Describe.typeOf x}, not bool. F# gives {op} the precedence of " +
                    $"comparisons (left to right), so parenthesize them: (a .< b) {op} (c .> d); for numbers use logicalAnd or logicalOr")
        check "left" a
        check "right" b
        combine a b

    /// <summary>
    /// Logical and elementwise of bool arrays (or bools), with broadcasting. F# gives it the precedence of <c>.&lt;</c>:
    /// parenthesize comparisons, <c>(a .&lt; b) .&amp;&amp; (c .&gt; d)</c>; a non-bool operand is an ArgumentException.
    /// </summary>
    let inline (.&&) a b = logicalOperator ".&&" logicalAnd (operand a) (operand b)

    /// <summary>
    /// Logical or elementwise of bool arrays (or bools), with broadcasting. F# gives it the precedence of <c>.&lt;</c>
    /// and <c>.&amp;&amp;</c> (left to right): parenthesize, <c>(a .&lt; b) .|| ((c .&gt; d) .&amp;&amp; e)</c>.
    /// </summary>
    let inline (.||) a b = logicalOperator ".||" logicalOr (operand a) (operand b)

    /// <summary>
    /// x to the power y: elementwise when either side is an NDArray (the other may be a float, float32 or int, weakly
    /// typed), else F#'s own <c>**</c>.
    /// </summary>
    let inline ( ** ) x y = powerWith Unchecked.defaultof<NDArrayOverloads> x y

    /// <summary>Elementwise maximum with broadcasting (NaN propagates); either side may be a number.</summary>
    let inline maximum a b = Np.Maximum(operand a, operand b)

    /// <summary>Elementwise minimum with broadcasting (NaN propagates); either side may be a number.</summary>
    let inline minimum a b = Np.Minimum(operand a, operand b)

    /// <summary>A 1-d array from a list or array: f64 from floats, f32 from float32s, i32 from ints, bool from bools.</summary>
    let inline nd values =
        Trees.ensureRegistered ()
        vectorWith Unchecked.defaultof<NDArrayOverloads> values

    /// <summary>
    /// A 2-d array from a list of rows (or a float[,] or float32[,]): f64 from floats, f32 from float32s, i32 from ints,
    /// bool from bools. Rows of different lengths are an <see cref="T:System.ArgumentException"/>.
    /// </summary>
    let inline nd2 rows =
        Trees.ensureRegistered ()
        matrixWith Unchecked.defaultof<NDArrayOverloads> rows

    /// <summary>A strongly-typed 0-d array: f64 from a float, f32 from a float32, i32 from an int, bool from a bool.</summary>
    let inline scalar value =
        Trees.ensureRegistered ()
        scalarWith Unchecked.defaultof<NDArrayOverloads> value

    type NDArray with

        /// <summary><c>x.[i, j]</c>: the element (a 0-d array of a 2-d array) or subarray at indices of the leading axes.</summary>
        member x.Item
            with get (i0: int, i1: int) = NDArraySlicing.apply x [| NDArraySlicing.at i0; NDArraySlicing.at i1 |]

        /// <summary><c>x.[i, j, k]</c>: the element or subarray at indices of the leading axes.</summary>
        member x.Item
            with get (i0: int, i1: int, i2: int) =
                NDArraySlicing.apply x [| NDArraySlicing.at i0; NDArraySlicing.at i1; NDArraySlicing.at i2 |]

        /// <summary><c>x.[i, j, k, l]</c>: the element or subarray at indices of the leading axes.</summary>
        member x.Item
            with get (i0: int, i1: int, i2: int, i3: int) =
                NDArraySlicing.apply x [| NDArraySlicing.at i0; NDArraySlicing.at i1; NDArraySlicing.at i2; NDArraySlicing.at i3 |]

        /// <summary>The index <paramref name="offset"/> elements before the end of axis <paramref name="dim"/>, for F#'s <c>^offset</c>.</summary>
        member x.GetReverseIndex(dim: int, offset: int) = x.Shape[dim] - 1 - offset

        /// <summary><c>x.[a..b]</c>: a slice of axis 0 (ends inclusive and clamped).</summary>
        member x.GetSlice(s0: int option, e0: int option) = NDArraySlicing.apply x [| NDArraySlicing.range s0 e0 |]

        /// <summary><c>x.[a..b, c..d]</c>.</summary>
        member x.GetSlice(s0: int option, e0: int option, s1: int option, e1: int option) =
            NDArraySlicing.apply x [| NDArraySlicing.range s0 e0; NDArraySlicing.range s1 e1 |]

        /// <summary><c>x.[a..b, j]</c>.</summary>
        member x.GetSlice(s0: int option, e0: int option, i1: int) =
            NDArraySlicing.apply x [| NDArraySlicing.range s0 e0; NDArraySlicing.at i1 |]

        /// <summary><c>x.[i, c..d]</c>.</summary>
        member x.GetSlice(i0: int, s1: int option, e1: int option) =
            NDArraySlicing.apply x [| NDArraySlicing.at i0; NDArraySlicing.range s1 e1 |]

        /// <summary><c>x.[s0..e0, s1..e1, s2..e2]</c>.</summary>
        member x.GetSlice(s0: int option, e0: int option, s1: int option, e1: int option, s2: int option, e2: int option) =
            NDArraySlicing.apply x [| NDArraySlicing.range s0 e0; NDArraySlicing.range s1 e1; NDArraySlicing.range s2 e2 |]

        /// <summary><c>x.[s0..e0, s1..e1, i2]</c>.</summary>
        member x.GetSlice(s0: int option, e0: int option, s1: int option, e1: int option, i2: int) =
            NDArraySlicing.apply x [| NDArraySlicing.range s0 e0; NDArraySlicing.range s1 e1; NDArraySlicing.at i2 |]

        /// <summary><c>x.[s0..e0, i1, s2..e2]</c>.</summary>
        member x.GetSlice(s0: int option, e0: int option, i1: int, s2: int option, e2: int option) =
            NDArraySlicing.apply x [| NDArraySlicing.range s0 e0; NDArraySlicing.at i1; NDArraySlicing.range s2 e2 |]

        /// <summary><c>x.[s0..e0, i1, i2]</c>.</summary>
        member x.GetSlice(s0: int option, e0: int option, i1: int, i2: int) =
            NDArraySlicing.apply x [| NDArraySlicing.range s0 e0; NDArraySlicing.at i1; NDArraySlicing.at i2 |]

        /// <summary><c>x.[i0, s1..e1, s2..e2]</c>.</summary>
        member x.GetSlice(i0: int, s1: int option, e1: int option, s2: int option, e2: int option) =
            NDArraySlicing.apply x [| NDArraySlicing.at i0; NDArraySlicing.range s1 e1; NDArraySlicing.range s2 e2 |]

        /// <summary><c>x.[i0, s1..e1, i2]</c>.</summary>
        member x.GetSlice(i0: int, s1: int option, e1: int option, i2: int) =
            NDArraySlicing.apply x [| NDArraySlicing.at i0; NDArraySlicing.range s1 e1; NDArraySlicing.at i2 |]

        /// <summary><c>x.[i0, i1, s2..e2]</c>.</summary>
        member x.GetSlice(i0: int, i1: int, s2: int option, e2: int option) =
            NDArraySlicing.apply x [| NDArraySlicing.at i0; NDArraySlicing.at i1; NDArraySlicing.range s2 e2 |]

        /// <summary><c>x.[s0..e0, s1..e1, s2..e2, s3..e3]</c>.</summary>
        member x.GetSlice(s0: int option, e0: int option, s1: int option, e1: int option, s2: int option, e2: int option, s3: int option, e3: int option) =
            NDArraySlicing.apply x [| NDArraySlicing.range s0 e0; NDArraySlicing.range s1 e1; NDArraySlicing.range s2 e2; NDArraySlicing.range s3 e3 |]

        /// <summary><c>x.[s0..e0, s1..e1, s2..e2, i3]</c>.</summary>
        member x.GetSlice(s0: int option, e0: int option, s1: int option, e1: int option, s2: int option, e2: int option, i3: int) =
            NDArraySlicing.apply x [| NDArraySlicing.range s0 e0; NDArraySlicing.range s1 e1; NDArraySlicing.range s2 e2; NDArraySlicing.at i3 |]

        /// <summary><c>x.[s0..e0, s1..e1, i2, s3..e3]</c>.</summary>
        member x.GetSlice(s0: int option, e0: int option, s1: int option, e1: int option, i2: int, s3: int option, e3: int option) =
            NDArraySlicing.apply x [| NDArraySlicing.range s0 e0; NDArraySlicing.range s1 e1; NDArraySlicing.at i2; NDArraySlicing.range s3 e3 |]

        /// <summary><c>x.[s0..e0, s1..e1, i2, i3]</c>.</summary>
        member x.GetSlice(s0: int option, e0: int option, s1: int option, e1: int option, i2: int, i3: int) =
            NDArraySlicing.apply x [| NDArraySlicing.range s0 e0; NDArraySlicing.range s1 e1; NDArraySlicing.at i2; NDArraySlicing.at i3 |]

        /// <summary><c>x.[s0..e0, i1, s2..e2, s3..e3]</c>.</summary>
        member x.GetSlice(s0: int option, e0: int option, i1: int, s2: int option, e2: int option, s3: int option, e3: int option) =
            NDArraySlicing.apply x [| NDArraySlicing.range s0 e0; NDArraySlicing.at i1; NDArraySlicing.range s2 e2; NDArraySlicing.range s3 e3 |]

        /// <summary><c>x.[s0..e0, i1, s2..e2, i3]</c>.</summary>
        member x.GetSlice(s0: int option, e0: int option, i1: int, s2: int option, e2: int option, i3: int) =
            NDArraySlicing.apply x [| NDArraySlicing.range s0 e0; NDArraySlicing.at i1; NDArraySlicing.range s2 e2; NDArraySlicing.at i3 |]

        /// <summary><c>x.[s0..e0, i1, i2, s3..e3]</c>.</summary>
        member x.GetSlice(s0: int option, e0: int option, i1: int, i2: int, s3: int option, e3: int option) =
            NDArraySlicing.apply x [| NDArraySlicing.range s0 e0; NDArraySlicing.at i1; NDArraySlicing.at i2; NDArraySlicing.range s3 e3 |]

        /// <summary><c>x.[s0..e0, i1, i2, i3]</c>.</summary>
        member x.GetSlice(s0: int option, e0: int option, i1: int, i2: int, i3: int) =
            NDArraySlicing.apply x [| NDArraySlicing.range s0 e0; NDArraySlicing.at i1; NDArraySlicing.at i2; NDArraySlicing.at i3 |]

        /// <summary><c>x.[i0, s1..e1, s2..e2, s3..e3]</c>.</summary>
        member x.GetSlice(i0: int, s1: int option, e1: int option, s2: int option, e2: int option, s3: int option, e3: int option) =
            NDArraySlicing.apply x [| NDArraySlicing.at i0; NDArraySlicing.range s1 e1; NDArraySlicing.range s2 e2; NDArraySlicing.range s3 e3 |]

        /// <summary><c>x.[i0, s1..e1, s2..e2, i3]</c>.</summary>
        member x.GetSlice(i0: int, s1: int option, e1: int option, s2: int option, e2: int option, i3: int) =
            NDArraySlicing.apply x [| NDArraySlicing.at i0; NDArraySlicing.range s1 e1; NDArraySlicing.range s2 e2; NDArraySlicing.at i3 |]

        /// <summary><c>x.[i0, s1..e1, i2, s3..e3]</c>.</summary>
        member x.GetSlice(i0: int, s1: int option, e1: int option, i2: int, s3: int option, e3: int option) =
            NDArraySlicing.apply x [| NDArraySlicing.at i0; NDArraySlicing.range s1 e1; NDArraySlicing.at i2; NDArraySlicing.range s3 e3 |]

        /// <summary><c>x.[i0, s1..e1, i2, i3]</c>.</summary>
        member x.GetSlice(i0: int, s1: int option, e1: int option, i2: int, i3: int) =
            NDArraySlicing.apply x [| NDArraySlicing.at i0; NDArraySlicing.range s1 e1; NDArraySlicing.at i2; NDArraySlicing.at i3 |]

        /// <summary><c>x.[i0, i1, s2..e2, s3..e3]</c>.</summary>
        member x.GetSlice(i0: int, i1: int, s2: int option, e2: int option, s3: int option, e3: int option) =
            NDArraySlicing.apply x [| NDArraySlicing.at i0; NDArraySlicing.at i1; NDArraySlicing.range s2 e2; NDArraySlicing.range s3 e3 |]

        /// <summary><c>x.[i0, i1, s2..e2, i3]</c>.</summary>
        member x.GetSlice(i0: int, i1: int, s2: int option, e2: int option, i3: int) =
            NDArraySlicing.apply x [| NDArraySlicing.at i0; NDArraySlicing.at i1; NDArraySlicing.range s2 e2; NDArraySlicing.at i3 |]

        /// <summary><c>x.[i0, i1, i2, s3..e3]</c>.</summary>
        member x.GetSlice(i0: int, i1: int, i2: int, s3: int option, e3: int option) =
            NDArraySlicing.apply x [| NDArraySlicing.at i0; NDArraySlicing.at i1; NDArraySlicing.at i2; NDArraySlicing.range s3 e3 |]
