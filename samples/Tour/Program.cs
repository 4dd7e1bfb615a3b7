// Functional.AD tour: the classic worked examples of automatic differentiation, computed with
// the library and printed next to the values a pencil-and-paper derivation gives.
//
//   dotnet run --project samples/Tour
//
// (The library is compiled optimized in every configuration, so the default Debug build runs at full speed;
// `dotnet run -c Release --project samples/Tour` works as well.) Each section lives in its own method of the
// Sections class (files Sections.*.cs). Exits with code 1 if any library value disagrees with the hand-derived one.

using Functional.AD.Samples.Support;
using Functional.AD.Samples.Tour;

Report.Banner(
    "Functional.AD tour: automatic differentiation, one worked example at a time",
    "Each 'library' value comes from a transform (Jvp, Vjp, Grad, Jacfwd, ...), each 'by hand'",
    "value from plain C# math, and 'check' says whether they agree.");

Sections.ForwardAndReverse();      // 1
Sections.EvaluationTraces();       // 2
Sections.TwoInputs();              // 3
Sections.FanOut();                 // 4
Sections.ColumnsAndRows();         // 5
Sections.TinyNetwork();            // 6
Sections.HessianVectorProduct();   // 7
Sections.HigherOrder();            // 8

return Checks.Finish("All library values agreed with the hand-derived ones", "see MISMATCH above");
