using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Functional.AD;

// The 512-bit (AVX-512 class) micro-kernel: its blocking parameters, its 12-row tile (two 6-row halves sharing each step's B vectors) and its vector operations.
internal static partial class Gemm
{
    /// <summary>AVX-512 class micro-kernel: a 12 x (2 * Vector512&lt;T&gt;.Count) tile (12 x 32 floats, 12 x 16 doubles) held in 24 of the 32 vector registers.</summary>
    internal readonly struct Kernel512<T> : IMicroKernel<T>
        where T : unmanaged, INumber<T>
    {
        /// <inheritdoc/>
        public static int MR => 12;
        /// <inheritdoc/>
        public static int NR => 2 * Vector512<T>.Count;
        /// <inheritdoc/>
        /// <remarks>
        /// Deep on purpose: a KC x NR micro-panel of B (128 KiB of floats) does not fit in L1 and streams from L2,
        /// which the kernel's 176 bytes per 24 multiply-adds leave far from its bandwidth, while every extra block
        /// of the shared dimension costs one more load and store pass over C. Measured on Zen 4 (one thread, f32
        /// n = 1024 / 2048): 100-105 GFLOP/s with KC = 256, 108-111 with KC = 1024 (94% of the FMA peak).
        /// </remarks>
        public static int KC => 1024;
        /// <inheritdoc/>
        /// <remarks>Four micro-panels of rows (two for doubles): with the deep <see cref="KC"/> the block of A is 192 KiB.</remarks>
        public static int MC => Unsafe.SizeOf<T>() == 4 ? 48 : 24;
        /// <inheritdoc/>
        /// <remarks>
        /// A packed KC x NC panel of B of 4 MiB in either precision (1024 columns of floats, 512 of doubles). With 1024
        /// columns of doubles (8 MiB per thread) large f64 products measured 2-4% slower at one and two threads
        /// (n = 2048, alternating processes); f32 showed no difference between 512 and 1024 beyond the noise.
        /// </remarks>
        public static int NC => Unsafe.SizeOf<T>() == 4 ? 1024 : 512;
        /// <inheritdoc/>
        public static bool IsAccelerated => Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported;

        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static unsafe void Run(int kc, T* a, T* b, T* c, nint ldc, bool accumulate)
        {
            int vc = Vector512<T>.Count;
            PrefetchTile(c, ldc);
            Vector512<T> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
            Vector512<T> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
            Vector512<T> c60 = default, c61 = default, c70 = default, c71 = default, c80 = default, c81 = default;
            Vector512<T> c90 = default, c91 = default, c100 = default, c101 = default, c110 = default, c111 = default;
            int p = 0;
            for (; p + 2 <= kc; p += 2)
            {
                Step(a, b, ref c00, ref c01, ref c10, ref c11, ref c20, ref c21, ref c30, ref c31, ref c40, ref c41, ref c50, ref c51,
                    ref c60, ref c61, ref c70, ref c71, ref c80, ref c81, ref c90, ref c91, ref c100, ref c101, ref c110, ref c111);
                Step(a + 12, b + 2 * vc, ref c00, ref c01, ref c10, ref c11, ref c20, ref c21, ref c30, ref c31, ref c40, ref c41, ref c50, ref c51,
                    ref c60, ref c61, ref c70, ref c71, ref c80, ref c81, ref c90, ref c91, ref c100, ref c101, ref c110, ref c111);
                a += 24;
                b += 4 * vc;
            }

            if (p < kc)
            {
                Step(a, b, ref c00, ref c01, ref c10, ref c11, ref c20, ref c21, ref c30, ref c31, ref c40, ref c41, ref c50, ref c51,
                    ref c60, ref c61, ref c70, ref c71, ref c80, ref c81, ref c90, ref c91, ref c100, ref c101, ref c110, ref c111);
            }

            StoreSixRows<T, Vector512<T>, Lanes>(c, ldc, accumulate, c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51);
            StoreSixRows<T, Vector512<T>, Lanes>(c + 6 * ldc, ldc, accumulate, c60, c61, c70, c71, c80, c81, c90, c91, c100, c101, c110, c111);
        }

        /// <inheritdoc/>
        public static bool ReadsRowMajorA => true;

        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static unsafe void RunRowMajorA(int kc, T* a, nint lda, T* b, T* c, nint ldc, bool accumulate)
        {
            int vc = Vector512<T>.Count;
            PrefetchTile(c, ldc);
            Vector512<T> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
            Vector512<T> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
            Vector512<T> c60 = default, c61 = default, c70 = default, c71 = default, c80 = default, c81 = default;
            Vector512<T> c90 = default, c91 = default, c100 = default, c101 = default, c110 = default, c111 = default;
            T* a3 = a + (3 * lda);
            T* a6 = a + (6 * lda);
            T* a9 = a + (9 * lda);
            nint lda2 = 2 * lda;
            for (int p = 0; p < kc; p++)
            {
                Vector512<T> b0 = Vector512.Load(b);
                Vector512<T> b1 = Vector512.Load(b + vc);
                SixRowStepRowMajor<T, Vector512<T>, Lanes>(a, a3, lda, lda2, b0, b1,
                    ref c00, ref c01, ref c10, ref c11, ref c20, ref c21, ref c30, ref c31, ref c40, ref c41, ref c50, ref c51);
                SixRowStepRowMajor<T, Vector512<T>, Lanes>(a6, a9, lda, lda2, b0, b1,
                    ref c60, ref c61, ref c70, ref c71, ref c80, ref c81, ref c90, ref c91, ref c100, ref c101, ref c110, ref c111);
                a++;
                a3++;
                a6++;
                a9++;
                b += 2 * vc;
            }

            StoreSixRows<T, Vector512<T>, Lanes>(c, ldc, accumulate, c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51);
            StoreSixRows<T, Vector512<T>, Lanes>(c + 6 * ldc, ldc, accumulate, c60, c61, c70, c71, c80, c81, c90, c91, c100, c101, c110, c111);
        }

        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static unsafe void RunRows(int rows, int kc, T* a, T* b, T* c, nint ldc)
        {
            if (!TryRowPasses<T, Vector512<T>, Lanes>(rows, MR, kc, a, b, c, ldc))
            {
                Run(kc, a, b, c, ldc, accumulate: false);
            }
        }

        /// <summary>
        /// Asks for the tile's twelve rows of C (two cache lines each) before the multiply-adds start: for large C
        /// they are in no cache, and a store (or the load of the accumulating pass) that waits for them would stall
        /// the kernel for longer than its arithmetic takes.
        /// </summary>
        /// <param name="c">Top-left element of the tile.</param>
        /// <param name="ldc">Element stride between rows of the tile.</param>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static unsafe void PrefetchTile(T* c, nint ldc)
        {
            if (Sse.IsSupported)
            {
                for (int r = 0; r < 12; r++)
                {
                    Sse.Prefetch0(c + (r * ldc));
                    Sse.Prefetch0(c + (r * ldc) + Vector512<T>.Count);
                }
            }
        }

        /// <summary>One step of the shared dimension for all twelve rows: the two halves share the step's B vectors.</summary>
        /// <param name="a">The twelve A values of this step.</param>
        /// <param name="b">The two B vectors of this step.</param>
        /// <param name="c00">Accumulators of rows 0 to 11 (two per row), updated.</param>
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
        /// <param name="c60">See <paramref name="c00"/>.</param>
        /// <param name="c61">See <paramref name="c00"/>.</param>
        /// <param name="c70">See <paramref name="c00"/>.</param>
        /// <param name="c71">See <paramref name="c00"/>.</param>
        /// <param name="c80">See <paramref name="c00"/>.</param>
        /// <param name="c81">See <paramref name="c00"/>.</param>
        /// <param name="c90">See <paramref name="c00"/>.</param>
        /// <param name="c91">See <paramref name="c00"/>.</param>
        /// <param name="c100">See <paramref name="c00"/>.</param>
        /// <param name="c101">See <paramref name="c00"/>.</param>
        /// <param name="c110">See <paramref name="c00"/>.</param>
        /// <param name="c111">See <paramref name="c00"/>.</param>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static unsafe void Step(
            T* a, T* b,
            ref Vector512<T> c00, ref Vector512<T> c01, ref Vector512<T> c10, ref Vector512<T> c11, ref Vector512<T> c20, ref Vector512<T> c21,
            ref Vector512<T> c30, ref Vector512<T> c31, ref Vector512<T> c40, ref Vector512<T> c41, ref Vector512<T> c50, ref Vector512<T> c51,
            ref Vector512<T> c60, ref Vector512<T> c61, ref Vector512<T> c70, ref Vector512<T> c71, ref Vector512<T> c80, ref Vector512<T> c81,
            ref Vector512<T> c90, ref Vector512<T> c91, ref Vector512<T> c100, ref Vector512<T> c101, ref Vector512<T> c110, ref Vector512<T> c111)
        {
            Vector512<T> b0 = Vector512.Load(b);
            Vector512<T> b1 = Vector512.Load(b + Vector512<T>.Count);
            SixRowStep<T, Vector512<T>, Lanes>(a, b0, b1, ref c00, ref c01, ref c10, ref c11, ref c20, ref c21, ref c30, ref c31, ref c40, ref c41, ref c50, ref c51);
            SixRowStep<T, Vector512<T>, Lanes>(a + 6, b0, b1, ref c60, ref c61, ref c70, ref c71, ref c80, ref c81, ref c90, ref c91, ref c100, ref c101, ref c110, ref c111);
        }

