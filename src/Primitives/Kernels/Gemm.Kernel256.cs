using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Functional.AD;

// The 256-bit (AVX2/FMA class) micro-kernel: its blocking parameters and vector operations; the tile code is the shared 6-row tile, unrolled by four steps.
internal static partial class Gemm
{
    /// <summary>AVX2/FMA class micro-kernel: a 6 x (2 * Vector256&lt;T&gt;.Count) tile (6 x 16 floats, 6 x 8 doubles) held in 12 of the 16 vector registers.</summary>
    internal readonly struct Kernel256<T> : IMicroKernel<T>
        where T : unmanaged, INumber<T>
    {
        /// <inheritdoc/>
        public static int MR => 6;
        /// <inheritdoc/>
        public static int NR => 2 * Vector256<T>.Count;
        /// <inheritdoc/>
        public static int KC => 256;
        /// <inheritdoc/>
        public static int MC => Unsafe.SizeOf<T>() == 4 ? 144 : 72;
        /// <inheritdoc/>
        public static int NC => 4080;
        /// <inheritdoc/>
        public static bool IsAccelerated => Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported;

        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static unsafe void Run(int kc, T* a, T* b, T* c, nint ldc, bool accumulate)
            => SixRowTile<T, Vector256<T>, Lanes>(kc, a, b, c, ldc, accumulate);

        /// <inheritdoc/>
        public static bool ReadsRowMajorA => true;

        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static unsafe void RunRowMajorA(int kc, T* a, nint lda, T* b, T* c, nint ldc, bool accumulate)
            => SixRowTileRowMajorA<T, Vector256<T>, Lanes>(kc, a, lda, b, c, ldc, accumulate);

        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static unsafe void RunRows(int rows, int kc, T* a, T* b, T* c, nint ldc)
        {
            if (!TryRowPasses<T, Vector256<T>, Lanes>(rows, MR, kc, a, b, c, ldc))
            {
                Run(kc, a, b, c, ldc, accumulate: false);
            }
        }

        /// <summary>The 256-bit vector operations of the tile code.</summary>
        internal readonly struct Lanes : ITileVector<Vector256<T>, T>
        {
            /// <inheritdoc/>
            public static int Count => Vector256<T>.Count;
            /// <inheritdoc/>
            public static int Unroll => 4;
            /// <inheritdoc/>
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public static unsafe Vector256<T> Load(T* source) => Vector256.Load(source);
            /// <inheritdoc/>
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public static unsafe void Store(Vector256<T> value, T* destination) => Vector256.Store(value, destination);
            /// <inheritdoc/>
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public static Vector256<T> Splat(T value) => Vector256.Create(value);
            /// <inheritdoc/>
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public static Vector256<T> Add(Vector256<T> x, Vector256<T> y) => x + y;
            /// <inheritdoc/>
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public static Vector256<T> MulAdd(Vector256<T> x, Vector256<T> y, Vector256<T> acc)
                => typeof(T) == typeof(float) ? Vector256.MultiplyAddEstimate(x.AsSingle(), y.AsSingle(), acc.AsSingle()).As<float, T>()
                : typeof(T) == typeof(double) ? Vector256.MultiplyAddEstimate(x.AsDouble(), y.AsDouble(), acc.AsDouble()).As<double, T>()
                : (x * y) + acc;
        }
    }
}
