using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace Functional.AD.Properties.Kernels;

/// <summary>
/// The GEMM kernel (direct, blocked and multi-threaded paths) equals a naive triple loop for every operand layout it
/// accepts, and the shared worker pool runs every part exactly once, propagates exceptions and serves concurrent and
/// re-entrant callers.
/// </summary>
/// <remarks>
/// Operands hold small integers, so every product and partial sum is exact in both precisions whatever the summation
/// order: the kernel's result must equal the naive one exactly, and a single misplaced element shows. Thread counts
/// are passed to the kernel directly (never through the global <see cref="Parallelism.MaxThreads"/>, which tests in
/// other classes may be reading at the same time).
/// </remarks>
public class GemmTests
{
    /// <summary>How an operand is stored: row-major, column-major (a transposed operand) or with two non-unit strides.</summary>
    public enum Layout
    {
        RowMajor,
        ColumnMajor,
        Strided,
    }

    /// <summary>One product: sizes, operand layouts, padding of the leading dimensions, thread budget and data seed.</summary>
    public sealed record Case(int M, int N, int K, Layout A, Layout B, int Pad, int Threads, int Seed)
    {
        public override string ToString() => $"m={M} n={N} k={K} A={A} B={B} pad={Pad} threads={Threads} seed={Seed}";
    }

    private static Gen<Case> Cases(Gen<int> m, Gen<int> n, Gen<int> k, Gen<int> threads) =>
        from mm in m
        from nn in n
        from kk in k
        from a in Gen.Elements(Layout.RowMajor, Layout.ColumnMajor, Layout.Strided)
        from b in Gen.Elements(Layout.RowMajor, Layout.ColumnMajor, Layout.Strided)
        from pad in Gen.Elements(0, 0, 1, 5)
        from t in threads
        from seed in Gen.Choose(0, int.MaxValue - 1)
        select new Case(mm, nn, kk, a, b, pad, t, seed);

    /// <summary>Element strides (row, column) and storage length of a rows x cols operand in the given layout.</summary>
    private static (int Row, int Col, int Length) Strides(Layout layout, int rows, int cols, int pad) => layout switch
    {
        Layout.RowMajor => (cols + pad, 1, (rows * (cols + pad)) + 1),
        Layout.ColumnMajor => (1, rows + pad, (cols * (rows + pad)) + 1),
        _ => ((2 * cols) + pad + 1, 2, (rows * ((2 * cols) + pad + 1)) + 1),
    };

    /// <summary>Runs the case in both precisions and compares with the naive product, padding of C included.</summary>
    private static void Check(Case t)
    {
        var rng = new System.Random(t.Seed);
        var (ars, acs, alen) = Strides(t.A, t.M, t.K, t.Pad);
        var (brs, bcs, blen) = Strides(t.B, t.K, t.N, t.Pad);
        var a = new double[alen];
        var b = new double[blen];
        for (int i = 0; i < alen; i++) a[i] = rng.Next(-4, 5);
        for (int i = 0; i < blen; i++) b[i] = rng.Next(-4, 5);
        int ldc = t.N + t.Pad;
        var expected = new double[t.M * t.N];
        for (int i = 0; i < t.M; i++)
            for (int j = 0; j < t.N; j++)
            {
                double s = 0;
                for (int p = 0; p < t.K; p++) s += a[(i * ars) + (p * acs)] * b[(p * brs) + (j * bcs)];
                expected[(i * t.N) + j] = s;
            }

        const double Sentinel = 12345;
        var cd = Enumerable.Repeat(Sentinel, ((t.M - 1) * ldc) + t.N + t.Pad).ToArray();
        Gemm.Multiply(a, ars, acs, b, brs, bcs, cd, ldc, t.M, t.N, t.K, t.Threads);
        var cf = Enumerable.Repeat((float)Sentinel, cd.Length).ToArray();
        Gemm.Multiply(a.Select(x => (float)x).ToArray(), ars, acs, b.Select(x => (float)x).ToArray(), brs, bcs, cf, ldc, t.M, t.N, t.K, t.Threads);
        for (int i = 0; i < t.M; i++)
        {
            for (int j = 0; j < ldc && (i * ldc) + j < cd.Length; j++)
            {
                double want = j < t.N ? expected[(i * t.N) + j] : Sentinel;
                double gotD = cd[(i * ldc) + j];
                double gotF = cf[(i * ldc) + j];
                if (gotD != want || gotF != want)
                    throw new Exception($"{t}: C({i},{j}) expected {want}, got f64 {gotD}, f32 {gotF}");
            }
        }
    }

