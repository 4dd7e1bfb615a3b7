using System.Runtime.CompilerServices;
namespace Functional.AD;

/// <summary>
/// Splits large elementwise kernels into parts run on <see cref="WorkerPool"/> (up to <see cref="Parallelism.MaxThreads"/>
/// threads), as a tensor library does for big arrays. Every element is computed by the same span kernel whatever
/// the split, so the results are identical on any number of threads.
/// </summary>
internal static class ParallelElementwise
{
    /// <summary>Elements per part unless a test changes <see cref="PartElements"/>.</summary>
    internal const int DefaultPartElements = 32 * 1024;

    /// <summary>
    /// Elements per part: <see cref="DefaultPartElements"/>, settable by tests only, which lower or raise it to exercise
    /// the part arithmetic near <see cref="int.MaxValue"/> with small arrays. A call reads it once.
    /// </summary>
    internal static int PartElements { get; set; } = DefaultPartElements;

    /// <summary>Arrays with fewer elements run on the calling thread (the hand-off would cost more than it saves).</summary>
    internal const int MinElements = 128 * 1024;

    /// <summary>Whether an elementwise kernel over <paramref name="n"/> elements is split across threads.</summary>
    internal static bool Splits(int n) => n >= MinElements && Parallelism.MaxThreads > 1;

    private static void Run(PartJob job, int n) => WorkerPool.Run(job, PartRanges.Count(n, job.PartSize), Parallelism.MaxThreads);

    /// <summary>A job over <c>n</c> elements in parts of <see cref="PartSize"/> (read from <see cref="PartElements"/> when it is made).</summary>
    private abstract class PartJob : WorkerJob
    {
        internal readonly int PartSize = PartElements;

        private protected (int Start, int Count) Range(int part, int n) => PartRanges.Range(part, PartSize, n);
    }

    /// <summary>y = kernel(x) over whole buffers, in parts.</summary>
    internal static void Map<T>(SpanMap<T> kernel, ConcreteArray x, ConcreteArray y) where T : unmanaged =>
        Run(new MapJob<T>(kernel, x, y), y.Size);

    /// <summary>z = kernel(x, y) over equal-length buffers, in parts.</summary>
    internal static void Zip<T>(SpanZip<T> kernel, ConcreteArray x, ConcreteArray y, ConcreteArray z) where T : unmanaged =>
        Run(new ZipJob<T>(kernel, x, y, z), z.Size);

    /// <summary>z = kernel(x, s) with a scalar right operand, in parts.</summary>
    internal static void ZipRight<T>(SpanZipScalar<T> kernel, ConcreteArray x, T s, ConcreteArray z) where T : unmanaged =>
        Run(new ZipRightJob<T>(kernel, x, s, z), z.Size);

    /// <summary>z = kernel(s, y) with a scalar left operand, in parts.</summary>
    internal static void ZipLeft<T>(ScalarZipSpan<T> kernel, T s, ConcreteArray y, ConcreteArray z) where T : unmanaged =>
        Run(new ZipLeftJob<T>(kernel, s, y, z), z.Size);

    private sealed class MapJob<T>(SpanMap<T> kernel, ConcreteArray x, ConcreteArray y) : PartJob where T : unmanaged
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public override void Execute(int part)
        {
            var (start, count) = Range(part, y.Size);
            kernel(x.Span<T>().Slice(start, count), y.Writable<T>().Slice(start, count));
        }
    }

    private sealed class ZipJob<T>(SpanZip<T> kernel, ConcreteArray x, ConcreteArray y, ConcreteArray z) : PartJob where T : unmanaged
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public override void Execute(int part)
        {
            var (start, count) = Range(part, z.Size);
            kernel(x.Span<T>().Slice(start, count), y.Span<T>().Slice(start, count), z.Writable<T>().Slice(start, count));
        }
    }

    private sealed class ZipRightJob<T>(SpanZipScalar<T> kernel, ConcreteArray x, T s, ConcreteArray z) : PartJob where T : unmanaged
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public override void Execute(int part)
        {
            var (start, count) = Range(part, z.Size);
            kernel(x.Span<T>().Slice(start, count), s, z.Writable<T>().Slice(start, count));
        }
    }

    private sealed class ZipLeftJob<T>(ScalarZipSpan<T> kernel, T s, ConcreteArray y, ConcreteArray z) : PartJob where T : unmanaged
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public override void Execute(int part)
        {
            var (start, count) = Range(part, z.Size);
            kernel(s, y.Span<T>().Slice(start, count), z.Writable<T>().Slice(start, count));
        }
    }
}
