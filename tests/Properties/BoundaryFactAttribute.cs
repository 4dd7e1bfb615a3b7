using System;
using Xunit;

namespace Functional.AD.Properties;

/// <summary>
/// A test at the real size limits (arrays of about 2^31 elements: gigabytes of memory and tens of seconds), run only
/// when the environment variable <c>FUNCTIONAL_AD_BOUNDARY_TESTS</c> is <c>1</c> and skipped otherwise. Cheaper tests
/// exercise the same arithmetic with small arrays on every run.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BoundaryFactAttribute : FactAttribute
{
    /// <summary>The environment variable that enables these tests.</summary>
    public const string Variable = "FUNCTIONAL_AD_BOUNDARY_TESTS";

    public BoundaryFactAttribute()
    {
        if (Environment.GetEnvironmentVariable(Variable) != "1")
            Skip = $"a test on arrays of about 2^31 elements (6 GB, ~30 s): set {Variable}=1 to run it";
    }
}
