using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Functional.AD.Samples.Support;

/// <summary>
/// A table of text cells, laid out by Spectre.Console and printed indented under the current section: a rule
/// under the header, no frame, columns sized to their contents (cells wrap only where the terminal is too
/// narrow), numeric columns right-aligned, no trailing spaces. Cells are plain text: brackets (arrays, jaxpr
/// types) are not markup.
/// </summary>
public sealed class Table
{
    private readonly string[] _headers;
    private const string Indent = "    ";
    private readonly List<string[]> _rows = new();

    /// <summary>Starts a table with the given column headers.</summary>
    /// <param name="headers">One header per column.</param>
    public Table(params string[] headers) => _headers = headers;

    /// <summary>The number of rows added so far.</summary>
    public int Count => _rows.Count;

    /// <summary>Adds a row; it must have one cell per column.</summary>
    /// <param name="cells">The cells, already formatted.</param>
    /// <returns>This table, for chaining.</returns>
    public Table Add(params string[] cells)
    {
        if (cells.Length != _headers.Length)
            throw new System.ArgumentException($"row has {cells.Length} cells, the table has {_headers.Length} columns", nameof(cells));
        _rows.Add(cells);
        return this;
    }

    /// <summary>Prints the table (header, rule, rows), indented by four spaces.</summary>
    public void Print()
    {
        var table = new Spectre.Console.Table().Border(RuleBorder.Line);
        for (int c = 0; c < _headers.Length; c++)
        {
            bool last = c == _headers.Length - 1;
            var column = new TableColumn(new Text(_headers[c])) { Padding = new Padding(0, 0, last ? 0 : 3, 0) };
            bool numeric = _rows.Count > 0 && _rows.All(r => r[c].Length == 0 || IsNumber(r[c]));
            table.AddColumn(numeric ? column.RightAligned() : column.LeftAligned());
        }
        foreach (string[] row in _rows) table.AddRow(row.Select(cell => (IRenderable)new Text(cell)).ToArray());
        foreach (string line in Terminal.Lines(table, Indent.Length)) Report.Write(Indent + line);
    }

    // A cell counts as a number when its first word does, a trailing %, x or unit aside: "95.0%", "1.27x",
    // "1.1E-16", "231 ms", "32.1 MiB".
    private static bool IsNumber(string cell)
    {
        string first = cell.Trim().Split(' ')[0].TrimEnd('%', 'x');
        return double.TryParse(first, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
    }
}
