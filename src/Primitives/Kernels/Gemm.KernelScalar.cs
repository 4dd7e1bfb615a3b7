using System.Runtime.CompilerServices;
using System.Numerics;

namespace Functional.AD;

// The portable scalar micro-kernel: a 4 x 4 tile in sixteen scalar accumulators, for hardware without SIMD.
internal static partial class Gemm
{
    /// <summary>Portable scalar 4x4 micro-kernel, used when no SIMD width is hardware accelerated.</summary>
    internal readonly struct ScalarKernel<T> : IMicroKernel<T>
        where T : unmanaged, INumber<T>
    {
        /// <inheritdoc/>
        public static int MR => 4;
        /// <inheritdoc/>
        public static int NR => 4;
        /// <inheritdoc/>
        public static int KC => 256;
        /// <inheritdoc/>
        public static int MC => 128;
        /// <inheritdoc/>
        public static int NC => 2048;
        /// <inheritdoc/>
        public static bool IsAccelerated => true;

        /// <inheritdoc/>
        /// <remarks>Four rows is the whole tile here.</remarks>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static unsafe void RunRows(int rows, int kc, T* a, T* b, T* c, nint ldc) => Run(kc, a, b, c, ldc, accumulate: false);

        /// <inheritdoc/>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static unsafe void Run(int kc, T* a, T* b, T* c, nint ldc, bool accumulate)
        {
            T c00 = T.Zero; T c01 = T.Zero; T c02 = T.Zero; T c03 = T.Zero;
            T c10 = T.Zero; T c11 = T.Zero; T c12 = T.Zero; T c13 = T.Zero;
            T c20 = T.Zero; T c21 = T.Zero; T c22 = T.Zero; T c23 = T.Zero;
            T c30 = T.Zero; T c31 = T.Zero; T c32 = T.Zero; T c33 = T.Zero;
            for (int p = 0; p < kc; p++)
            {
                T b0 = b[0]; T b1 = b[1]; T b2 = b[2]; T b3 = b[3];
                T a0 = a[0];
                c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
                T a1 = a[1];
                c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
                T a2 = a[2];
                c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
                T a3 = a[3];
                c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
                a += 4;
                b += 4;
            }

            if (accumulate)
            {
                {
                    T* cr = c;
                    c00 += cr[0]; c01 += cr[1]; c02 += cr[2]; c03 += cr[3];
                }
                {
                    T* cr = c + 1 * ldc;
                    c10 += cr[0]; c11 += cr[1]; c12 += cr[2]; c13 += cr[3];
                }
                {
                    T* cr = c + 2 * ldc;
                    c20 += cr[0]; c21 += cr[1]; c22 += cr[2]; c23 += cr[3];
                }
                {
                    T* cr = c + 3 * ldc;
                    c30 += cr[0]; c31 += cr[1]; c32 += cr[2]; c33 += cr[3];
                }
            }

            {
                T* cr = c;
                cr[0] = c00; cr[1] = c01; cr[2] = c02; cr[3] = c03;
            }
            {
                T* cr = c + 1 * ldc;
                cr[0] = c10; cr[1] = c11; cr[2] = c12; cr[3] = c13;
            }
            {
                T* cr = c + 2 * ldc;
                cr[0] = c20; cr[1] = c21; cr[2] = c22; cr[3] = c23;
            }
            {
                T* cr = c + 3 * ldc;
                cr[0] = c30; cr[1] = c31; cr[2] = c32; cr[3] = c33;
            }
        }
    }
}
