using Spectre.Console;
using Spectre.Console.Rendering;

namespace Functional.AD.Samples.Support;

/// <summary>
/// A table border that is only a rule under the header: no frame, no vertical lines, columns kept apart by their
/// padding. Drawn with '─', or with '-' where the output cannot show box-drawing characters.
/// </summary>
internal sealed class RuleBorder : TableBorder
{
    private readonly string _rule;

    private RuleBorder(string rule) => _rule = rule;

    /// <summary>The border drawn with '─'.</summary>
    public static RuleBorder Line { get; } = new("─");

    /// <summary>The border drawn with '-'.</summary>
    public static RuleBorder Dashes { get; } = new("-");

    /// <inheritdoc/>
    public override TableBorder? SafeBorder => Dashes;

    /// <inheritdoc/>
    public override bool SupportsRowSeparator => false;

    /// <inheritdoc/>
    public override string GetPart(TableBorderPart part) => part switch
    {
        TableBorderPart.HeaderBottom => _rule,
        _ => "",   // the separators too: the padding keeps the columns apart, and the rule runs through
    };
}
