using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Functional.AD;

// The lane operations the kernels are written in, and their implementations for each vector width. An operation
// that reads the same for double and float lanes is written once per width, generic in the element type, as a
// default implementation in that width's interface (ILanes512/256/128); the rest (widening, constants, the
// element-specific bit tricks) stand in the width's struct. Every member is a thin, inlined wrapper over
// Vector128/Vector256/Vector512: the struct type arguments make the kernels' calls resolve and inline when the
// JIT compiles them, so the generic code costs nothing at run time.
internal static partial class FastMath
{
    /// <summary>
    /// The lane operations that read the same for double and float lanes, for one vector type.
    /// </summary>
    /// <typeparam name="TV">The vector type.</typeparam>
    /// <typeparam name="T">The element type (<see cref="double"/> or <see cref="float"/>).</typeparam>
    private interface ILanes<TV, T>
        where TV : struct
        where T : struct
    {
        /// <summary>Loads a vector.</summary>
        /// <param name="source">The first element.</param>
        /// <returns>The vector.</returns>
        static abstract TV Load(ref T source);

        /// <summary>Stores a vector.</summary>
        /// <param name="value">The vector.</param>
        /// <param name="destination">Where its first element goes.</param>
        static abstract void Store(TV value, ref T destination);

        /// <summary>Whether any lane has |v| &gt; limit (false for NaN lanes, true for infinite ones).</summary>
        /// <param name="value">The lanes.</param>
        /// <param name="limit">The limit.</param>
        /// <returns>True when some lane is beyond the limit.</returns>
        static abstract bool AnyAbsGreater(TV value, T limit);

        /// <summary>Whether any lane has |v| &gt; limit or is NaN.</summary>
        /// <param name="value">The lanes.</param>
        /// <param name="limit">The limit.</param>
        /// <returns>True when some lane is beyond the limit or NaN.</returns>
        static abstract bool AnyAbsAboveOrNaN(TV value, T limit);

        /// <summary>Adds the lanes' bit patterns as integers of the lane's size.</summary>
        /// <param name="a">Left.</param>
        /// <param name="b">Right.</param>
        /// <returns>The bit patterns' sums.</returns>
        static abstract TV AddIntegers(TV a, TV b);

        /// <summary>Shifts each lane's bit pattern left.</summary>
        /// <param name="value">The lanes.</param>
        /// <param name="count">The shift count.</param>
        /// <returns>The shifted bits.</returns>
        static abstract TV ShiftLeftBits(TV value, int count);

        /// <summary>Lane-wise a + b.</summary>
        /// <param name="a">Left.</param>
        /// <param name="b">Right.</param>
        /// <returns>The sums.</returns>
        static abstract TV Add(TV a, TV b);

        /// <summary>Lane-wise a − b.</summary>
        /// <param name="a">Left.</param>
        /// <param name="b">Right.</param>
        /// <returns>The differences.</returns>
        static abstract TV Subtract(TV a, TV b);

        /// <summary>Lane-wise a·b.</summary>
        /// <param name="a">Left.</param>
        /// <param name="b">Right.</param>
        /// <returns>The products.</returns>
        static abstract TV Multiply(TV a, TV b);

        /// <summary>Lane-wise a / b.</summary>
        /// <param name="a">Dividend.</param>
        /// <param name="b">Divisor.</param>
        /// <returns>The quotients.</returns>
        static abstract TV Divide(TV a, TV b);

        /// <summary>Lane-wise a·b + c: fused when <see cref="IVectorOps{TD, TF}.IsFused"/>, else a rounded product then a rounded sum.</summary>
        /// <param name="a">Factor.</param>
        /// <param name="b">Factor.</param>
        /// <param name="c">Addend.</param>
        /// <returns>The results.</returns>
        static abstract TV MulAdd(TV a, TV b, TV c);

        /// <summary>Bitwise and.</summary>
        /// <param name="a">Left.</param>
        /// <param name="b">Right.</param>
        /// <returns>The bits.</returns>
        static abstract TV And(TV a, TV b);

        /// <summary>Bitwise or.</summary>
        /// <param name="a">Left.</param>
        /// <param name="b">Right.</param>
        /// <returns>The bits.</returns>
        static abstract TV Or(TV a, TV b);

        /// <summary>Bitwise exclusive or.</summary>
        /// <param name="a">Left.</param>
        /// <param name="b">Right.</param>
        /// <returns>The bits.</returns>
        static abstract TV Xor(TV a, TV b);

        /// <summary>Bitwise a and not b.</summary>
        /// <param name="a">Left.</param>
        /// <param name="b">Right (complemented).</param>
        /// <returns>The bits of <c>a &amp; ~b</c>.</returns>
        static abstract TV AndNot(TV a, TV b);

        /// <summary>Per lane: <paramref name="ifSet"/> where <paramref name="mask"/> is all ones, else <paramref name="ifClear"/> (a bitwise select).</summary>
        /// <param name="mask">The lane masks (all ones or all zeros).</param>
        /// <param name="ifSet">Chosen where the mask is set.</param>
        /// <param name="ifClear">Chosen where the mask is clear.</param>
        /// <returns>The selection.</returns>
        static abstract TV Select(TV mask, TV ifSet, TV ifClear);

        /// <summary>Per lane: all ones where <paramref name="value"/> ≥ <paramref name="limit"/> (false for NaN), else zeros.</summary>
        /// <param name="value">The lanes.</param>
        /// <param name="limit">The limit.</param>
        /// <returns>The mask.</returns>
        static abstract TV GreaterOrEqualMask(TV value, T limit);

        /// <summary>Per lane: the smaller of <paramref name="value"/> and <paramref name="limit"/>, by the hardware's minimum (for NaN lanes the result is unspecified).</summary>
        /// <param name="value">The lanes.</param>
        /// <param name="limit">The upper bound.</param>
        /// <returns>The bounded lanes.</returns>
        static abstract TV MinNative(TV value, T limit);
    }