    [Fact]
    public void Small_and_odd_sizes_in_every_layout_equal_the_naive_product()
    {
        PropertyCheck.ForAll(Cases(Gen.Choose(1, 40), Gen.Choose(1, 40), Gen.Choose(1, 40), Gen.Choose(1, 2)), Check, 150);
    }

    [Fact]
    public void Blocked_sizes_with_edge_tiles_and_several_k_blocks_equal_the_naive_product()
    {
        // Up to 5 k-blocks of the 256- and 128-bit kernels (KC 256), several MC row blocks, partial MR x NR tiles.
        PropertyCheck.ForAll(Cases(Gen.Choose(1, 330), Gen.Choose(1, 130), Gen.Choose(60, 600), Gen.Constant(1)), Check, 30);
    }

    [Fact]
    public void Deep_products_with_several_k_blocks_of_every_kernel_equal_the_naive_product()
    {
        // The 512-bit kernel's KC is 1024: two or three k-blocks of it (and up to 11 of the others'), on one
        // thread and two, with edge tiles.
        PropertyCheck.ForAll(Cases(Gen.Choose(13, 90), Gen.Choose(33, 90), Gen.Choose(1025, 2700), Gen.Choose(1, 2)), Check, 12);
    }

    [Fact]
    public void Multi_threaded_products_equal_the_naive_product()
    {
        var cases = Cases(Gen.Choose(1, 260), Gen.Choose(1, 260), Gen.Choose(1, 520), Gen.Choose(2, 3))
            .Where(c => Gemm.ThreadsFor(c.M, c.N, c.K, c.Threads) > 1);
        PropertyCheck.ForAll(cases, Check, 40);
    }

    [Fact]
    public void Products_sharing_one_packed_panel_of_B_equal_the_naive_product()
    {
        // B one panel (k <= KC, n <= NC) above 2 MiB packed, C cut by rows (at least 4 row panels per part): the
        // threads pack B together and share it. Each iteration has a deep, wide case for the 512-bit kernel (KC 1024,
        // NC 1024 floats; its doubles, NC 512, take two column blocks there instead) and a shallow, very wide one for the others (KC 256, NC 4080). Each case runs on two user threads
        // at once, so one of them finds the pool busy and runs its parts one after another (the later part must
        // find B packed by the earlier one).
        var deep = Cases(Gen.Choose(150, 170), Gen.Choose(740, 900), Gen.Choose(740, 900), Gen.Choose(2, 3));
        var shallow = Cases(Gen.Choose(150, 170), Gen.Choose(2700, 3600), Gen.Choose(200, 256), Gen.Choose(2, 3));
        PropertyCheck.ForAll(Gen.Zip(deep, shallow), pair =>
        {
            foreach (var t in new[] { pair.Item1, pair.Item2 })
            {
                Exception? error = null;
                var other = new Thread(() =>
                {
                    try { Check(t with { Seed = t.Seed + 1 }); }
                    catch (Exception e) { error = e; }
                });
                other.Start();
                Check(t);
                other.Join();
                if (error is not null) throw error;
            }
        }, 4);
    }

    [Theory]
    [InlineData(2, 700, 3)]    // two rows: the work is split by column panels of B
    [InlineData(200, 9, 300)]  // narrow C: one column panel, split by row blocks
    [InlineData(131, 97, 613)] // nothing divides anything
    public void Threaded_shapes_split_either_way_equal_the_naive_product(int m, int n, int k)
    {
        int kk = Math.Max(k, (int)(4 * Gemm.ParallelWorkPerThread / ((long)m * n)) + 1);
        foreach (var a in new[] { Layout.RowMajor, Layout.ColumnMajor, Layout.Strided })
            foreach (var b in new[] { Layout.RowMajor, Layout.ColumnMajor, Layout.Strided })
            {
                Assert.True(Gemm.ThreadsFor(m, n, kk, 2) == 2, "the case must take the threaded path");
                Check(new Case(m, n, kk, a, b, 1, 2, m + n + kk));
            }
    }

