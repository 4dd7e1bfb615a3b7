using System.Numerics;
using System.Runtime.CompilerServices;

namespace Functional.AD;

// The contract every micro-kernel fulfils, the vector operations a SIMD kernel needs at one width, and the tile
// code written once over them: one step of six rows, the write-back of six rows, and the whole 6-row tile used by
// the 256- and 128-bit kernels. Each kernel's width adapter is a struct, so the generic code is specialised per
// width and element type and every helper below inlines into the kernel's loop (the accumulators stay in registers).
internal static partial class Gemm
{
    /// <summary>
    /// A register-blocked micro-kernel computing one <c>MR x NR</c> tile of C from packed micro-panels, together
    /// with the cache-blocking parameters tuned for it. Implementations are structs so that generic code using
    /// them is specialised and the static members become JIT-time constants.
    /// </summary>
    /// <typeparam name="T">The element type.</typeparam>
    internal interface IMicroKernel<T>
        where T : unmanaged, INumber<T>
    {
        /// <summary>Gets the number of rows of the register tile (rows of a packed A micro-panel).</summary>
        static abstract int MR { get; }

        /// <summary>Gets the number of columns of the register tile (columns of a packed B micro-panel).</summary>
        static abstract int NR { get; }

        /// <summary>Gets the block size over the shared dimension (classically so that a <c>KC x NR</c> micro-panel of B fits in L1; each kernel says how its value was chosen).</summary>
        static abstract int KC { get; }

        /// <summary>Gets the block size over rows of C (a multiple of <see cref="MR"/>; an <c>MC x KC</c> block of A should fit in L2).</summary>
        static abstract int MC { get; }

        /// <summary>Gets the block size over columns of C (a multiple of <see cref="NR"/>; a <c>KC x NC</c> panel of B should fit in L3).</summary>
        static abstract int NC { get; }

        /// <summary>Gets a value indicating whether this kernel's vector width is hardware accelerated for <typeparamref name="T"/>.</summary>
        static abstract bool IsAccelerated { get; }

        /// <summary>
        /// Computes the tile <c>C[0..MR, 0..NR] (+)= Apanel * Bpanel</c>, where <paramref name="a"/> holds <c>MR</c>
        /// consecutive values per step of the shared dimension and <paramref name="b"/> holds <c>NR</c>.
        /// </summary>
        /// <param name="kc">Length of the shared dimension.</param>
        /// <param name="a">Packed A micro-panel (<c>kc * MR</c> elements).</param>
        /// <param name="b">Packed B micro-panel (<c>kc * NR</c> elements).</param>
        /// <param name="c">Top-left element of the C tile.</param>
        /// <param name="ldc">Element stride between rows of the C tile.</param>
        /// <param name="accumulate">Whether to add to C (true) or overwrite it (false).</param>
        static abstract unsafe void Run(int kc, T* a, T* b, T* c, nint ldc, bool accumulate);

        /// <summary>
        /// Computes the first <paramref name="rows"/> rows (1 to <c>MR - 1</c>) of a tile whose A micro-panel is
        /// zero-padded to <c>MR</c> rows, into <paramref name="c"/> (overwriting): the last row panel of a block.
        /// It may write up to <c>MR</c> rows of <paramref name="c"/> (the macro-kernel's scratch tile), but spends
        /// less than a whole tile's work when few rows are real.
        /// </summary>
        /// <param name="rows">The real rows of the tile.</param>
        /// <param name="kc">Length of the shared dimension.</param>
        /// <param name="a">Packed A micro-panel (<c>kc * MR</c> elements).</param>
        /// <param name="b">Packed B micro-panel (<c>kc * NR</c> elements).</param>
        /// <param name="c">Top-left element of a scratch tile of <c>MR</c> rows.</param>
        /// <param name="ldc">Element stride between rows of <paramref name="c"/>.</param>
        static abstract unsafe void RunRows(int rows, int kc, T* a, T* b, T* c, nint ldc);

        /// <summary>Gets a value indicating whether the kernel implements <see cref="RunRowMajorA"/>.</summary>
        static virtual bool ReadsRowMajorA => false;

        /// <summary>
        /// Computes the tile like <see cref="Run"/>, but reads its <c>MR</c> rows of A where they are, unpacked: step
        /// <c>p</c> of row <c>r</c> at <c>a[r*lda + p]</c> (a row-major A).
        /// </summary>
        /// <param name="kc">Length of the shared dimension.</param>
        /// <param name="a">First element of the tile's first row of A.</param>
        /// <param name="lda">Element stride between rows of A.</param>
        /// <param name="b">Packed B micro-panel (<c>kc * NR</c> elements).</param>
        /// <param name="c">Top-left element of the C tile.</param>
        /// <param name="ldc">Element stride between rows of the C tile.</param>
        /// <param name="accumulate">Whether to add to C (true) or overwrite it (false).</param>
        static virtual unsafe void RunRowMajorA(int kc, T* a, nint lda, T* b, T* c, nint ldc, bool accumulate)
            => throw new System.NotSupportedException("this micro-kernel reads packed A only");
    }