    /// <summary>
    /// The 512-bit implementations of <see cref="ILanes{TV, T}"/>, one for both element types.
    /// </summary>
    /// <typeparam name="T">The element type (<see cref="double"/> or <see cref="float"/>).</typeparam>
    private interface ILanes512<T> : ILanes<Vector512<T>, T>
        where T : struct
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static Vector512<T> ILanes<Vector512<T>, T>.Load(ref T source) => Vector512.LoadUnsafe(ref source);
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static void ILanes<Vector512<T>, T>.Store(Vector512<T> value, ref T destination) => value.StoreUnsafe(ref destination);
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static bool ILanes<Vector512<T>, T>.AnyAbsGreater(Vector512<T> value, T limit) => Vector512.GreaterThanAny(Vector512.Abs(value), Vector512.Create(limit));
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static bool ILanes<Vector512<T>, T>.AnyAbsAboveOrNaN(Vector512<T> value, T limit) => !Vector512.LessThanOrEqualAll(Vector512.Abs(value), Vector512.Create(limit));
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static Vector512<T> ILanes<Vector512<T>, T>.AddIntegers(Vector512<T> a, Vector512<T> b) => typeof(T) == typeof(double) ? (a.AsInt64() + b.AsInt64()).As<long, T>() : (a.AsInt32() + b.AsInt32()).As<int, T>();
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static Vector512<T> ILanes<Vector512<T>, T>.ShiftLeftBits(Vector512<T> value, int count) => typeof(T) == typeof(double) ? Vector512.ShiftLeft(value.AsUInt64(), count).As<ulong, T>() : Vector512.ShiftLeft(value.AsInt32(), count).As<int, T>();
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static Vector512<T> ILanes<Vector512<T>, T>.Add(Vector512<T> a, Vector512<T> b) => a + b;
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static Vector512<T> ILanes<Vector512<T>, T>.Subtract(Vector512<T> a, Vector512<T> b) => a - b;
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static Vector512<T> ILanes<Vector512<T>, T>.Multiply(Vector512<T> a, Vector512<T> b) => a * b;
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static Vector512<T> ILanes<Vector512<T>, T>.Divide(Vector512<T> a, Vector512<T> b) => a / b;
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static Vector512<T> ILanes<Vector512<T>, T>.MulAdd(Vector512<T> a, Vector512<T> b, Vector512<T> c) => FusedMultiplyAdd(a, b, c);
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static Vector512<T> ILanes<Vector512<T>, T>.And(Vector512<T> a, Vector512<T> b) => a & b;
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static Vector512<T> ILanes<Vector512<T>, T>.Or(Vector512<T> a, Vector512<T> b) => a | b;
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static Vector512<T> ILanes<Vector512<T>, T>.Xor(Vector512<T> a, Vector512<T> b) => a ^ b;
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static Vector512<T> ILanes<Vector512<T>, T>.AndNot(Vector512<T> a, Vector512<T> b) => Vector512.AndNot(a, b);
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static Vector512<T> ILanes<Vector512<T>, T>.Select(Vector512<T> mask, Vector512<T> ifSet, Vector512<T> ifClear) => Vector512.ConditionalSelect(mask, ifSet, ifClear);
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static Vector512<T> ILanes<Vector512<T>, T>.GreaterOrEqualMask(Vector512<T> value, T limit) => Vector512.GreaterThanOrEqual(value, Vector512.Create(limit));
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static Vector512<T> ILanes<Vector512<T>, T>.MinNative(Vector512<T> value, T limit) => Vector512.MinNative(Vector512.Create(limit), value);

