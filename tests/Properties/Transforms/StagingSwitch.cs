using System;
using Xunit;

namespace Functional.AD.Properties.Transforms;

/// <summary>
/// Runs calls of an eagerly staged transform (<see cref="StagedJvp"/>, <see cref="StagedJacobian"/>) with staging forced
/// on or off through its process-wide size threshold, and checks how many calls ran staged.
/// </summary>
/// <param name="getThreshold">Reads the transform's threshold.</param>
/// <param name="setThreshold">Sets it.</param>
/// <param name="stagedCalls">How many calls of the transform ran staged so far.</param>
internal sealed class StagingSwitch(Func<int> getThreshold, Action<int> setThreshold, Func<long> stagedCalls)
{
    /// <summary>
    /// Runs <paramref name="call"/> with staging for every size (or, with <paramref name="staged"/> false, for none),
    /// and however many programs a function's code compiles in a row (the tests vary shapes on purpose).
    /// </summary>
    public T With<T>(bool staged, Func<T> call)
    {
        int saved = getThreshold();
        setThreshold(staged ? 0 : int.MaxValue);
        try
        {
            return Unlimited(call);
        }
        finally
        {
            setThreshold(saved);
        }
    }

    /// <summary>Runs <paramref name="call"/> without the limit on compilations in a row (<see cref="EagerStaging.MaxConsecutiveCompilations"/>).</summary>
    public static T Unlimited<T>(Func<T> call)
    {
        int saved = EagerStaging.MaxConsecutiveCompilations;
        EagerStaging.MaxConsecutiveCompilations = int.MaxValue;
        try
        {
            return call();
        }
        finally
        {
            EagerStaging.MaxConsecutiveCompilations = saved;
        }
    }

    /// <summary>Runs <paramref name="call"/> staged and asserts that it ran as <paramref name="times"/> compiled programs.</summary>
    public T Staged<T>(Func<T> call, int times = 1)
    {
        long before = stagedCalls();
        var result = With(true, call);
        Assert.Equal(times, stagedCalls() - before);
        return result;
    }

    /// <summary>Runs <paramref name="call"/> with staging allowed and asserts that nothing ran staged.</summary>
    public T NotStaged<T>(Func<T> call)
    {
        long before = stagedCalls();
        var result = With(true, call);
        Assert.Equal(0, stagedCalls() - before);
        return result;
    }

    /// <summary>Runs <paramref name="call"/> op by op.</summary>
    public T OpByOp<T>(Func<T> call) => With(false, call);
}
