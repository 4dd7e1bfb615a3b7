using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Xunit;
using Xunit.Abstractions;

namespace Functional.AD.Properties.Fuzzing;

/// <summary>
/// Random programs of 20 to 50 public-API operations, checked thirteen ways (<see cref="CheckKind"/>). A fixed seed
/// range runs in every test run. The long mode runs many more: set <c>FUNCTIONAL_AD_FUZZ_PROGRAMS</c> to the count
/// (for example 100000) and optionally <c>FUNCTIONAL_AD_FUZZ_START</c> to the first seed (default 1000000); it writes
/// progress, every mismatch's minimal reproduction and a summary to <c>FUNCTIONAL_AD_FUZZ_LOG</c> (default
/// fuzz-START.log in the temporary folder) as it goes, and fails at the end if anything mismatched.
/// <code>FUNCTIONAL_AD_FUZZ_PROGRAMS=100000 dotnet test tests/Properties --filter Long_fuzzing_run</code>
/// </summary>
public class ProgramFuzzTests(ITestOutputHelper output)
{
    /// <summary>Seeds of the fixed range run by every test run.</summary>
    public const int FixedPrograms = 300;

    [Fact]
    public void Generated_programs_agree_under_every_transform()
    {
        var report = FuzzRunner.Run(0, FixedPrograms, minimize: true);
        output.WriteLine(report.Summary());
        Assert.True(report.Failures.Count == 0,
            $"{report.Failures.Count} failing checks:\n" + string.Join("\n", report.Failures.Take(3).Select(f => f.Reproduction)) + "\n" + report.Summary());
        // The fixed range exercises every operation and runs every check on most programs.
        var missing = Enum.GetValues<OpKind>().Select(OperationName).Where(n => !report.Operations.ContainsKey(n)).ToArray();
        Assert.True(missing.Length == 0, "operations never generated: " + string.Join(", ", missing));
        foreach (var kind in FuzzChecks.All)
            Assert.True(report.Counts.GetValueOrDefault((kind, Outcome.Passed)) >= FixedPrograms / 2, $"{kind} passed on fewer than half the programs\n{report.Summary()}");
    }

    /// <summary>The statistics name of the instructions an operation resolves to.</summary>
    private static string OperationName(OpKind kind) => kind switch
    {
        OpKind.Sin => "sin", OpKind.Cos => "cos", OpKind.Tanh => "tanh", OpKind.Arctan => "arctan", OpKind.Sigmoid => "sigmoid",
        OpKind.Softplus => "softplus", OpKind.Gelu => "gelu", OpKind.Negative => "negative", OpKind.Square => "square", OpKind.Exp => "exp",
        OpKind.Expm1 => "expm1", OpKind.Log => "log", OpKind.Log1p => "log1p", OpKind.Sqrt => "sqrt", OpKind.Reciprocal => "reciprocal",
        OpKind.Tan => "tan", OpKind.PowerInt => "integer_pow", OpKind.PowerReal or OpKind.PowerArray => "pow", OpKind.ScalarArithmetic => "scale",
        OpKind.CustomJvpTanh => "custom_jvp", OpKind.CustomVjpSin => "custom_vjp", OpKind.StopGradient => "stop_gradient", OpKind.Relu => "relu",
        OpKind.Abs => "abs", OpKind.Sign => "sign", OpKind.Clip => "clip", OpKind.Add => "add", OpKind.Subtract => "subtract",
        OpKind.Multiply => "multiply", OpKind.Divide => "divide", OpKind.Maximum => "maximum", OpKind.Minimum => "minimum", OpKind.Where => "where",
        OpKind.Sum => "sum", OpKind.Mean => "mean", OpKind.Max => "max", OpKind.Min => "min", OpKind.Prod => "prod", OpKind.LogSumExp => "logsumexp",
        OpKind.Softmax => "softmax", OpKind.LogSoftmax => "log_softmax", OpKind.Cumsum => "cumsum", OpKind.Matmul => "matmul", OpKind.Dot => "dot",
        OpKind.Outer => "outer", OpKind.Reshape => "reshape", OpKind.Transpose => "transpose", OpKind.ExpandDims => "expand_dims",
        OpKind.Squeeze => "squeeze", OpKind.BroadcastTo => "broadcast_to", OpKind.Index => "index", OpKind.Slice => "slice",
        OpKind.Concatenate => "concatenate", OpKind.Stack => "stack", OpKind.TakeConstant => "take", OpKind.TakeArgMax => "take_argmax",
        OpKind.OneHotArgMax => "one_hot_argmax", OpKind.ScanOutputs => "scan_ys", OpKind.ScanCarry => "scan_carry", OpKind.ForiLoop => "fori_loop",
        OpKind.Cond => "cond",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    [Fact]
    public void A_seed_always_gives_the_same_program_and_reproduction()
    {
        for (int seed = 0; seed < 20; seed++)
        {
            var a = ProgramGenerator.Generate(seed);
            var b = ProgramGenerator.Generate(seed);
            Assert.Equal(a.ToString(), b.ToString());
            Assert.Equal(a.Genes, b.Genes);
            var result = new CheckResult(CheckKind.GradOfJitVsGrad, Outcome.Mismatch, "example");
            var text = ReproductionPrinter.Print(a, result);
            Assert.Equal(text, ReproductionPrinter.Print(b, result));
            Assert.DoesNotContain("$", text, StringComparison.Ordinal);
            Assert.Contains(Waves.Source, text, StringComparison.Ordinal);
            var resolved = ProgramResolver.Resolve(a);
            for (int i = 0; i < resolved.Instructions.Length; i++)
                Assert.Contains($"var v{resolved.InputCount + i} = ", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Long_fuzzing_run()
    {
        if (!int.TryParse(Environment.GetEnvironmentVariable("FUNCTIONAL_AD_FUZZ_PROGRAMS"), out int count) || count <= 0) return;
        int start = int.TryParse(Environment.GetEnvironmentVariable("FUNCTIONAL_AD_FUZZ_START"), out var s) ? s : 1_000_000;
        var path = Environment.GetEnvironmentVariable("FUNCTIONAL_AD_FUZZ_LOG") is { Length: > 0 } p ? p : Path.Combine(Path.GetTempPath(), $"fuzz-{start}.log");
        using var log = new StreamWriter(path, append: true) { AutoFlush = true };
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"fuzzing seeds {start}..{start + count - 1}, started {DateTime.UtcNow:u}"));
        bool minimize = Environment.GetEnvironmentVariable("FUNCTIONAL_AD_FUZZ_MINIMIZE") != "0";
        var report = FuzzRunner.Run(start, count, log.WriteLine, minimize, progressEvery: 100);
        log.WriteLine(report.Summary());
        output.WriteLine(report.Summary());
        Assert.True(report.Failures.Count == 0, $"{report.Failures.Count} failing checks, reproductions in {path}");
    }
}