        /// <summary>A fused multiply–add on lanes of either element type.</summary>
        /// <param name="a">Factor.</param>
        /// <param name="b">Factor.</param>
        /// <param name="c">Addend.</param>
        /// <returns><c>a·b + c</c>, rounded once.</returns>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector512<T> FusedMultiplyAdd(Vector512<T> a, Vector512<T> b, Vector512<T> c)
            => typeof(T) == typeof(double)
                ? Vector512.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>()
                : Vector512.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
    }

    /// <summary>
    /// The 256-bit implementations of <see cref="ILanes{TV, T}"/>, one for both element types.
    /// </summary>
    /// <typeparam name="T">The element type (<see cref="double"/> or <see cref="float"/>).</typeparam>
    private interface ILanes256<T> : ILanes<Vector256<T>, T>
        where T : struct
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static Vector256<T> ILanes<Vector256<T>, T>.Load(ref T source) => Vector256.LoadUnsafe(ref source);
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static void ILanes<Vector256<T>, T>.Store(Vector256<T> value, ref T destination) => value.StoreUnsafe(ref destination);
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static bool ILanes<Vector256<T>, T>.AnyAbsGreater(Vector256<T> value, T limit) => Vector256.GreaterThanAny(Vector256.Abs(value), Vector256.Create(limit));
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static bool ILanes<Vector256<T>, T>.AnyAbsAboveOrNaN(Vector256<T> value, T limit) => !Vector256.LessThanOrEqualAll(Vector256.Abs(value), Vector256.Create(limit));
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static Vector256<T> ILanes<Vector256<T>, T>.AddIntegers(Vector256<T> a, Vector256<T> b) => typeof(T) == typeof(double) ? (a.AsInt64() + b.AsInt64()).As<long, T>() : (a.AsInt32() + b.AsInt32()).As<int, T>();
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static Vector256<T> ILanes<Vector256<T>, T>.ShiftLeftBits(Vector256<T> value, int count) => typeof(T) == typeof(double) ? Vector256.ShiftLeft(value.AsUInt64(), count).As<ulong, T>() : Vector256.ShiftLeft(value.AsInt32(), count).As<int, T>();
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static Vector256<T> ILanes<Vector256<T>, T>.Add(Vector256<T> a, Vector256<T> b) => a + b;
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static Vector256<T> ILanes<Vector256<T>, T>.Subtract(Vector256<T> a, Vector256<T> b) => a - b;
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static Vector256<T> ILanes<Vector256<T>, T>.Multiply(Vector256<T> a, Vector256<T> b) => a * b;
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static Vector256<T> ILanes<Vector256<T>, T>.Divide(Vector256<T> a, Vector256<T> b) => a / b;
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static Vector256<T> ILanes<Vector256<T>, T>.MulAdd(Vector256<T> a, Vector256<T> b, Vector256<T> c) => FusedMultiplyAdd(a, b, c);
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static Vector256<T> ILanes<Vector256<T>, T>.And(Vector256<T> a, Vector256<T> b) => a & b;
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static Vector256<T> ILanes<Vector256<T>, T>.Or(Vector256<T> a, Vector256<T> b) => a | b;
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static Vector256<T> ILanes<Vector256<T>, T>.Xor(Vector256<T> a, Vector256<T> b) => a ^ b;
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static Vector256<T> ILanes<Vector256<T>, T>.AndNot(Vector256<T> a, Vector256<T> b) => Vector256.AndNot(a, b);
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static Vector256<T> ILanes<Vector256<T>, T>.Select(Vector256<T> mask, Vector256<T> ifSet, Vector256<T> ifClear) => Vector256.ConditionalSelect(mask, ifSet, ifClear);
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static Vector256<T> ILanes<Vector256<T>, T>.GreaterOrEqualMask(Vector256<T> value, T limit) => Vector256.GreaterThanOrEqual(value, Vector256.Create(limit));
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static Vector256<T> ILanes<Vector256<T>, T>.MinNative(Vector256<T> value, T limit) => Vector256.MinNative(Vector256.Create(limit), value);

        /// <summary>A fused multiply–add on lanes of either element type.</summary>
        /// <param name="a">Factor.</param>
        /// <param name="b">Factor.</param>
        /// <param name="c">Addend.</param>
        /// <returns><c>a·b + c</c>, rounded once.</returns>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<T> FusedMultiplyAdd(Vector256<T> a, Vector256<T> b, Vector256<T> c)
            => typeof(T) == typeof(double)
                ? Vector256.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>()
                : Vector256.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
    }

    /// <summary>
    /// The 128-bit implementations of <see cref="ILanes{TV, T}"/>, one for both element types.
    /// </summary>
    /// <typeparam name="T">The element type (<see cref="double"/> or <see cref="float"/>).</typeparam>
    private interface ILanes128<T> : ILanes<Vector128<T>, T>
        where T : struct
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static Vector128<T> ILanes<Vector128<T>, T>.Load(ref T source) => Vector128.LoadUnsafe(ref source);
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static void ILanes<Vector128<T>, T>.Store(Vector128<T> value, ref T destination) => value.StoreUnsafe(ref destination);
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static bool ILanes<Vector128<T>, T>.AnyAbsGreater(Vector128<T> value, T limit) => Vector128.GreaterThanAny(Vector128.Abs(value), Vector128.Create(limit));
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static bool ILanes<Vector128<T>, T>.AnyAbsAboveOrNaN(Vector128<T> value, T limit) => !Vector128.LessThanOrEqualAll(Vector128.Abs(value), Vector128.Create(limit));
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static Vector128<T> ILanes<Vector128<T>, T>.AddIntegers(Vector128<T> a, Vector128<T> b) => typeof(T) == typeof(double) ? (a.AsInt64() + b.AsInt64()).As<long, T>() : (a.AsInt32() + b.AsInt32()).As<int, T>();
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static Vector128<T> ILanes<Vector128<T>, T>.ShiftLeftBits(Vector128<T> value, int count) => typeof(T) == typeof(double) ? Vector128.ShiftLeft(value.AsUInt64(), count).As<ulong, T>() : Vector128.ShiftLeft(value.AsInt32(), count).As<int, T>();
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static Vector128<T> ILanes<Vector128<T>, T>.Add(Vector128<T> a, Vector128<T> b) => a + b;
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static Vector128<T> ILanes<Vector128<T>, T>.Subtract(Vector128<T> a, Vector128<T> b) => a - b;
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static Vector128<T> ILanes<Vector128<T>, T>.Multiply(Vector128<T> a, Vector128<T> b) => a * b;
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static Vector128<T> ILanes<Vector128<T>, T>.Divide(Vector128<T> a, Vector128<T> b) => a / b;
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static Vector128<T> ILanes<Vector128<T>, T>.MulAdd(Vector128<T> a, Vector128<T> b, Vector128<T> c) => Fused128 ? FusedMultiplyAdd(a, b, c) : (a * b) + c;
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static Vector128<T> ILanes<Vector128<T>, T>.And(Vector128<T> a, Vector128<T> b) => a & b;
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static Vector128<T> ILanes<Vector128<T>, T>.Or(Vector128<T> a, Vector128<T> b) => a | b;
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static Vector128<T> ILanes<Vector128<T>, T>.Xor(Vector128<T> a, Vector128<T> b) => a ^ b;
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static Vector128<T> ILanes<Vector128<T>, T>.AndNot(Vector128<T> a, Vector128<T> b) => Vector128.AndNot(a, b);
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static Vector128<T> ILanes<Vector128<T>, T>.Select(Vector128<T> mask, Vector128<T> ifSet, Vector128<T> ifClear) => Vector128.ConditionalSelect(mask, ifSet, ifClear);
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static Vector128<T> ILanes<Vector128<T>, T>.GreaterOrEqualMask(Vector128<T> value, T limit) => Vector128.GreaterThanOrEqual(value, Vector128.Create(limit));
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static Vector128<T> ILanes<Vector128<T>, T>.MinNative(Vector128<T> value, T limit) => Vector128.MinNative(Vector128.Create(limit), value);

        /// <summary>A fused multiply–add on lanes of either element type.</summary>
        /// <param name="a">Factor.</param>
        /// <param name="b">Factor.</param>
        /// <param name="c">Addend.</param>
        /// <returns><c>a·b + c</c>, rounded once.</returns>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector128<T> FusedMultiplyAdd(Vector128<T> a, Vector128<T> b, Vector128<T> c)
            => typeof(T) == typeof(double)
                ? Vector128.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>()
                : Vector128.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
    }

    /// <summary>
    /// The lane operations the kernels need, implemented for one vector width so that the kernels are
    /// written once; every member is a thin, inlined wrapper over <see cref="Vector128"/>/<see cref="Vector256"/>/<see cref="Vector512"/>.
    /// The operations common to double and float lanes come from <see cref="ILanes{TV, T}"/> (for both vector types);
    /// the members below are those of one element type only.
    /// </summary>
    /// <typeparam name="TD">The double vector type.</typeparam>
    /// <typeparam name="TF">The float vector type of the same width.</typeparam>
    private interface IVectorOps<TD, TF> : ILanes<TD, double>, ILanes<TF, float> where TD : struct where TF : struct
    {
        /// <summary>Number of double lanes.</summary>
        static abstract int DoubleCount { get; }

        /// <summary>Whether <see cref="ILanes{TV, T}.MulAdd"/> (double and float lanes) are fused (one rounding).</summary>
        static abstract bool IsFused { get; }

        /// <summary>Converts a float vector to two double vectors (lower and upper halves).</summary>
        /// <param name="value">The floats.</param>
        /// <returns>The lower and upper halves as doubles.</returns>
        static abstract (TD Lower, TD Upper) Widen(TF value);

        /// <summary>Converts two double vectors to one float vector (rounding to nearest).</summary>
        /// <param name="lower">The lower half.</param>
        /// <param name="upper">The upper half.</param>
        /// <returns>The floats.</returns>
        static abstract TF Narrow(TD lower, TD upper);

        /// <summary>Broadcasts a constant.</summary>
        /// <param name="value">The constant.</param>
        /// <returns>The vector with every lane equal to <paramref name="value"/>.</returns>
        static abstract TD Splat(double value);

        /// <summary>Adds an integer to each lane's 64-bit pattern.</summary>
        /// <param name="value">The lanes.</param>
        /// <param name="addend">The integer.</param>
        /// <returns>The bits plus <paramref name="addend"/>.</returns>
        static abstract TD AddToBits(TD value, long addend);

        /// <summary>Per lane: <paramref name="value"/> where |<paramref name="test"/>| &gt; <paramref name="threshold"/>, else +0.</summary>
        /// <param name="value">The lanes kept.</param>
        /// <param name="test">The lanes tested.</param>
        /// <param name="threshold">The threshold.</param>
        /// <returns>The masked lanes.</returns>
        static abstract TD ZeroUnlessAbsAbove(TD value, TD test, double threshold);

        /// <summary>Per lane: <paramref name="ifOdd"/> where the lowest bit of <paramref name="bits"/> is set, else <paramref name="ifEven"/>.</summary>
        /// <param name="bits">The selector lanes.</param>
        /// <param name="ifOdd">Chosen for odd selectors.</param>
        /// <param name="ifEven">Chosen for even selectors.</param>
        /// <returns>The selection.</returns>
        static abstract TD SelectIfOdd(TD bits, TD ifOdd, TD ifEven);

        // ---- float lanes (kernels evaluated without widening) ----

        /// <summary>Broadcasts a float constant.</summary>
        /// <param name="value">The constant.</param>
        /// <returns>The float vector with every lane equal to <paramref name="value"/>.</returns>
        static abstract TF SplatSingle(float value);

        /// <summary>
        /// Per lane: <paramref name="ifSet"/> where the sign bit of <paramref name="mask"/> is set, else
        /// <paramref name="ifClear"/> (only the sign bit is read: one variable blend on x86).
        /// </summary>
        /// <param name="mask">The selector lanes (their sign bits).</param>
        /// <param name="ifSet">Chosen where the sign bit is set.</param>
        /// <param name="ifClear">Chosen where it is clear.</param>
        /// <returns>The selection.</returns>
        static abstract TF SelectBySignBit(TF mask, TF ifSet, TF ifClear);

        /// <summary>Per lane: the larger of <paramref name="value"/> and <paramref name="limit"/> by the hardware's maximum (NaN lanes: unspecified).</summary>
        /// <param name="value">The lanes.</param>
        /// <param name="limit">The lower bound.</param>
        /// <returns>The bounded lanes.</returns>
        static abstract TF MaxNative(TF value, float limit);

        /// <summary>Per lane: <paramref name="x"/> where it is NaN, else <paramref name="value"/>.</summary>
        /// <param name="x">The lanes tested (and kept where NaN).</param>
        /// <param name="value">The lanes kept elsewhere.</param>
        /// <returns>The selection.</returns>
        static abstract TF KeepNaN(TF x, TF value);

        /// <summary>Adds an integer to each lane's 32-bit pattern.</summary>
        /// <param name="value">The lanes.</param>
        /// <param name="addend">The integer.</param>
        /// <returns>The bits plus <paramref name="addend"/>.</returns>
        static abstract TF AddToBits(TF value, int addend);

        /// <summary>Shifts each lane's 32-bit pattern right, as a signed integer (copying the sign bit).</summary>
        /// <param name="value">The lanes.</param>
        /// <param name="count">The shift count.</param>
        /// <returns>The shifted bits.</returns>
        static abstract TF ShiftRightArithmeticBits(TF value, int count);

        /// <summary>
        /// Whether any lane's bit pattern without the sign bit, as an integer, exceeds <paramref name="limitBits"/>: for a
        /// finite positive limit's pattern, whether any |v| &gt; limit or is NaN.
        /// </summary>
        /// <param name="value">The lanes.</param>
        /// <param name="limitBits">The bit pattern of the limit.</param>
        /// <returns>True when some lane is beyond the limit or NaN.</returns>
        static abstract bool AnyAbsBitsAbove(TF value, int limitBits);

        /// <summary>Whether any lane's bit pattern shares a set bit with <paramref name="mask"/> (one <c>vptest</c> on x86).</summary>
        /// <param name="value">The lanes.</param>
        /// <param name="mask">The bits tested.</param>
        /// <returns>True when <c>value &amp; mask</c> is not zero in some lane.</returns>
        static abstract bool AnyBitsSet(TF value, int mask);

        /// <summary>The correctly rounded square root of each float lane.</summary>
        /// <param name="value">The lanes.</param>
        /// <returns>The square roots.</returns>
        static abstract TF SqrtSingle(TF value);
    }

    /// <summary>The 512-bit operations (AVX-512: FMA always present).</summary>
    private readonly struct Ops512 : IVectorOps<Vector512<double>, Vector512<float>>, ILanes512<double>, ILanes512<float>
    {
        /// <inheritdoc/>
        public static int DoubleCount => Vector512<double>.Count;
        /// <inheritdoc/>
        public static bool IsFused => true;
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static (Vector512<double> Lower, Vector512<double> Upper) Widen(Vector512<float> value) => Vector512.Widen(value);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Narrow(Vector512<double> lower, Vector512<double> upper) => Vector512.Narrow(lower, upper);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<double> Splat(double value) => Vector512.Create(value);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<double> AddToBits(Vector512<double> value, long addend) => (value.AsInt64() + Vector512.Create(addend)).AsDouble();
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<double> ZeroUnlessAbsAbove(Vector512<double> value, Vector512<double> test, double threshold) => Vector512.GreaterThan(Vector512.Abs(test), Vector512.Create(threshold)) & value;
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<double> SelectIfOdd(Vector512<double> bits, Vector512<double> ifOdd, Vector512<double> ifEven) => Vector512.ConditionalSelect(Vector512.Equals(bits.AsUInt64() & Vector512<ulong>.One, Vector512<ulong>.One).AsDouble(), ifOdd, ifEven);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> SplatSingle(float value) => Vector512.Create(value);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> SelectBySignBit(Vector512<float> mask, Vector512<float> ifSet, Vector512<float> ifClear) => Vector512.ConditionalSelect(Vector512.ShiftRightArithmetic(mask.AsInt32(), 31).AsSingle(), ifSet, ifClear);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> MaxNative(Vector512<float> value, float limit) => Vector512.MaxNative(Vector512.Create(limit), value);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> KeepNaN(Vector512<float> x, Vector512<float> value) => Vector512.ConditionalSelect(Vector512.Equals(x, x), value, x);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> AddToBits(Vector512<float> value, int addend) => (value.AsInt32() + Vector512.Create(addend)).AsSingle();
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> ShiftRightArithmeticBits(Vector512<float> value, int count) => Vector512.ShiftRightArithmetic(value.AsInt32(), count).AsSingle();
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool AnyAbsBitsAbove(Vector512<float> value, int limitBits) => Vector512.GreaterThanAny(value.AsInt32() & Vector512.Create(int.MaxValue), Vector512.Create(limitBits));
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool AnyBitsSet(Vector512<float> value, int mask) => (value.AsInt32() & Vector512.Create(mask)) != Vector512<int>.Zero;
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> SqrtSingle(Vector512<float> value) => Vector512.Sqrt(value);
    }

    /// <summary>The 256-bit operations (AVX2 with FMA3).</summary>
    private readonly struct Ops256 : IVectorOps<Vector256<double>, Vector256<float>>, ILanes256<double>, ILanes256<float>
    {
        /// <inheritdoc/>
        public static int DoubleCount => Vector256<double>.Count;
        /// <inheritdoc/>
        public static bool IsFused => true;
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static (Vector256<double> Lower, Vector256<double> Upper) Widen(Vector256<float> value) => Vector256.Widen(value);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Narrow(Vector256<double> lower, Vector256<double> upper) => Vector256.Narrow(lower, upper);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<double> Splat(double value) => Vector256.Create(value);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<double> AddToBits(Vector256<double> value, long addend) => (value.AsInt64() + Vector256.Create(addend)).AsDouble();
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<double> ZeroUnlessAbsAbove(Vector256<double> value, Vector256<double> test, double threshold) => Vector256.GreaterThan(Vector256.Abs(test), Vector256.Create(threshold)) & value;
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<double> SelectIfOdd(Vector256<double> bits, Vector256<double> ifOdd, Vector256<double> ifEven) => Vector256.ConditionalSelect(Vector256.Equals(bits.AsUInt64() & Vector256<ulong>.One, Vector256<ulong>.One).AsDouble(), ifOdd, ifEven);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> SplatSingle(float value) => Vector256.Create(value);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> SelectBySignBit(Vector256<float> mask, Vector256<float> ifSet, Vector256<float> ifClear) => Avx.BlendVariable(ifClear, ifSet, mask);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> MaxNative(Vector256<float> value, float limit) => Vector256.MaxNative(Vector256.Create(limit), value);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> KeepNaN(Vector256<float> x, Vector256<float> value) => Vector256.ConditionalSelect(Vector256.Equals(x, x), value, x);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> AddToBits(Vector256<float> value, int addend) => (value.AsInt32() + Vector256.Create(addend)).AsSingle();
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> ShiftRightArithmeticBits(Vector256<float> value, int count) => Vector256.ShiftRightArithmetic(value.AsInt32(), count).AsSingle();
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool AnyAbsBitsAbove(Vector256<float> value, int limitBits) => Vector256.GreaterThanAny(value.AsInt32() & Vector256.Create(int.MaxValue), Vector256.Create(limitBits));
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool AnyBitsSet(Vector256<float> value, int mask) => (value.AsInt32() & Vector256.Create(mask)) != Vector256<int>.Zero;
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> SqrtSingle(Vector256<float> value) => Vector256.Sqrt(value);
    }

    /// <summary>The 128-bit operations: with a fused multiply–add where the hardware has one (x86 FMA3, Arm64), else (e.g. SSE4-only x86) a rounded product then a rounded sum, with reduction constants made for that.</summary>
    private readonly struct Ops128 : IVectorOps<Vector128<double>, Vector128<float>>, ILanes128<double>, ILanes128<float>
    {
        /// <inheritdoc/>
        public static int DoubleCount => Vector128<double>.Count;
        /// <inheritdoc/>
        public static bool IsFused => Fused128;
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static (Vector128<double> Lower, Vector128<double> Upper) Widen(Vector128<float> value) => Vector128.Widen(value);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> Narrow(Vector128<double> lower, Vector128<double> upper) => Vector128.Narrow(lower, upper);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<double> Splat(double value) => Vector128.Create(value);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<double> AddToBits(Vector128<double> value, long addend) => (value.AsInt64() + Vector128.Create(addend)).AsDouble();
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<double> ZeroUnlessAbsAbove(Vector128<double> value, Vector128<double> test, double threshold) => Vector128.GreaterThan(Vector128.Abs(test), Vector128.Create(threshold)) & value;
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<double> SelectIfOdd(Vector128<double> bits, Vector128<double> ifOdd, Vector128<double> ifEven) => Vector128.ConditionalSelect(Vector128.Equals(bits.AsUInt64() & Vector128<ulong>.One, Vector128<ulong>.One).AsDouble(), ifOdd, ifEven);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> SplatSingle(float value) => Vector128.Create(value);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> SelectBySignBit(Vector128<float> mask, Vector128<float> ifSet, Vector128<float> ifClear)
            => Sse41.IsSupported
                ? Sse41.BlendVariable(ifClear, ifSet, mask)
                : Vector128.ConditionalSelect(Vector128.ShiftRightArithmetic(mask.AsInt32(), 31).AsSingle(), ifSet, ifClear);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> MaxNative(Vector128<float> value, float limit) => Vector128.MaxNative(Vector128.Create(limit), value);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> KeepNaN(Vector128<float> x, Vector128<float> value) => Vector128.ConditionalSelect(Vector128.Equals(x, x), value, x);
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> AddToBits(Vector128<float> value, int addend) => (value.AsInt32() + Vector128.Create(addend)).AsSingle();
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> ShiftRightArithmeticBits(Vector128<float> value, int count) => Vector128.ShiftRightArithmetic(value.AsInt32(), count).AsSingle();
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool AnyAbsBitsAbove(Vector128<float> value, int limitBits) => Vector128.GreaterThanAny(value.AsInt32() & Vector128.Create(int.MaxValue), Vector128.Create(limitBits));
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool AnyBitsSet(Vector128<float> value, int mask) => (value.AsInt32() & Vector128.Create(mask)) != Vector128<int>.Zero;
        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> SqrtSingle(Vector128<float> value) => Vector128.Sqrt(value);
    }
}