    [Fact]
    public void Products_wider_than_one_column_block_equal_the_naive_product()
    {
        // n above NC (512 to 4096 by kernel and precision) gives a second jc block; k above KC (256) gives accumulation across k-blocks for the 256- and 128-bit kernels.
        Check(new Case(7, 4200, 300, Layout.RowMajor, Layout.RowMajor, 0, 1, 1));
        Check(new Case(13, 4133, 270, Layout.ColumnMajor, Layout.ColumnMajor, 3, 2, 2));
    }

    [Fact]
    public void Zero_inner_size_fills_C_with_zeros_and_degenerate_shapes_are_handled()
    {
        Check(new Case(5, 6, 1, Layout.RowMajor, Layout.ColumnMajor, 0, 2, 3));
        var c = Enumerable.Repeat(7.0, 12).ToArray();
        Gemm.Multiply(ReadOnlySpan<double>.Empty, 0, 1, ReadOnlySpan<double>.Empty, 4, 1, c, 4, 3, 4, 0, 2);
        Assert.All(c, x => Assert.Equal(0.0, x));
        Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Multiply(new double[4], 2, 1, new double[4], 2, 1, new double[4], 2, 2, 2, 2, 0));
    }

    [Fact]
    public void Real_valued_products_agree_with_the_naive_product_within_rounding()
    {
        var cases =
            from m in Gen.Choose(1, 200)
            from n in Gen.Choose(1, 200)
            from k in Gen.Choose(1, 400)
            from threads in Gen.Choose(1, 2)
            from seed in Gen.Choose(0, int.MaxValue - 1)
            select (m, n, k, threads, seed);
        PropertyCheck.ForAll(cases, t =>
        {
            var rng = new System.Random(t.seed);
            var a = new float[t.m * t.k];
            var b = new float[t.k * t.n];
            for (int i = 0; i < a.Length; i++) a[i] = (float)(rng.NextDouble() - 0.5);
            for (int i = 0; i < b.Length; i++) b[i] = (float)(rng.NextDouble() - 0.5);
            var c = new float[t.m * t.n];
            Gemm.Multiply(a, t.k, 1, b, t.n, 1, c, t.n, t.m, t.n, t.k, t.threads);
            for (int i = 0; i < t.m; i++)
                for (int j = 0; j < t.n; j++)
                {
                    double s = 0, bound = 0;
                    for (int p = 0; p < t.k; p++)
                    {
                        s += (double)a[(i * t.k) + p] * b[(p * t.n) + j];
                        bound += Math.Abs((double)a[(i * t.k) + p] * b[(p * t.n) + j]);
                    }

                    double err = Math.Abs(c[(i * t.n) + j] - s);
                    Assert.True(err <= (2 * t.k * 6e-8 * bound) + 1e-30, $"C({i},{j}) = {c[(i * t.n) + j]}, naive {s}, k {t.k}");
                }
        }, 25);
    }

    [Fact]
    public void Dot_general_in_every_contraction_layout_equals_the_naive_product()
    {
        // Layouts that dot_general hands to the kernel without copying: contracting axis first or last on either
        // side, and a batch axis in the middle of the lhs (free and contracting strides both non-unit).
        var cases =
            from m in Gen.Choose(1, 150)
            from n in Gen.Choose(1, 150)
            from k in Gen.Choose(1, 300)
            from lhsKFirst in Gen.Elements(false, true)
            from rhsKFirst in Gen.Elements(false, true)
            from f32 in Gen.Elements(false, true)
            from seed in Gen.Choose(0, int.MaxValue - 1)
            select (m, n, k, lhsKFirst, rhsKFirst, f32, seed);
        PropertyCheck.ForAll(cases, t =>
        {
            var rng = new System.Random(t.seed);
            var a = new double[t.m * t.k];
            var b = new double[t.k * t.n];
            for (int i = 0; i < a.Length; i++) a[i] = rng.Next(-3, 4);
            for (int i = 0; i < b.Length; i++) b[i] = rng.Next(-3, 4);
            double A(int i, int p) => t.lhsKFirst ? a[(p * t.m) + i] : a[(i * t.k) + p];
            double B(int p, int j) => t.rhsKFirst ? b[(p * t.n) + j] : b[(j * t.k) + p];
            NDArray Make(double[] data, int rows, int cols) =>
                t.f32 ? Np.FromFlat(data.Select(x => (float)x).ToArray(), new[] { rows, cols }) : Np.FromFlat(data, new[] { rows, cols });
            var lhs = t.lhsKFirst ? Make(a, t.k, t.m) : Make(a, t.m, t.k);
            var rhs = t.rhsKFirst ? Make(b, t.k, t.n) : Make(b, t.n, t.k);
            var product = Ops.DotGeneral(lhs, rhs, new IntTuple(t.lhsKFirst ? 0 : 1), new IntTuple(t.rhsKFirst ? 0 : 1), IntTuple.Empty, IntTuple.Empty);
            var got = product.AsType(DType.Float64).ToArray<double>();
            for (int i = 0; i < t.m; i++)
                for (int j = 0; j < t.n; j++)
                {
                    double s = 0;
                    for (int p = 0; p < t.k; p++) s += A(i, p) * B(p, j);
                    Assert.True(s == got[(i * t.n) + j], $"C({i},{j}) = {got[(i * t.n) + j]}, expected {s}");
                }

            // The same contraction with a batch axis of size 2 between the lhs free and contracting axes.
            var lhs3 = Np.Stack(new[] { lhs, lhs * 2.0 }, axis: 1);
            var rhs3 = Np.Stack(new[] { rhs, rhs });
            var batched = Ops.DotGeneral(
                lhs3, rhs3, new IntTuple(t.lhsKFirst ? 0 : 2), new IntTuple(t.rhsKFirst ? 1 : 2), new IntTuple(1), new IntTuple(0));
            var gotBatched = batched.AsType(DType.Float64).ToArray<double>();
            for (int i = 0; i < got.Length; i++)
            {
                Assert.Equal(got[i], gotBatched[i]);
                Assert.Equal(2 * got[i], gotBatched[got.Length + i]);
            }
        }, 30);
    }

    // --------------------------------------------------------------------------------------------------------------
    // Worker pool.
    // --------------------------------------------------------------------------------------------------------------

    /// <summary>Counts how often each part runs and on which threads.</summary>
    private sealed class CountingJob : WorkerJob
    {
        public readonly int[] Runs;
        public readonly int[] Threads;
        private readonly int _spin;

        public CountingJob(int parts, int spin = 0)
        {
            Runs = new int[parts];
            Threads = new int[parts];
            _spin = spin;
        }

        public override void Execute(int part)
        {
            Interlocked.Increment(ref Runs[part]);
            Threads[part] = Environment.CurrentManagedThreadId;
            if (_spin > 0) Thread.SpinWait(_spin);
        }
    }

    private sealed class ThrowingJob : WorkerJob
    {
        private readonly int _caller = Environment.CurrentManagedThreadId;
        public int Finished;
        public volatile bool RanOnAWorker;

        public override void Execute(int part)
        {
            if (Environment.CurrentManagedThreadId != _caller) RanOnAWorker = true;
            if (part == 3) throw new InvalidOperationException("part 3 failed");
            Thread.SpinWait(2000);
            Interlocked.Increment(ref Finished);
        }
    }

    private sealed class NestedJob : WorkerJob
    {
        public readonly CountingJob[] Inner;

        public NestedJob(int parts) => Inner = Enumerable.Range(0, parts).Select(_ => new CountingJob(5, 500)).ToArray();

        public override void Execute(int part) => WorkerPool.Run(Inner[part], 5, 2);
    }

    [Fact]
    public void Worker_pool_runs_every_part_exactly_once()
    {
        PropertyCheck.ForAll(Gen.Choose(1, 40).Zip(Gen.Choose(1, 4)), t =>
        {
            var (parts, threads) = t;
            var job = new CountingJob(parts, 300);
            WorkerPool.Run(job, parts, threads);
            Assert.All(job.Runs, r => Assert.Equal(1, r));
        }, 100);
    }

    [Fact]
    public void Worker_pool_uses_a_worker_thread_when_allowed_and_only_the_caller_otherwise()
    {
        bool sawWorker = false;
        for (int attempt = 0; attempt < 50 && !sawWorker; attempt++)
        {
            var job = new CountingJob(16, 20000);
            WorkerPool.Run(job, 16, 2);
            sawWorker = job.Threads.Any(id => id != Environment.CurrentManagedThreadId);
        }

        Assert.True(sawWorker, "no part ever ran on a worker thread");
        var single = new CountingJob(16, 100);
        WorkerPool.Run(single, 16, 1);
        Assert.All(single.Threads, id => Assert.Equal(Environment.CurrentManagedThreadId, id));
    }

    [Fact]
    public void Worker_pool_rethrows_the_exception_of_a_part_and_stays_usable()
    {
        var serial = new ThrowingJob();
        Assert.Equal("part 3 failed", Assert.Throws<InvalidOperationException>(() => WorkerPool.Run(serial, 8, 1)).Message);

        // With a worker helping, every other part still runs before the call returns. Tests in other classes use the
        // pool at the same time, and a call that finds it busy runs serially (stopping at the failing part): only a
        // dispatch that a worker joined tells anything, so try until one does.
        ThrowingJob? shared = null;
        for (int attempt = 0; attempt < 200 && shared is null; attempt++)
        {
            var job = new ThrowingJob();
            Assert.Equal("part 3 failed", Assert.Throws<InvalidOperationException>(() => WorkerPool.Run(job, 8, 2)).Message);
            if (job.RanOnAWorker) shared = job;
        }
        Assert.NotNull(shared);
        Assert.Equal(7, shared!.Finished);

        var after = new CountingJob(10, 100);
        WorkerPool.Run(after, 10, 2);
        Assert.All(after.Runs, r => Assert.Equal(1, r));
    }

    [Fact]
    public void Worker_pool_runs_nested_dispatches_on_the_calling_thread_without_deadlock()
    {
        var job = new NestedJob(6);
        var caller = new Thread(() => WorkerPool.Run(job, 6, 2));
        caller.Start();
        Assert.True(caller.Join(TimeSpan.FromSeconds(30)), "nested dispatch deadlocked");
        Assert.All(job.Inner, inner => Assert.All(inner.Runs, r => Assert.Equal(1, r)));
    }

    [Fact]
    public void Concurrent_callers_of_the_pool_and_of_threaded_products_get_correct_results()
    {
        const int Callers = 4;
        var errors = new List<Exception>();
        var threads = Enumerable.Range(0, Callers).Select(id => new Thread(() =>
        {
            try
            {
                var rng = new System.Random(id);
                for (int round = 0; round < 25; round++)
                {
                    int parts = rng.Next(1, 20);
                    var job = new CountingJob(parts, rng.Next(0, 2000));
                    WorkerPool.Run(job, parts, 2);
                    if (job.Runs.Any(r => r != 1)) throw new Exception($"caller {id}: parts ran {string.Join(",", job.Runs)} times");
                    if (round % 5 == 0)
                        Check(new Case(rng.Next(60, 140), rng.Next(60, 140), rng.Next(100, 300), (Layout)rng.Next(3), (Layout)rng.Next(3), rng.Next(2), 2, rng.Next()));
                }
            }
            catch (Exception e)
            {
                lock (errors) errors.Add(e);
            }
        })).ToArray();
        foreach (var t in threads) t.Start();
        foreach (var t in threads) Assert.True(t.Join(TimeSpan.FromMinutes(2)), "a caller hung");
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }
}
