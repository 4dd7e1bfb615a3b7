using System;
using Spectre.Console;

namespace Functional.AD.Samples.Support;

/// <summary>
/// A live progress bar for a sample's long loops (training, timing runs), shown only on an interactive terminal
/// and cleared when the loop ends; lines printed through <see cref="Report"/> meanwhile appear above it. When the
/// output goes to a file or a pipe nothing is shown, so logs hold only the report itself.
/// </summary>
public static class Progress
{
    /// <summary>Runs <paramref name="work"/>, which reports how many of <paramref name="total"/> steps it has done.</summary>
    /// <typeparam name="T">What the work returns.</typeparam>
    /// <param name="description">What the bar is labelled with, e.g. "training".</param>
    /// <param name="total">The number of steps.</param>
    /// <param name="work">The loop; it calls its argument with the steps done so far.</param>
    /// <returns>What <paramref name="work"/> returns.</returns>
    public static T Run<T>(string description, int total, Func<Action<int>, T> work)
    {
        if (!Terminal.Interactive) return work(_ => { });
        return Terminal.Console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                     new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                ProgressTask task = context.AddTask(Markup.Escape(description), maxValue: total);
                T result = work(done => task.Value = done);
                task.Value = total;
                return result;
            });
    }

    /// <summary>As <see cref="Run{T}"/> for work that returns nothing.</summary>
    /// <param name="description">What the bar is labelled with.</param>
    /// <param name="total">The number of steps.</param>
    /// <param name="work">The loop; it calls its argument with the steps done so far.</param>
    public static void Run(string description, int total, Action<Action<int>> work) =>
        Run<bool>(description, total, report => { work(report); return true; });
}
