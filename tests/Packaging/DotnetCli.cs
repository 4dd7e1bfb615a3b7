using System;
using System.Diagnostics;
using System.Text;

namespace Functional.AD.Packaging.Tests;

/// <summary>What a dotnet command did: its command line, exit code and interleaved stdout and stderr.</summary>
public sealed record CliResult(string CommandLine, int ExitCode, string Output, TimeSpan Elapsed)
{
    /// <summary>Fails the test, with the whole output, unless the command succeeded.</summary>
    public CliResult EnsureSucceeded()
    {
        if (ExitCode != 0)
            throw new Xunit.Sdk.XunitException($"`{CommandLine}` exited with {ExitCode} after {Elapsed.TotalSeconds:F0} s. Its output:\n{Output}");
        return this;
    }
}

/// <summary>Runs the dotnet CLI as a child process, isolated from the test run that hosts it.</summary>
public static class DotnetCli
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    /// <summary>Runs <c>dotnet <paramref name="args"/></c> in <paramref name="workingDirectory"/> and returns what it did.</summary>
    public static CliResult Run(string workingDirectory, params string[] args) => Run(workingDirectory, args, environment: null);

    /// <summary>Runs <c>dotnet <paramref name="args"/></c> in <paramref name="workingDirectory"/> with extra <paramref name="environment"/> variables.</summary>
    public static CliResult Run(string workingDirectory, string[] args, (string Name, string Value)[]? environment)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args) start.ArgumentList.Add(a);
        // No build servers or reused nodes: nothing may outlive the command and hold its output pipes open.
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["UseSharedCompilation"] = "false";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        foreach (var (name, value) in environment ?? []) start.Environment[name] = value;

        string commandLine = "dotnet " + string.Join(" ", args);
        var output = new StringBuilder();
        void Append(string? line)
        {
            if (line is null) return;
            lock (output) output.AppendLine(line);
        }
        var clock = Stopwatch.StartNew();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            lock (output)
                throw new Xunit.Sdk.XunitException($"`{commandLine}` did not finish in {Timeout.TotalMinutes} minutes. Its output so far:\n{output}");
        }
        process.WaitForExit(); // drains the redirected streams
        lock (output) return new CliResult(commandLine, process.ExitCode, output.ToString(), clock.Elapsed);
    }
}
