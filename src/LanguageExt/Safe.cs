using System;
using LanguageExt;
using LanguageExt.Common;

namespace Functional.AD.LanguageExt;

/// <summary>
/// Errors as values: the functions that <see cref="Jax"/>'s transforms return (or any other function) made to return
/// <c>Fin&lt;T&gt;</c> or <c>Validation&lt;Error, T&gt;</c> instead of throwing. <c>Jax.Grad(loss).Try()(parameters)</c>
/// is <c>Fin&lt;Parameters&gt;</c>: <c>Succ</c> with what <c>Jax.Grad(loss)(parameters)</c> returns, or <c>Fail</c>
/// with the library's message (the shapes that do not match, the traced value read inside <c>Jit</c>...) where that
/// call would throw.
/// </summary>
/// <remarks>
/// <para>
/// Every exception the call throws becomes an error, made by <see cref="ToError"/>: <c>Error.New(exception)</c>, an
/// exceptional error whose <c>Message</c> is the exception's message, whose <c>Code</c> is its <c>HResult</c> and
/// whose <c>Exception</c> is the exception itself, so <c>fin.ThrowIfFail()</c> throws exactly what the plain call
/// would have. The library's own diagnostics are <see cref="ArgumentException"/>s (shapes, dtypes, pytree
/// structures) and <see cref="InvalidOperationException"/>s (<see cref="ConcretizationException"/> among them);
/// anything else (a <see cref="NullReferenceException"/> from a bug, an <see cref="OutOfMemoryException"/>, or an
/// exception the user's own function threw) is caught the same way, as LanguageExt's own <c>Try</c> does: a call
/// cannot tell a bug in the engine from one in the function it runs, and the exception inside the error keeps its
/// type and stack trace for whoever handles it.
/// </para>
/// <para>
/// The transforms do their work, tracing included, when the function they return is called: <c>Jax.Jit(f).Try()</c>
/// catches tracing errors too. Making a transform fails only for a null function, a programming error that is not
/// turned into a value. For the transforms that return values directly (<c>Jax.Jvp(f, x, v)</c>, <c>Jax.Vjp</c>,
/// <c>Jax.Hvp</c>...) use <see cref="Run{A}"/>: <c>Safe.Run(() =&gt; Jax.Jvp(f, x, v))</c>.
/// </para>
/// <para>Using this class makes LanguageExt's types pytrees (<see cref="LanguageExtTrees.Register"/>).</para>
/// </remarks>
public static class Safe
{
    static Safe() => LanguageExtTrees.Register();

    /// <summary><paramref name="f"/> returning <c>Fin&lt;B&gt;</c>: <c>Succ</c> with its result, or <c>Fail</c> with what it threw.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    public static Func<A, Fin<B>> Try<A, B>(this Func<A, B> f)
    {
        ArgumentNullException.ThrowIfNull(f);
        return a => Run(() => f(a));
    }

    /// <summary><paramref name="f"/> returning <c>Fin&lt;C&gt;</c>: <c>Succ</c> with its result, or <c>Fail</c> with what it threw.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    public static Func<A, B, Fin<C>> Try<A, B, C>(this Func<A, B, C> f)
    {
        ArgumentNullException.ThrowIfNull(f);
        return (a, b) => Run(() => f(a, b));
    }

    /// <summary><paramref name="f"/> returning <c>Validation&lt;Error, B&gt;</c>: <c>Success</c> with its result, or <c>Fail</c> with what it threw.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    public static Func<A, Validation<Error, B>> Validate<A, B>(this Func<A, B> f)
    {
        ArgumentNullException.ThrowIfNull(f);
        return a => ToValidation(Run(() => f(a)));
    }

    /// <summary><paramref name="f"/> returning <c>Validation&lt;Error, C&gt;</c>: <c>Success</c> with its result, or <c>Fail</c> with what it threw.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    public static Func<A, B, Validation<Error, C>> Validate<A, B, C>(this Func<A, B, C> f)
    {
        ArgumentNullException.ThrowIfNull(f);
        return (a, b) => ToValidation(Run(() => f(a, b)));
    }

    /// <summary>
    /// Runs <paramref name="f"/> now: <c>Succ</c> with its result, or <c>Fail</c> with what it threw. For the transforms
    /// that return a value rather than a function: <c>Safe.Run(() =&gt; Jax.Jvp(f, x, v))</c>.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    public static Fin<A> Run<A>(Func<A> f)
    {
        ArgumentNullException.ThrowIfNull(f);
        try
        {
            return Fin<A>.Succ(f());
        }
        catch (Exception e)
        {
            return Fin<A>.Fail(ToError(e));
        }
    }

    /// <summary>
    /// The error that stands for <paramref name="exception"/>: <c>Error.New(exception)</c>, exceptional, with the
    /// exception's message, its <c>HResult</c> as code and the exception itself.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="exception"/> is null.</exception>
    public static Error ToError(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return Error.New(exception);
    }

    private static Validation<Error, T> ToValidation<T>(Fin<T> fin) =>
        fin.IsSucc ? Validation<Error, T>.Success((T)fin) : Validation<Error, T>.Fail(Prelude.Seq1((Error)fin));
}
