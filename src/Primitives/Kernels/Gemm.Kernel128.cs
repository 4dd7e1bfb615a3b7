using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Functional.AD;

// The 128-bit (SSE/NEON) micro-kernel: its blocking parameters and vector operations; the tile code is the shared 6-row tile, unrolled by two steps.
internal static partial class Gemm
{
    /// <summary>128-bit SIMD micro-kernel (SSE/NEON): a 6 x (2 * Vector128&lt;T&gt;.Count) tile (6 x 8 floats, 6 x 4 doubles).</summary>
    internal readonly struct Kernel128<T> : IMicroKernel<T>
        where T : unmanaged, INumber<T>
    {
        /// <inheritdoc/>
        public static int MR => 6;
        /// <inheritdoc/>
        public static int NR => 2 * Vector128<T>.Count;
        /// <inheritdoc/>
        public static int KC => 256;
        /// <inheritdoc/>
        public static int MC => Unsafe.SizeOf<T>() == 4 ? 96 : 48;
        /// <inheritdoc/>
        public static int NC => 4080;
        /// <inheritdoc/>
        public static bool IsAccelerated => Vector128.IsHardwareAccelerated && Vector128<T>.IsSupported;

        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static unsafe void Run(int kc, T* a, T* b, T* c, nint ldc, bool accumulate)
            => SixRowTile<T, Vector128<T>, Lanes>(kc, a, b, c, ldc, accumulate);

        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static unsafe void RunRows(int rows, int kc, T* a, T* b, T* c, nint ldc)
        {
            if (!TryRowPasses<T, Vector128<T>, Lanes>(rows, MR, kc, a, b, c, ldc))
            {
                Run(kc, a, b, c, ldc, accumulate: false);
            }
        }

        /// <summary>The 128-bit vector operations of the tile code.</summary>
        internal readonly struct Lanes : ITileVector<Vector128<T>, T>
        {
            /// <inheritdoc/>
            public static int Count => Vector128<T>.Count;
            /// <inheritdoc/>
            public static int Unroll => 2;
            /// <inheritdoc/>
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public static unsafe Vector128<T> Load(T* source) => Vector128.Load(source);
            /// <inheritdoc/>
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public static unsafe void Store(Vector128<T> value, T* destination) => Vector128.Store(value, destination);
            /// <inheritdoc/>
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public static Vector128<T> Splat(T value) => Vector128.Create(value);
            /// <inheritdoc/>
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public static Vector128<T> Add(Vector128<T> x, Vector128<T> y) => x + y;
            /// <inheritdoc/>
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public static Vector128<T> MulAdd(Vector128<T> x, Vector128<T> y, Vector128<T> acc)
                => typeof(T) == typeof(float) ? Vector128.MultiplyAddEstimate(x.AsSingle(), y.AsSingle(), acc.AsSingle()).As<float, T>()
                : typeof(T) == typeof(double) ? Vector128.MultiplyAddEstimate(x.AsDouble(), y.AsDouble(), acc.AsDouble()).As<double, T>()
                : (x * y) + acc;
        }
    }
}
