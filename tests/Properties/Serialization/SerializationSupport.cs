using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace Functional.AD.Properties.Serialization;

/// <summary>Generators and exact comparisons for the save/load tests.</summary>
internal static class Arrays
{
    internal static readonly DType[] All = Enum.GetValues<DType>();

    /// <summary>An array of <paramref name="shape"/> and <paramref name="dtype"/> whose elements are any bit patterns (NaNs, infinities, subnormals included).</summary>
    internal static NDArray FromBits(DType dtype, int[] shape, int[] bits)
    {
        int n = shape.Aggregate(1, (a, b) => a * b);
        return dtype switch
        {
            DType.Bool => NDArray.FromSpan<bool>(bits.Take(n).Select(b => (b & 1) != 0).ToArray(), shape),
            DType.Int32 => NDArray.FromSpan<int>(bits.Take(n).ToArray(), shape),
            DType.Float32 => NDArray.FromSpan<float>(bits.Take(n).Select(BitConverter.Int32BitsToSingle).ToArray(), shape),
            DType.Int64 => NDArray.FromSpan<long>(Enumerable.Range(0, n).Select(i => ((long)bits[n + i] << 32) | (uint)bits[i]).ToArray(), shape),
            DType.UInt8 => NDArray.FromSpan<byte>(bits.Take(n).Select(b => (byte)b).ToArray(), shape),
            DType.UInt32 => NDArray.FromSpan<uint>(bits.Take(n).Select(b => (uint)b).ToArray(), shape),
            DType.Float16 => NDArray.FromSpan<Half>(bits.Take(n).Select(b => BitConverter.UInt16BitsToHalf((ushort)b)).ToArray(), shape),
            DType.BFloat16 => NDArray.FromSpan<BFloat16>(bits.Take(n).Select(b => BFloat16.FromBits((ushort)b)).ToArray(), shape),
            _ => NDArray.FromSpan<double>(Enumerable.Range(0, n).Select(i => BitConverter.Int64BitsToDouble(((long)bits[n + i] << 32) | (uint)bits[i])).ToArray(), shape),
        };
    }

    internal static Gen<NDArray> Any(int maxRank = 4, int maxDim = 4) =>
        from dtype in Gen.Elements(All)
        from rank in Gen.Choose(0, maxRank)
        from shape in Gen.ArrayOf(Gen.Choose(0, maxDim), rank)
        from bits in Gen.ArrayOf(Gen.Choose(int.MinValue, int.MaxValue), 2 * shape.Aggregate(1, (a, b) => a * b))
        select FromBits(dtype, shape, bits);

    /// <summary>Same shape, dtype and bit-for-bit the same elements.</summary>
    internal static void Same(NDArray expected, NDArray actual, string? what = null)
    {
        Assert.True(expected.Shape == actual.Shape, $"{what}: shape {actual.Shape}, expected {expected.Shape}");
        Assert.True(expected.DType == actual.DType, $"{what}: dtype {actual.DType}, expected {expected.DType}");
        Assert.Equal(Bits(expected), Bits(actual));
    }

    internal static long[] Bits(NDArray x) => x.DType switch
    {
        DType.Float64 => x.ToArray<double>().Select(BitConverter.DoubleToInt64Bits).ToArray(),
        DType.Float32 => x.ToArray<float>().Select(f => (long)BitConverter.SingleToInt32Bits(f)).ToArray(),
        DType.Int32 => x.ToArray<int>().Select(i => (long)i).ToArray(),
        DType.Int64 => x.ToArray<long>(),
        DType.UInt8 => x.ToArray<byte>().Select(b => (long)b).ToArray(),
        DType.UInt32 => x.ToArray<uint>().Select(u => (long)u).ToArray(),
        DType.Float16 => x.ToArray<Half>().Select(h => (long)BitConverter.HalfToUInt16Bits(h)).ToArray(),
        DType.BFloat16 => x.ToArray<BFloat16>().Select(b => (long)b.Bits).ToArray(),
        _ => x.ToArray<bool>().Select(b => b ? 1L : 0L).ToArray(),
    };

    internal static NDArray RoundTrip(NDArray x)
    {
        var stream = new MemoryStream();
        Np.Save(stream, x);
        stream.Position = 0;
        return Np.Load(stream);
    }

    /// <summary>A fresh directory under the temp folder, removed by the caller.</summary>
    internal static string TempDirectory()
    {
        var dir = Path.Combine(Path.GetTempPath(), "fad-saveload-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }
}

/// <summary>
/// Runs a Python that has numpy: the one named by FAD_PYTHON, else the first of <c>python3</c> on the PATH and
/// <c>/usr/bin/python3</c> (where Debian's python3-numpy lives when a pyenv shim comes first) that imports numpy.
/// </summary>
internal static class Python
{
    private static readonly Lazy<string?> Interpreter = new(() =>
    {
        var candidates = new[] { Environment.GetEnvironmentVariable("FAD_PYTHON"), "python3", "/usr/bin/python3" };
        foreach (var candidate in candidates)
        {
            if (string.IsNullOrEmpty(candidate)) continue;
            try
            {
                if (Run(candidate, "import numpy").ExitCode == 0) return candidate;
            }
            catch (Exception) { }
        }
        return null;
    });

    internal static bool NumpyAvailable => Interpreter.Value is not null;

    internal static (int ExitCode, string Output) Run(string script) => Run(Interpreter.Value ?? "python3", script);

    private static (int ExitCode, string Output) Run(string python, string script)
    {
        var info = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(script);
        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(60_000))
        {
            process.Kill();
            throw new TimeoutException($"{python} did not finish in 60 s");
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    /// <summary>Runs <paramref name="script"/> and fails the test with its output unless it exits with 0.</summary>
    internal static string Check(string script)
    {
        var (code, output) = Run(script);
        Assert.True(code == 0, $"python3 failed ({code}):\n{output}");
        return output;
    }
}

/// <summary>A fact that needs python3 with numpy; skipped, saying so, where numpy is absent.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class NumpyFactAttribute : FactAttribute
{
    public NumpyFactAttribute()
    {
        if (!Python.NumpyAvailable)
            Skip = "numpy is not installed for python3 or /usr/bin/python3 (apt-get install python3-numpy, or set FAD_PYTHON): the numpy interop test did not run";
    }
}
