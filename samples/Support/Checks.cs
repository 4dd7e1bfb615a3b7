namespace Functional.AD.Samples.Support;

/// <summary>
/// The tally of a sample's self-checks: each check is recorded as it is made (and printed by the sample next to
/// what it checked); <see cref="Finish"/> prints the verdict and gives the process exit code, 0 only if every
/// check held.
/// </summary>
public static class Checks
{
    /// <summary>The number of checks recorded so far.</summary>
    public static int Count { get; private set; }

    /// <summary>The number of recorded checks that did not hold.</summary>
    public static int Failed { get; private set; }

    /// <summary>Records one check.</summary>
    /// <param name="held">Whether it held.</param>
    /// <returns><paramref name="held"/>, so a check can be made inside an expression.</returns>
    public static bool Record(bool held)
    {
        Count++;
        if (!held) Failed++;
        return held;
    }

    /// <summary>"ok", or the loud <paramref name="failed"/> text, for printing next to a recorded check.</summary>
    /// <param name="held">Whether the check held (recorded here).</param>
    /// <param name="failed">What to print if it did not.</param>
    public static string Mark(bool held, string failed = "FAILED") => Record(held) ? "ok" : failed;

    /// <summary>Prints the verdict between two rules and returns the exit code: 0 if every check held, else 1.</summary>
    /// <param name="allHeld">What to say when every check held, without a final period; by default "All N checks held".</param>
    /// <param name="where">Where to look when some did not, e.g. "see MISMATCH above".</param>
    public static int Finish(string? allHeld = null, string where = "see above")
    {
        Report.Blank();
        Report.Write(new string('=', Report.RuleWidth));
        Report.Write(Failed > 0 ? $"  {Failed} of {Count} checks did NOT hold; {where}."
            : allHeld is null ? $"  All {Count} checks held."
            : $"  {allHeld} ({Count} checks).");
        Report.Write(new string('=', Report.RuleWidth));
        return Failed == 0 ? 0 : 1;
    }
}
