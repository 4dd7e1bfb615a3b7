using System;
using System.Threading;

namespace Functional.AD;

public static partial class Jax
{
    private static readonly AsyncLocal<bool> s_jitDisabled = new();

    /// <summary>How many <see cref="DisableJit"/> scopes are open anywhere: while none is, <see cref="IsJitDisabled"/> skips the async-local lookup.</summary>
    private static int s_disableJitScopes;

    /// <summary>
    /// A scope in which jitted functions run eagerly (<c>jax.disable_jit</c>), for debugging:
    /// <c>using (Jax.DisableJit()) { ... }</c>. Inside it, calling a function made by <c>Jax.Jit</c> calls the
    /// user's function directly on the arguments, every call: values are concrete, so <c>(double)x</c>, C# control
    /// flow on values, printing and breakpoints work as without <c>Jit</c>, and nothing is traced, compiled or cached.
    /// Transforms applied around it (<c>Grad</c>, <c>Vmap</c>, ...) still apply, and traced values stay traced.
    /// Disposing the scope restores the previous setting, so scopes nest (<c>DisableJit(false)</c> inside re-enables
    /// jit); disposing twice does nothing.
    /// </summary>
    /// <remarks>
    /// The setting is local to the logical flow of control, not process-wide: it holds on the thread that opened the
    /// scope, across <c>await</c>s inside it, and in tasks and threads started inside it (it flows with the .NET
    /// <see cref="ExecutionContext"/>, like an <see cref="AsyncLocal{T}"/>); code running concurrently elsewhere keeps
    /// compiling. Only <c>Jax.Jit</c> is affected: <c>Checkpoint</c>, <c>Lax</c> control flow and
    /// <c>MakeJaxpr</c> still stage their functions.
    /// </remarks>
    /// <param name="disable">True (the default) to run jitted functions eagerly, false to compile them again inside an outer scope.</param>
    public static IDisposable DisableJit(bool disable = true)
    {
        var scope = new JitDisabledScope(s_jitDisabled.Value);
        Interlocked.Increment(ref s_disableJitScopes);
        s_jitDisabled.Value = disable;
        return scope;
    }

    /// <summary>True inside a <see cref="DisableJit"/> scope (in this flow of control): jitted functions then run eagerly.</summary>
    public static bool IsJitDisabled => Volatile.Read(ref s_disableJitScopes) != 0 && s_jitDisabled.Value;

    private sealed class JitDisabledScope(bool previous) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
            s_jitDisabled.Value = previous;
            Interlocked.Decrement(ref s_disableJitScopes);
        }
    }
}
