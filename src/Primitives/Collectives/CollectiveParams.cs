using System.Collections.Generic;

namespace Functional.AD;

/// <summary>Parameters of <c>psum</c>, <c>pmax</c>, <c>pmin</c> and <c>axis_index</c>: the named axis (printed as JAX prints <c>axes</c>).</summary>
internal sealed record CollectiveParams(string Axis) : PrimitiveParams
{
    public override IEnumerable<(string Name, object? Value)> Entries()
    {
        yield return ("axes", $"('{Axis}',)");
    }
}
