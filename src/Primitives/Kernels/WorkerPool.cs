using System;
using System.Runtime.CompilerServices;
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace Functional.AD;

/// <summary>
/// One unit of parallel work for <see cref="WorkerPool"/>: a job split into numbered parts that may run in any order
/// and on any thread. Implementations are usually cached and reused, so dispatching allocates nothing.
/// </summary>
internal abstract class WorkerJob
{
    /// <summary>Runs part <paramref name="part"/> (0-based, below the part count given to <see cref="WorkerPool.Run"/>).</summary>
    /// <param name="part">The part to run.</param>
    public abstract void Execute(int part);
}

/// <summary>
/// The library's one shared pool of worker threads: <see cref="Parallelism.MaxThreads"/> - 1 dedicated background
/// threads, created lazily, that help the calling thread run the parts of a <see cref="WorkerJob"/>.
/// </summary>
/// <remarks>
/// <para>
/// The calling thread always runs parts itself; workers claim the remaining parts from a shared counter, so a part
/// count above the thread count balances the load when a core is busy with something else. Idle workers block on an
/// event: after a job they keep polling for the next one only for a short window (<see cref="SpinWindowTicks"/>,
/// tens of microseconds), so back-to-back kernels (a training step, a benchmark loop) do not pay a thread wake-up
/// each, and an idle process uses no CPU. There is no spinning pool competing with the caller for the cores.
/// </para>
/// <para>
/// The pool serves one job at a time. A call that finds it busy (another user thread is using it, or a part of a job
/// calls back into a parallel kernel) runs all its parts on the calling thread, so calls are safe from any number of
/// threads and re-entrantly and never deadlock. The first exception thrown by a part is rethrown on the calling
/// thread once every started part has finished.
/// </para>
/// </remarks>
internal static class WorkerPool
{
    /// <summary>Upper bound on the number of worker threads (a guard against absurd <see cref="Parallelism.MaxThreads"/> values).</summary>
    private const int MaxWorkers = 63;

    /// <summary>How long (in <see cref="Stopwatch"/> ticks) a worker polls for a new job, and the caller for completion, before blocking.</summary>
    private static readonly long SpinWindowTicks = Stopwatch.Frequency / 20_000; // 50 microseconds

    private static readonly object Gate = new();

    /// <summary>Signalled by the thread that finishes the last part of a dispatch while its caller is blocked.</summary>
    private static readonly ManualResetEventSlim Done = new(false, 0);

    private static Worker[] _workers = [];

    /// <summary>1 while a dispatch owns the pool.</summary>
    private static int _busy;

    /// <summary>Whether the owner of the pool is blocked on <see cref="Done"/>.</summary>
    private static int _callerWaiting;

    /// <summary>The most recent dispatch; workers wait for this reference to change.</summary>
    private static Dispatch? _current;

    /// <summary>
    /// Runs parts <c>0 .. parts - 1</c> of <paramref name="job"/> on the calling thread and up to
    /// <paramref name="threads"/> - 1 workers, returning when all have finished.
    /// </summary>
    /// <param name="job">The job.</param>
    /// <param name="parts">Number of parts (at least 1).</param>
    /// <param name="threads">The most threads to use, counting the caller (typically <see cref="Parallelism.MaxThreads"/>).</param>
    /// <exception cref="Exception">The first exception thrown by a part.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Run(WorkerJob job, int parts, int threads)
    {
        int helpers = Math.Min(Math.Min(parts, threads) - 1, MaxWorkers);
        if (helpers <= 0 || Interlocked.CompareExchange(ref _busy, 1, 0) != 0)
        {
            // Nothing to share, or the pool is serving another job (possibly the one we are running inside).
            for (int i = 0; i < parts; i++)
            {
                job.Execute(i);
            }

            return;
        }

        try
        {
            Worker[] workers = EnsureWorkers(helpers);

            // A fresh object per dispatch: a worker that wakes late can only ever claim parts of the dispatch it
            // read, never mix up two dispatches.
            var dispatch = new Dispatch(job, parts, helpers);
            Interlocked.Exchange(ref _current, dispatch); // full fence: publishes the dispatch before waking anyone
            for (int w = 0; w < helpers; w++)
            {
                workers[w].Wake();
            }

            dispatch.RunParts();
            WaitForCompletion(dispatch);
            dispatch.ForgetJob();
            if (dispatch.Error is not null)
            {
                ExceptionDispatchInfo.Capture(dispatch.Error).Throw();
            }
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }
    }

    /// <summary>Waits (briefly polling, then blocking) until every part of <paramref name="dispatch"/> has finished.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WaitForCompletion(Dispatch dispatch)
    {
        long start = Stopwatch.GetTimestamp();
        var spinner = default(SpinWait);
        while (!dispatch.IsComplete)
        {
            if (Stopwatch.GetTimestamp() - start < SpinWindowTicks)
            {
                spinner.SpinOnce(sleep1Threshold: -1);
                continue;
            }

            Done.Reset();
            Interlocked.Exchange(ref _callerWaiting, 1); // full fence, pairs with the last decrement in RunParts
            if (!dispatch.IsComplete)
            {
                Done.Wait();
            }

            Volatile.Write(ref _callerWaiting, 0);
        }
    }

