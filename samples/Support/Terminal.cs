using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Functional.AD.Samples.Support;

/// <summary>
/// The one console all sample output goes through (Spectre.Console), so that a live progress display and the
/// lines printed while it runs do not garble each other. Colours, cursor movement and live displays are used
/// only on an interactive terminal; when standard output is a file or a pipe (<c>&gt; log</c>, CI) the output is
/// plain text, and the width is fixed so that tables and long lines are not wrapped at 80 columns.
/// </summary>
internal static class Terminal
{
    /// <summary>Columns assumed when standard output is not a terminal: wide enough for every table and jaxpr line.</summary>
    private const int RedirectedWidth = 200;

    /// <summary>The shared console.</summary>
    public static IAnsiConsole Console { get; } = Create();

    /// <summary>True on a terminal that can show live displays (no stream redirected).</summary>
    public static bool Interactive => Console.Profile.Capabilities.Interactive;

    /// <summary>The usable width in columns.</summary>
    public static int Width => Console.Profile.Width;

    /// <summary>
    /// The lines <paramref name="widget"/> renders to, as plain text (no colour codes) laid out for the console's
    /// width less <paramref name="indent"/> columns, trailing spaces removed. Printed through <see cref="Report"/>
    /// they fit in with the rest of the output, above a live progress display too.
    /// </summary>
    /// <param name="widget">What to lay out (a Spectre.Console table).</param>
    /// <param name="indent">Columns the caller puts before each line.</param>
    public static IEnumerable<string> Lines(IRenderable widget, int indent)
    {
        var text = new StringWriter();
        var plain = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(text),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        plain.Profile.Width = Math.Max(20, Width - indent);
        plain.Profile.Capabilities.Unicode = Console.Profile.Capabilities.Unicode;
        plain.Write(widget);
        return text.ToString().TrimEnd().Split('\n').Select(line => line.TrimEnd());
    }

    private static IAnsiConsole Create()
    {
        // The samples print ∂, ẋ, v̄ and box-drawing characters; UTF-8 on every platform (no byte-order mark).
        System.Console.OutputEncoding = new UTF8Encoding(false);
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(System.Console.Out) });
        if (!console.Profile.Out.IsTerminal) console.Profile.Width = RedirectedWidth;
        return console;
    }
}