        /// <summary>The 512-bit vector operations of the tile code.</summary>
        internal readonly struct Lanes : ITileVector<Vector512<T>, T>
        {
            /// <inheritdoc/>
            public static int Count => Vector512<T>.Count;
            /// <inheritdoc/>
            public static int Unroll => 2;
            /// <inheritdoc/>
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public static unsafe Vector512<T> Load(T* source) => Vector512.Load(source);
            /// <inheritdoc/>
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public static unsafe void Store(Vector512<T> value, T* destination) => Vector512.Store(value, destination);
            /// <inheritdoc/>
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public static Vector512<T> Splat(T value) => Vector512.Create(value);
            /// <inheritdoc/>
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public static Vector512<T> Add(Vector512<T> x, Vector512<T> y) => x + y;
            /// <inheritdoc/>
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public static Vector512<T> MulAdd(Vector512<T> x, Vector512<T> y, Vector512<T> acc)
                => typeof(T) == typeof(float) ? Vector512.MultiplyAddEstimate(x.AsSingle(), y.AsSingle(), acc.AsSingle()).As<float, T>()
                : typeof(T) == typeof(double) ? Vector512.MultiplyAddEstimate(x.AsDouble(), y.AsDouble(), acc.AsDouble()).As<double, T>()
                : (x * y) + acc;
        }
    }
}