    /// <summary>
    /// The vector operations of one SIMD width that the micro-kernels use, as static members of a struct so that
    /// every call is resolved and inlined when the kernel is compiled.
    /// </summary>
    /// <typeparam name="TV">The vector type (<c>Vector512&lt;T&gt;</c>, <c>Vector256&lt;T&gt;</c> or <c>Vector128&lt;T&gt;</c>).</typeparam>
    /// <typeparam name="T">The element type.</typeparam>
    internal interface ITileVector<TV, T>
        where TV : struct
        where T : unmanaged, INumber<T>
    {
        /// <summary>Gets the number of elements in one vector.</summary>
        static abstract int Count { get; }

        /// <summary>Gets how many steps of the shared dimension one iteration of the tile loop takes (2 or 4).</summary>
        static abstract int Unroll { get; }

        /// <summary>Loads a vector from a possibly unaligned address.</summary>
        /// <param name="source">The first element.</param>
        /// <returns>The vector.</returns>
        static abstract unsafe TV Load(T* source);

        /// <summary>Stores a vector at a possibly unaligned address.</summary>
        /// <param name="value">The vector.</param>
        /// <param name="destination">Where its first element goes.</param>
        static abstract unsafe void Store(TV value, T* destination);

        /// <summary>Broadcasts one element to every lane.</summary>
        /// <param name="value">The element.</param>
        /// <returns>The vector.</returns>
        static abstract TV Splat(T value);

        /// <summary>Lane-wise <c>x + y</c>.</summary>
        /// <param name="x">Left.</param>
        /// <param name="y">Right.</param>
        /// <returns>The sums.</returns>
        static abstract TV Add(TV x, TV y);

        /// <summary>Lane-wise <c>x * y + acc</c>, fused where the hardware supports it.</summary>
        /// <param name="x">Factor.</param>
        /// <param name="y">Factor.</param>
        /// <param name="acc">Addend.</param>
        /// <returns>The results.</returns>
        static abstract TV MulAdd(TV x, TV y, TV acc);
    }