    /// <summary>Starts workers until at least <paramref name="count"/> exist and returns the array of all of them.</summary>
    private static Worker[] EnsureWorkers(int count)
    {
        Worker[] workers = Volatile.Read(ref _workers);
        if (workers.Length >= count)
        {
            return workers;
        }

        lock (Gate)
        {
            workers = _workers;
            if (workers.Length < count)
            {
                var grown = new Worker[count];
                Array.Copy(workers, grown, workers.Length);
                for (int i = workers.Length; i < count; i++)
                {
                    grown[i] = new Worker(i);
                }

                Volatile.Write(ref _workers, grown);
                workers = grown;
            }

            return workers;
        }
    }

    /// <summary>One call of <see cref="Run"/>: the job, its part counter and its completion count.</summary>
    private sealed class Dispatch
    {
        private WorkerJob? _job;
        private readonly int _parts;
        private int _next;
        private int _remaining;
        private Exception? _error;

        /// <summary>Initializes a new instance of the <see cref="Dispatch"/> class.</summary>
        /// <param name="job">The job.</param>
        /// <param name="parts">Number of parts.</param>
        /// <param name="helpers">Number of workers allowed to help.</param>
        internal Dispatch(WorkerJob job, int parts, int helpers)
        {
            _job = job;
            _parts = parts;
            _remaining = parts;
            Helpers = helpers;
        }

        /// <summary>
        /// Drops the reference to the job once every part has finished: <see cref="_current"/> and the workers keep
        /// the last dispatch until the next one, and the job's arrays (operands and result) must not live that long.
        /// No part can be claimed any more, so nothing reads the job after this.
        /// </summary>
        internal void ForgetJob() => Volatile.Write(ref _job, null);

        /// <summary>Gets the number of workers allowed to help (workers <c>0 .. Helpers - 1</c>).</summary>
        internal int Helpers { get; }

        /// <summary>Gets a value indicating whether every part has finished.</summary>
        internal bool IsComplete => Volatile.Read(ref _remaining) == 0;

        /// <summary>Gets the first exception thrown by a part, if any (read after completion).</summary>
        internal Exception? Error => Volatile.Read(ref _error);

        /// <summary>Claims and runs parts until none are left.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        internal void RunParts()
        {
            while (true)
            {
                int part = Interlocked.Increment(ref _next) - 1;
                if (part >= _parts)
                {
                    return;
                }

                try
                {
                    Volatile.Read(ref _job)!.Execute(part);
                }
                catch (Exception e)
                {
                    Interlocked.CompareExchange(ref _error, e, null);
                }

                if (Interlocked.Decrement(ref _remaining) == 0 && Volatile.Read(ref _callerWaiting) != 0)
                {
                    Done.Set();
                }
            }
        }
    }

    /// <summary>A dedicated background thread that runs parts of dispatched jobs.</summary>
    private sealed class Worker
    {
        private readonly ManualResetEventSlim _wake = new(false, 0);
        private readonly int _index;
        private int _sleeping;

        /// <summary>Initializes a new instance of the <see cref="Worker"/> class and starts its thread.</summary>
        /// <param name="index">The worker's number (for the thread name).</param>
        internal Worker(int index)
        {
            _index = index;
            var thread = new Thread(Loop, maxStackSize: 1 << 20)
            {
                IsBackground = true,
                Name = "Functional.AD worker " + index,
            };
            thread.Start();
        }

        /// <summary>Makes sure the worker notices the dispatch just published (call after publishing it).</summary>
        internal void Wake()
        {
            if (Volatile.Read(ref _sleeping) != 0)
            {
                _wake.Set();
            }
        }

        /// <summary>The worker's thread: wait for a new dispatch, run its parts, repeat.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void Loop()
        {
            Dispatch? seen = Volatile.Read(ref _current);
            while (true)
            {
                seen = WaitForDispatch(seen);
                if (_index < seen.Helpers)
                {
                    seen.RunParts();
                }
            }
        }

        /// <summary>Returns the first dispatch other than <paramref name="seen"/>, polling briefly and then blocking.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private Dispatch WaitForDispatch(Dispatch? seen)
        {
            long start = Stopwatch.GetTimestamp();
            var spinner = default(SpinWait);
            Dispatch? current;
            while ((current = Volatile.Read(ref _current)) == seen || current is null)
            {
                if (Stopwatch.GetTimestamp() - start < SpinWindowTicks)
                {
                    spinner.SpinOnce(sleep1Threshold: -1);
                    continue;
                }

                _wake.Reset();
                Interlocked.Exchange(ref _sleeping, 1); // full fence, pairs with the publication in Run
                current = Volatile.Read(ref _current);
                if (current == seen || current is null)
                {
                    _wake.Wait();
                }

                Volatile.Write(ref _sleeping, 0);
                start = Stopwatch.GetTimestamp();
                spinner = default;
            }

            return current;
        }
    }
}
