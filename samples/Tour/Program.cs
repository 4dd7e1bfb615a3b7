// Functional.AD tour: the classic worked examples of automatic differentiation, computed with
// the library and printed next to the values a pencil-and-paper derivation gives.
//
//   dotnet run --project samples/Tour
//
// Each section lives in its own method of the Sections class (files Sections.*.cs).

using System;
using System.Text;
using Functional.AD.Samples.Tour;

Console.OutputEncoding = Encoding.UTF8;

Out.Banner(
    "Functional.AD tour: automatic differentiation, one worked example at a time",
    "Each 'library' value comes from a transform (Jvp, Vjp, Grad, Jacfwd, ...), each 'by hand'\n" +
    "  value from plain C# math, and 'check' says whether they agree.");

Sections.ForwardAndReverse();      // 1
Sections.EvaluationTraces();       // 2
Sections.TwoInputs();              // 3
Sections.FanOut();                 // 4
Sections.ColumnsAndRows();         // 5
Sections.TinyNetwork();            // 6
Sections.HessianVectorProduct();   // 7
Sections.HigherOrder();            // 8

Console.WriteLine();
Console.WriteLine(new string('=', 96));
Console.WriteLine(Out.Mismatches == 0
    ? "  All library values agreed with the hand-derived ones."
    : $"  {Out.Mismatches} value(s) did NOT agree with the hand-derived ones; see MISMATCH above.");
Console.WriteLine(new string('=', 96));
return Out.Mismatches == 0 ? 0 : 1;
