using System;
using System.Collections.Generic;
using System.Text;
using Spectre.Console;

namespace Functional.AD.Samples.Support;

/// <summary>
/// The layout every sample prints with: a banner, sections and sub-headings, paragraphs, "label  value" lines,
/// indented blocks (jaxprs, arrays). Plain text, written through the shared console.
/// </summary>
public static class Report
{
    /// <summary>
    /// Columns reserved for the label of a <see cref="Line"/> or <see cref="List"/> when the call does not say
    /// otherwise (a sample with long labels sets it once at the start).
    /// </summary>
    public static int LabelWidth { get; set; } = 25;

    private const int MaxRuleWidth = 96;

    /// <summary>Width of the rules under banners and section titles: 96 columns, or the terminal's if narrower.</summary>
    public static int RuleWidth => Math.Min(MaxRuleWidth, Terminal.Width);

    /// <summary>Prints one line as it is.</summary>
    /// <param name="line">The text (no markup is interpreted).</param>
    public static void Write(string line) => Terminal.Console.WriteLine(line);

    /// <summary>An empty line.</summary>
    public static void Blank() => Terminal.Console.WriteLine();

    /// <summary>The sample's title between two rules of '='; further lines (a subtitle) below the title.</summary>
    /// <param name="title">First line.</param>
    /// <param name="lines">Further lines, each indented like the title.</param>
    public static void Banner(string title, params string[] lines)
    {
        Write(new string('=', RuleWidth));
        Write("  " + title);
        foreach (string line in lines) Write("  " + line);
        Write(new string('=', RuleWidth));
    }

    /// <summary>A section title followed by a rule of '=' to the rule width, with a blank line around it.</summary>
    /// <param name="title">The title, e.g. "3. Two inputs" or "Setup".</param>
    public static void Section(string title)
    {
        Blank();
        Write(title + " " + new string('=', Math.Max(4, RuleWidth - 1 - Fmt.Width(title))));
        Blank();
    }

    /// <summary>A lighter heading inside a section: "  -- title ------".</summary>
    /// <param name="title">The heading.</param>
    public static void SubHeading(string title)
    {
        Blank();
        Write("  -- " + title + " " + new string('-', Math.Max(4, RuleWidth - 6 - Fmt.Width(title))));
    }

    /// <summary>A paragraph: each line of <paramref name="text"/> indented by two spaces, empty lines kept.</summary>
    /// <param name="text">The text; '\n' separates lines.</param>
    public static void Text(string text)
    {
        foreach (string line in text.Split('\n'))
            Write(line.Trim().Length == 0 ? "" : "  " + line.TrimEnd());
    }

    /// <summary>"label   value": the label padded to <paramref name="labelWidth"/> columns, indented by two.</summary>
    /// <param name="label">The label; empty for a continuation line.</param>
    /// <param name="value">The value.</param>
    /// <param name="labelWidth">Columns reserved for the label (one space always follows it); default <see cref="LabelWidth"/>.</param>
    public static void Line(string label, string value, int? labelWidth = null) =>
        Write("  " + Fmt.Pad(label, labelWidth ?? LabelWidth) + " " + value);

    /// <summary>
    /// A labelled comma-separated list as <see cref="Line"/>s, wrapped at the rule width with the continuation
    /// lines under the first item.
    /// </summary>
    /// <param name="label">The label of the first line.</param>
    /// <param name="items">The items.</param>
    /// <param name="labelWidth">As for <see cref="Line"/>.</param>
    public static void List(string label, IEnumerable<string> items, int? labelWidth = null)
    {
        int room = RuleWidth - ((labelWidth ?? LabelWidth) + 3);
        var line = new StringBuilder();
        foreach (string item in items)
        {
            if (line.Length > 0 && line.Length + 2 + item.Length + 1 > room)
            {
                Line(label, line.Append(',').ToString(), labelWidth);
                label = "";
                line.Clear();
            }
            line.Append(line.Length > 0 ? ", " : "").Append(item);
        }
        Line(label, line.ToString(), labelWidth);
    }

    /// <summary>A block (a jaxpr, an array) indented by four spaces, under an optional caption indented by two.</summary>
    /// <param name="caption">The caption; empty for none.</param>
    /// <param name="value">The block; its ToString() is printed line by line.</param>
    public static void Block(string caption, object value)
    {
        if (caption.Length > 0) Write("  " + caption);
        foreach (string line in (value.ToString() ?? "").Split('\n'))
            Write("    " + line.TrimEnd());
    }
}
