using System;

namespace Functional.AD;

public static partial class Lax
{
    /// <summary>
    /// The sum of <paramref name="x"/> over the examples of the enclosing <c>Vmap</c> whose axis is named
    /// <paramref name="axisName"/> (<c>jax.lax.psum</c>): every example gets the same total, so the result may be
    /// returned with a null out axis. Linear; its transpose is <c>psum</c> again, as in JAX.
    /// </summary>
    /// <exception cref="ArgumentException">No enclosing <c>Vmap</c> binds <paramref name="axisName"/>.</exception>
    public static NDArray Psum(NDArray x, string axisName)
    {
        Guard.NotNull(x, "Lax.Psum");
        Guard.NotNull(axisName, "Lax.Psum");
        AxisEnv.Size(axisName, "Lax.Psum");
        return Ops.Psum(x, axisName);
    }

    /// <summary>The mean of <paramref name="x"/> over the examples of the <c>Vmap</c> axis named <paramref name="axisName"/> (<c>jax.lax.pmean</c>: <c>psum</c> divided by the axis size).</summary>
    /// <exception cref="ArgumentException">No enclosing <c>Vmap</c> binds <paramref name="axisName"/>.</exception>
    public static NDArray Pmean(NDArray x, string axisName)
    {
        Guard.NotNull(x, "Lax.Pmean");
        Guard.NotNull(axisName, "Lax.Pmean");
        int size = AxisEnv.Size(axisName, "Lax.Pmean");
        return Ops.Psum(x, axisName) / size;
    }

    /// <summary>The elementwise maximum of <paramref name="x"/> over the examples of the <c>Vmap</c> axis named <paramref name="axisName"/> (<c>jax.lax.pmax</c>).</summary>
    /// <exception cref="ArgumentException">No enclosing <c>Vmap</c> binds <paramref name="axisName"/>.</exception>
    public static NDArray Pmax(NDArray x, string axisName)
    {
        Guard.NotNull(x, "Lax.Pmax");
        Guard.NotNull(axisName, "Lax.Pmax");
        AxisEnv.Size(axisName, "Lax.Pmax");
        return Ops.Pmax(x, axisName);
    }

    /// <summary>The elementwise minimum of <paramref name="x"/> over the examples of the <c>Vmap</c> axis named <paramref name="axisName"/> (<c>jax.lax.pmin</c>).</summary>
    /// <exception cref="ArgumentException">No enclosing <c>Vmap</c> binds <paramref name="axisName"/>.</exception>
    public static NDArray Pmin(NDArray x, string axisName)
    {
        Guard.NotNull(x, "Lax.Pmin");
        Guard.NotNull(axisName, "Lax.Pmin");
        AxisEnv.Size(axisName, "Lax.Pmin");
        return Ops.Pmin(x, axisName);
    }

    /// <summary>
    /// The values of <paramref name="x"/> of every example of the <c>Vmap</c> axis named <paramref name="axisName"/>
    /// (<c>jax.lax.all_gather</c>): stacked along a new axis <paramref name="axis"/> (size: the number of examples), or
    /// with <paramref name="tiled"/> concatenated along the existing axis <paramref name="axis"/>. Negative
    /// <paramref name="axis"/> counts from the end of the result.
    /// </summary>
    /// <exception cref="ArgumentException">No enclosing <c>Vmap</c> binds <paramref name="axisName"/>, or the axis is out of range.</exception>
    public static NDArray AllGather(NDArray x, string axisName, int axis = 0, bool tiled = false)
    {
        Guard.NotNull(x, "Lax.AllGather");
        Guard.NotNull(axisName, "Lax.AllGather");
        int size = AxisEnv.Size(axisName, "Lax.AllGather");
        int rank = tiled ? x.Rank : x.Rank + 1;
        return Ops.AllGather(x, axisName, axis < 0 ? axis + rank : axis, tiled, size);
    }

    /// <summary>The position (an int32 0-d array) of the current example along the <c>Vmap</c> axis named <paramref name="axisName"/> (<c>jax.lax.axis_index</c>).</summary>
    /// <exception cref="ArgumentException">No enclosing <c>Vmap</c> binds <paramref name="axisName"/>.</exception>
    public static NDArray AxisIndex(string axisName)
    {
        Guard.NotNull(axisName, "Lax.AxisIndex");
        AxisEnv.Size(axisName, "Lax.AxisIndex");
        return Ops.AxisIndex(axisName);
    }
}
