using System;
using Xunit;

namespace Functional.AD.Properties.Errors;

/// <summary>Assertions on the messages of the library's argument errors.</summary>
public static class ErrorAssert
{
    /// <summary>Asserts that <paramref name="act"/> throws an ArgumentException (or subclass) whose message has every fragment.</summary>
    public static ArgumentException Throws(Action act, params string[] fragments)
    {
        var e = Assert.ThrowsAny<ArgumentException>(act);
        foreach (var f in fragments)
            Assert.True(e.Message.Contains(f, StringComparison.Ordinal), $"message \"{e.Message}\" does not contain \"{f}\"");
        return e;
    }

    /// <summary>Asserts that the message of <paramref name="e"/> has none of <paramref name="unwanted"/> (a helper's name, say).</summary>
    public static void Lacks(ArgumentException e, params string[] unwanted)
    {
        foreach (var f in unwanted)
            Assert.False(e.Message.Contains(f, StringComparison.Ordinal), $"message \"{e.Message}\" names \"{f}\"");
    }
}
