using System;
using Microsoft.FSharp.Collections;
using Xunit;

namespace Functional.AD.Properties.Pytrees;

/// <summary>
/// The core looks for the Functional.AD.FSharp package the first time it meets an F# type no family handles. This
/// assembly does not reference that package: F# values stay unsupported, with the message naming the package, and
/// looking again for other F# types changes nothing. (With the package, its tests run F# values through the C# API.)
/// </summary>
public sealed class FSharpPackageProbeTests
{
    [Fact]
    public void Without_the_FSharp_package_FSharp_values_are_not_pytrees_and_the_message_names_the_package()
    {
        var list = ListModule.OfArray(new[] { Np.Array(1.0) });
        for (int i = 0; i < 2; i++)
        {
            var e = Assert.Throws<ArgumentException>(() => Tree.Leaves(list));
            Assert.Contains("Functional.AD.FSharp package", e.Message);
        }
        Assert.Equal(2, Tree.Leaves((Np.Array(1.0), new[] { Np.Array(2.0) })).Count);
    }
}
