using System;
using Xunit;

namespace Functional.AD.Properties.Errors;

/// <summary>Errors name the function the user called and its typed operands, not a helper or a type it uses inside.</summary>
public class OperationNameTests
{
    /// <summary>Asserts an ArgumentException (or subclass) whose message has every fragment and none of the unwanted ones.</summary>
    private static void Throws(Action act, string[] fragments, params string[] unwanted) =>
        ErrorAssert.Lacks(ErrorAssert.Throws(act, fragments), unwanted);

    [Fact]
    public void BroadcastTo_a_negative_size_names_BroadcastTo_and_the_operand()
    {
        Throws(() => Np.BroadcastTo(Np.Ones(new[] { 3 }), new[] { -1, 3 }), new[] { "Np.BroadcastTo", "f64[3]", "-1" }, "Shape:");
        Throws(() => Np.BroadcastTo(Np.Ones(new[] { 2 }, DType.Int32), new[] { 2, -5 }), new[] { "Np.BroadcastTo", "i32[2]", "-5" }, "Shape:");
    }

    [Fact]
    public void An_invalid_dtype_names_the_function_and_the_value()
    {
        var bad = (DType)42;   // (7 became Float16 when the enum grew)
        Throws(() => Np.Zeros(new[] { 2 }, bad), new[] { "Np.Zeros", "42", "DType.Float64" });
        Throws(() => Np.Ones(new[] { 2 }, bad), new[] { "Np.Ones", "42" });
        Throws(() => Np.Full(new[] { 2 }, 1.0, (DType)(-1)), new[] { "Np.Full", "-1" });
        Throws(() => Np.Linspace(0, 1, 3, bad), new[] { "Np.Linspace", "42" });
        Throws(() => Np.Eye(2, bad), new[] { "Np.Eye", "42" });
        Throws(() => Np.Ones(new[] { 2 }).AsType(bad), new[] { "AsType", "42" });
        Throws(() => Nn.OneHot(Np.Array(0, 1), 3, bad), new[] { "Nn.OneHot", "42" });
        Throws(() => bad.ShortName(), new[] { "ShortName", "42" });
    }

    [Fact]
    public void Clip_shape_errors_name_Clip_and_its_operands()
    {
        Throws(() => Np.Clip(Np.Ones(new[] { 3 }), Np.Ones(new[] { 2 }), 1.0), new[] { "Np.Clip", "f64[3]", "f64[2]" }, "Np.Maximum", "Np.Minimum");
        Throws(() => Np.Clip(Np.Ones(new[] { 3 }, DType.Float32), 0.0, Np.Ones(new[] { 4 })), new[] { "Np.Clip", "[3]", "f64[4]" }, "Np.Maximum", "Np.Minimum");
        Assert.Equal(new[] { 0.0, 0.5, 1.0 }, Np.Clip(Np.Array(-1.0, 0.5, 2.0), 0.0, 1.0).ToArray<double>());
    }
}
