using System;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Xunit;
using Xunit.Abstractions;

namespace Functional.AD.Properties.Kernels;

/// <summary>
/// .ci/run runs the suite once as the machine is, then again with the runtime's instruction-set knobs turned
/// off (DOTNET_EnableAVX512=0, DOTNET_PreferredVectorBitWidth=128, DOTNET_EnableAVX2=0), so that every kernel
/// path this CPU can execute (Vector512, Vector256, Vector128 with and without fused multiply-add) is tested.
/// A knob the runtime ignores would make a leg silently test the wide path again: these facts check that the
/// process really runs as narrow as its environment asks.
/// </summary>
public class InstructionSetLegTests(ITestOutputHelper output)
{
    private static bool Off(string knob) => Environment.GetEnvironmentVariable(knob) == "0";

    /// <summary>The widest vector size (in bits) the JIT accelerates in this process, 0 for none.</summary>
    private static int WidestAcceleratedBits() =>
        Vector512.IsHardwareAccelerated ? 512 : Vector256.IsHardwareAccelerated ? 256 : Vector128.IsHardwareAccelerated ? 128 : 0;

    [Fact]
    public void The_process_runs_no_wider_than_the_instruction_set_knobs_allow()
    {
        output.WriteLine($"widest accelerated vector: {WidestAcceleratedBits()} bits; FMA: {Fma.IsSupported}; Vector<float>.Count = {System.Numerics.Vector<float>.Count}");
        Assert.True(Environment.GetEnvironmentVariable("DOTNET_EnableAVX512F") is null,
            "DOTNET_EnableAVX512F is set, but .NET 10 ignores it: use DOTNET_EnableAVX512=0");
        if (Off("DOTNET_EnableAVX512")) Assert.False(Vector512.IsHardwareAccelerated, "DOTNET_EnableAVX512=0, yet Vector512 is accelerated");
        if (Off("DOTNET_EnableAVX2"))
        {
            Assert.False(Vector256.IsHardwareAccelerated, "DOTNET_EnableAVX2=0, yet Vector256 is accelerated");
            Assert.False(Fma.IsSupported, "DOTNET_EnableAVX2=0, yet FMA is available");
        }
        if (Off("DOTNET_EnableHWIntrinsic")) Assert.Equal(0, WidestAcceleratedBits());
        if (Environment.GetEnvironmentVariable("DOTNET_PreferredVectorBitWidth") == "128")
            Assert.True(WidestAcceleratedBits() <= 128, "DOTNET_PreferredVectorBitWidth=128, yet wider vectors are accelerated");

        // .ci/run names the widest width it expects of each leg; on a CPU without the wider units it is narrower still.
        if (int.TryParse(Environment.GetEnvironmentVariable("FUNCTIONAL_AD_MAX_VECTOR_BITS"), out int expected))
            Assert.True(WidestAcceleratedBits() <= expected,
                $"this leg expects vectors of at most {expected} bits, but {WidestAcceleratedBits()}-bit vectors are accelerated");
    }
}
