using System;

namespace Functional.AD;

/// <summary>
/// Splits <c>n</c> elements into consecutive parts of a fixed size, for work handed to <see cref="WorkerPool"/>. The
/// arithmetic never overflows, whatever <c>n</c> and the part size: <c>(n + size - 1) / size</c> would wrap for
/// arrays within a part of <see cref="int.MaxValue"/> elements, leaving parts unrun.
/// </summary>
internal static class PartRanges
{
    /// <summary>How many parts of <paramref name="partSize"/> elements cover <paramref name="n"/> elements (0 for none).</summary>
    internal static int Count(int n, int partSize) => n <= 0 ? 0 : ((n - 1) / partSize) + 1;

    /// <summary>The first element and the number of elements of part <paramref name="part"/> (below <see cref="Count"/>).</summary>
    internal static (int Start, int Count) Range(int part, int partSize, int n)
    {
        long start = (long)part * partSize;
        return ((int)start, (int)Math.Min(partSize, n - start));
    }
}
