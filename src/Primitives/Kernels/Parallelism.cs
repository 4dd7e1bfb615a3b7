using System;

namespace Functional.AD;

/// <summary>
/// How many threads the library's kernels may use (like <c>torch.set_num_threads</c>). Large kernels (GEMM, and
/// large independent work in compiled functions) split across up to <see cref="MaxThreads"/> threads: the calling
/// thread plus workers of one shared pool; everything else runs on the calling thread.
/// </summary>
public static class Parallelism
{
    private static int _maxThreads = DefaultMaxThreads();

    /// <summary>
    /// The most threads a kernel may use, counting the calling thread; 1 runs everything on the calling thread.
    /// Defaults to the environment variable <c>FUNCTIONAL_AD_NUM_THREADS</c> when set, else
    /// <see cref="Environment.ProcessorCount"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public static int MaxThreads
    {
        get => _maxThreads;
        set
        {
            if (value < 1)
                throw new ArgumentOutOfRangeException(nameof(value), value, "Parallelism.MaxThreads: at least 1 thread is needed.");
            _maxThreads = value;
        }
    }

    private static int DefaultMaxThreads() =>
        int.TryParse(Environment.GetEnvironmentVariable("FUNCTIONAL_AD_NUM_THREADS"), out var n) && n >= 1 ? n : Environment.ProcessorCount;
}
