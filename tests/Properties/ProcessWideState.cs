using Xunit;

namespace Functional.AD.Properties;

/// <summary>
/// The xunit collection of test classes that change or measure process-wide state: the buffer pool (its
/// capacity, idle bytes, allocation counts around compiled calls), <c>Parallelism.MaxThreads</c> and
/// <c>Jax.JitRetraceLog</c>. xunit runs a collection with parallelization disabled on its own, after the
/// parallel ones, so no other test evicts their buffers, changes their thread count or writes to their log.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideState
{
    /// <summary>The collection's name, for <c>[Collection(ProcessWideState.Name)]</c>.</summary>
    public const string Name = "Process-wide state";
}