    /// <summary>
    /// One step of the shared dimension for six rows of a tile two vectors wide, reading A in place: rows 0-2 at
    /// <c>a0</c>, <c>a0 + lda</c>, <c>a0 + lda2</c>, rows 3-5 at the same offsets from <c>a3</c> (four address
    /// registers serve twelve rows, each load one addressing mode).
    /// </summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <typeparam name="TV">The vector type.</typeparam>
    /// <typeparam name="TW">The width's vector operations.</typeparam>
    /// <param name="a0">This step's element of row 0.</param>
    /// <param name="a3">This step's element of row 3.</param>
    /// <param name="lda">Element stride between rows.</param>
    /// <param name="lda2">Twice <paramref name="lda"/>.</param>
    /// <param name="b0">The first vector of this step's B row.</param>
    /// <param name="b1">The second vector of this step's B row.</param>
    /// <param name="c00">Accumulators of the six rows (two per row), updated.</param>
    /// <param name="c01">See <paramref name="c00"/>.</param>
    /// <param name="c10">See <paramref name="c00"/>.</param>
    /// <param name="c11">See <paramref name="c00"/>.</param>
    /// <param name="c20">See <paramref name="c00"/>.</param>
    /// <param name="c21">See <paramref name="c00"/>.</param>
    /// <param name="c30">See <paramref name="c00"/>.</param>
    /// <param name="c31">See <paramref name="c00"/>.</param>
    /// <param name="c40">See <paramref name="c00"/>.</param>
    /// <param name="c41">See <paramref name="c00"/>.</param>
    /// <param name="c50">See <paramref name="c00"/>.</param>
    /// <param name="c51">See <paramref name="c00"/>.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void SixRowStepRowMajor<T, TV, TW>(
        T* a0, T* a3, nint lda, nint lda2, TV b0, TV b1,
        ref TV c00, ref TV c01, ref TV c10, ref TV c11, ref TV c20, ref TV c21,
        ref TV c30, ref TV c31, ref TV c40, ref TV c41, ref TV c50, ref TV c51)
        where T : unmanaged, INumber<T>
        where TV : struct
        where TW : struct, ITileVector<TV, T>
    {
        RowStep<T, TV, TW>(a0[0], b0, b1, ref c00, ref c01);
        RowStep<T, TV, TW>(a0[lda], b0, b1, ref c10, ref c11);
        RowStep<T, TV, TW>(a0[lda2], b0, b1, ref c20, ref c21);
        RowStep<T, TV, TW>(a3[0], b0, b1, ref c30, ref c31);
        RowStep<T, TV, TW>(a3[lda], b0, b1, ref c40, ref c41);
        RowStep<T, TV, TW>(a3[lda2], b0, b1, ref c50, ref c51);
    }

    /// <summary>
    /// One step of the shared dimension for six rows of a tile two vectors wide: row <c>r</c> adds
    /// <c>a[r] * (b0, b1)</c> to its accumulators <c>(cr0, cr1)</c>.
    /// </summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <typeparam name="TV">The vector type.</typeparam>
    /// <typeparam name="TW">The width's vector operations.</typeparam>
    /// <param name="a">The six A values of this step.</param>
    /// <param name="b0">The first vector of this step's B row.</param>
    /// <param name="b1">The second vector of this step's B row.</param>
    /// <param name="c00">Row 0, first vector.</param>
    /// <param name="c01">Row 0, second vector.</param>
    /// <param name="c10">Row 1, first vector.</param>
    /// <param name="c11">Row 1, second vector.</param>
    /// <param name="c20">Row 2, first vector.</param>
    /// <param name="c21">Row 2, second vector.</param>
    /// <param name="c30">Row 3, first vector.</param>
    /// <param name="c31">Row 3, second vector.</param>
    /// <param name="c40">Row 4, first vector.</param>
    /// <param name="c41">Row 4, second vector.</param>
    /// <param name="c50">Row 5, first vector.</param>
    /// <param name="c51">Row 5, second vector.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void SixRowStep<T, TV, TW>(
        T* a, TV b0, TV b1,
        ref TV c00, ref TV c01, ref TV c10, ref TV c11, ref TV c20, ref TV c21,
        ref TV c30, ref TV c31, ref TV c40, ref TV c41, ref TV c50, ref TV c51)
        where T : unmanaged, INumber<T>
        where TV : struct
        where TW : struct, ITileVector<TV, T>
    {
        RowStep<T, TV, TW>(a[0], b0, b1, ref c00, ref c01);
        RowStep<T, TV, TW>(a[1], b0, b1, ref c10, ref c11);
        RowStep<T, TV, TW>(a[2], b0, b1, ref c20, ref c21);
        RowStep<T, TV, TW>(a[3], b0, b1, ref c30, ref c31);
        RowStep<T, TV, TW>(a[4], b0, b1, ref c40, ref c41);
        RowStep<T, TV, TW>(a[5], b0, b1, ref c50, ref c51);
    }

    /// <summary>One step of the shared dimension for one row of a tile two vectors wide: <c>(c0, c1) += a * (b0, b1)</c>.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <typeparam name="TV">The vector type.</typeparam>
    /// <typeparam name="TW">The width's vector operations.</typeparam>
    /// <param name="a">The row's A value of this step.</param>
    /// <param name="b0">The first vector of this step's B row.</param>
    /// <param name="b1">The second vector of this step's B row.</param>
    /// <param name="c0">The row's first accumulator.</param>
    /// <param name="c1">The row's second accumulator.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void RowStep<T, TV, TW>(T a, TV b0, TV b1, ref TV c0, ref TV c1)
        where T : unmanaged, INumber<T>
        where TV : struct
        where TW : struct, ITileVector<TV, T>
    {
        TV ar = TW.Splat(a);
        c0 = TW.MulAdd(ar, b0, c0);
        c1 = TW.MulAdd(ar, b1, c1);
    }

    /// <summary>Writes six rows of accumulators (two vectors each) to C, adding C's values first when accumulating.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <typeparam name="TV">The vector type.</typeparam>
    /// <typeparam name="TW">The width's vector operations.</typeparam>
    /// <param name="c">The first element of the first of the six rows.</param>
    /// <param name="ldc">Element stride between rows of C.</param>
    /// <param name="accumulate">Whether to add to C (true) or overwrite it (false).</param>
    /// <param name="c00">Row 0, first vector.</param>
    /// <param name="c01">Row 0, second vector.</param>
    /// <param name="c10">Row 1, first vector.</param>
    /// <param name="c11">Row 1, second vector.</param>
    /// <param name="c20">Row 2, first vector.</param>
    /// <param name="c21">Row 2, second vector.</param>
    /// <param name="c30">Row 3, first vector.</param>
    /// <param name="c31">Row 3, second vector.</param>
    /// <param name="c40">Row 4, first vector.</param>
    /// <param name="c41">Row 4, second vector.</param>
    /// <param name="c50">Row 5, first vector.</param>
    /// <param name="c51">Row 5, second vector.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void StoreSixRows<T, TV, TW>(
        T* c, nint ldc, bool accumulate,
        TV c00, TV c01, TV c10, TV c11, TV c20, TV c21, TV c30, TV c31, TV c40, TV c41, TV c50, TV c51)
        where T : unmanaged, INumber<T>
        where TV : struct
        where TW : struct, ITileVector<TV, T>
    {
        StoreRow<T, TV, TW>(c, accumulate, c00, c01);
        StoreRow<T, TV, TW>(c + ldc, accumulate, c10, c11);
        StoreRow<T, TV, TW>(c + 2 * ldc, accumulate, c20, c21);
        StoreRow<T, TV, TW>(c + 3 * ldc, accumulate, c30, c31);
        StoreRow<T, TV, TW>(c + 4 * ldc, accumulate, c40, c41);
        StoreRow<T, TV, TW>(c + 5 * ldc, accumulate, c50, c51);
    }

    /// <summary>Writes one row of accumulators (two vectors) to C, adding C's values first when accumulating.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <typeparam name="TV">The vector type.</typeparam>
    /// <typeparam name="TW">The width's vector operations.</typeparam>
    /// <param name="row">The first element of the row of C.</param>
    /// <param name="accumulate">Whether to add to C (true) or overwrite it (false).</param>
    /// <param name="c0">The first vector.</param>
    /// <param name="c1">The second vector.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void StoreRow<T, TV, TW>(T* row, bool accumulate, TV c0, TV c1)
        where T : unmanaged, INumber<T>
        where TV : struct
        where TW : struct, ITileVector<TV, T>
    {
        if (accumulate)
        {
            c0 = TW.Add(c0, TW.Load(row));
            c1 = TW.Add(c1, TW.Load(row + TW.Count));
        }

        TW.Store(c0, row);
        TW.Store(c1, row + TW.Count);
    }

    /// <summary>
    /// The 6 x (2 vectors) tile of the 256- and 128-bit kernels: twelve accumulators in registers, the shared
    /// dimension unrolled by <see cref="ITileVector{TV, T}.Unroll"/> steps (a JIT-time constant).
    /// </summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <typeparam name="TV">The vector type.</typeparam>
    /// <typeparam name="TW">The width's vector operations.</typeparam>
    /// <param name="kc">Length of the shared dimension.</param>
    /// <param name="a">Packed A micro-panel (<c>kc * 6</c> elements).</param>
    /// <param name="b">Packed B micro-panel (<c>kc * 2 * TW.Count</c> elements).</param>
    /// <param name="c">Top-left element of the C tile.</param>
    /// <param name="ldc">Element stride between rows of the C tile.</param>
    /// <param name="accumulate">Whether to add to C (true) or overwrite it (false).</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void SixRowTile<T, TV, TW>(int kc, T* a, T* b, T* c, nint ldc, bool accumulate)
        where T : unmanaged, INumber<T>
        where TV : struct
        where TW : struct, ITileVector<TV, T>
    {
        int vc = TW.Count;
        int unroll = TW.Unroll;
        TV c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        TV c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        int p = 0;
        for (; p + unroll <= kc; p += unroll)
        {
            SixRowStep<T, TV, TW>(a, TW.Load(b), TW.Load(b + vc),
                ref c00, ref c01, ref c10, ref c11, ref c20, ref c21, ref c30, ref c31, ref c40, ref c41, ref c50, ref c51);
            SixRowStep<T, TV, TW>(a + 6, TW.Load(b + 2 * vc), TW.Load(b + 3 * vc),
                ref c00, ref c01, ref c10, ref c11, ref c20, ref c21, ref c30, ref c31, ref c40, ref c41, ref c50, ref c51);
            if (unroll == 4)
            {
                SixRowStep<T, TV, TW>(a + 12, TW.Load(b + 4 * vc), TW.Load(b + 5 * vc),
                    ref c00, ref c01, ref c10, ref c11, ref c20, ref c21, ref c30, ref c31, ref c40, ref c41, ref c50, ref c51);
                SixRowStep<T, TV, TW>(a + 18, TW.Load(b + 6 * vc), TW.Load(b + 7 * vc),
                    ref c00, ref c01, ref c10, ref c11, ref c20, ref c21, ref c30, ref c31, ref c40, ref c41, ref c50, ref c51);
            }

            a += 6 * unroll;
            b += 2 * unroll * vc;
        }

        for (; p < kc; p++)
        {
            SixRowStep<T, TV, TW>(a, TW.Load(b), TW.Load(b + vc),
                ref c00, ref c01, ref c10, ref c11, ref c20, ref c21, ref c30, ref c31, ref c40, ref c41, ref c50, ref c51);
            a += 6;
            b += 2 * vc;
        }

        StoreSixRows<T, TV, TW>(c, ldc, accumulate, c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51);
    }

    /// <summary>
    /// The 6 x (2 vectors) tile of <see cref="SixRowTile{T, TV, TW}"/> reading its six rows of a row-major A in place.
    /// </summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <typeparam name="TV">The vector type.</typeparam>
    /// <typeparam name="TW">The width's vector operations.</typeparam>
    /// <param name="kc">Length of the shared dimension.</param>
    /// <param name="a">First element of the tile's first row of A.</param>
    /// <param name="lda">Element stride between rows of A.</param>
    /// <param name="b">Packed B micro-panel (<c>kc * 2 * TW.Count</c> elements).</param>
    /// <param name="c">Top-left element of the C tile.</param>
    /// <param name="ldc">Element stride between rows of the C tile.</param>
    /// <param name="accumulate">Whether to add to C (true) or overwrite it (false).</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void SixRowTileRowMajorA<T, TV, TW>(int kc, T* a, nint lda, T* b, T* c, nint ldc, bool accumulate)
        where T : unmanaged, INumber<T>
        where TV : struct
        where TW : struct, ITileVector<TV, T>
    {
        int vc = TW.Count;
        TV c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        TV c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        T* a3 = a + (3 * lda);
        nint lda2 = 2 * lda;
        for (int p = 0; p < kc; p++)
        {
            SixRowStepRowMajor<T, TV, TW>(a, a3, lda, lda2, TW.Load(b), TW.Load(b + vc),
                ref c00, ref c01, ref c10, ref c11, ref c20, ref c21, ref c30, ref c31, ref c40, ref c41, ref c50, ref c51);
            a++;
            a3++;
            b += 2 * vc;
        }

        StoreSixRows<T, TV, TW>(c, ldc, accumulate, c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51);
    }
    /// <summary>
    /// Computes the first <paramref name="rows"/> rows of a tile two vectors wide in passes of four rows (eight
    /// accumulators each), reading the packed A micro-panel with its stride of <paramref name="mr"/> values per step,
    /// and overwrites rows <c>0 .. 4 * passes</c> of <paramref name="c"/>, when that is fewer rows than
    /// <paramref name="mr"/>; else does nothing and returns false (the caller runs its whole tile). The last row
    /// panel of a block of 128 rows holds 8 real rows of 12 (or 2 of 6): two passes (one) instead of a whole tile.
    /// </summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <typeparam name="TV">The vector type.</typeparam>
    /// <typeparam name="TW">The width's vector operations.</typeparam>
    /// <returns>Whether the rows were computed.</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe bool TryRowPasses<T, TV, TW>(int rows, int mr, int kc, T* a, T* b, T* c, nint ldc)
        where T : unmanaged, INumber<T>
        where TV : struct
        where TW : struct, ITileVector<TV, T>
    {
        int passes = (rows + 3) / 4;
        if (4 * passes >= mr)
        {
            return false;
        }

        for (int pass = 0; pass < passes; pass++)
        {
            FourRowTile<T, TV, TW>(kc, a + (4 * pass), mr, b, c + (4 * pass * ldc), ldc);
        }

        return true;
    }

    /// <summary>
    /// Four rows of a tile two vectors wide from a packed A micro-panel of <paramref name="mr"/> values per step,
    /// overwriting C.
    /// </summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <typeparam name="TV">The vector type.</typeparam>
    /// <typeparam name="TW">The width's vector operations.</typeparam>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void FourRowTile<T, TV, TW>(int kc, T* a, int mr, T* b, T* c, nint ldc)
        where T : unmanaged, INumber<T>
        where TV : struct
        where TW : struct, ITileVector<TV, T>
    {
        int vc = TW.Count;
        TV c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default, c30 = default, c31 = default;
        for (int p = 0; p < kc; p++)
        {
            TV b0 = TW.Load(b);
            TV b1 = TW.Load(b + vc);
            RowStep<T, TV, TW>(a[0], b0, b1, ref c00, ref c01);
            RowStep<T, TV, TW>(a[1], b0, b1, ref c10, ref c11);
            RowStep<T, TV, TW>(a[2], b0, b1, ref c20, ref c21);
            RowStep<T, TV, TW>(a[3], b0, b1, ref c30, ref c31);
            a += mr;
            b += 2 * vc;
        }

        StoreRow<T, TV, TW>(c, false, c00, c01);
        StoreRow<T, TV, TW>(c + ldc, false, c10, c11);
        StoreRow<T, TV, TW>(c + (2 * ldc), false, c20, c21);
        StoreRow<T, TV, TW>(c + (3 * ldc), false, c30, c31);
    }
}
