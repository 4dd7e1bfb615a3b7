using System;
using System.Runtime.CompilerServices;

namespace Functional.AD;

/// <summary>The bottom trace: runs each primitive's kernel on concrete arrays.</summary>
internal sealed class EvalTrace : Trace
{
    /// <summary>The single, stateless eval trace.</summary>
    internal static readonly EvalTrace Instance = new();

    private EvalTrace() { }

    internal override string Description => "eager evaluation";

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal override NDArray[] Process(Primitive primitive, NDArray[] args, PrimitiveParams parameters)
    {
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] is ConcreteArray c)
            {
                if (c.Owner is { IsReleased: true }) throw JitDonation.DeletedError(primitive.Name, c);
                continue;
            }
            if (args[i] is ShapeDtypeStruct placeholder) throw ShapeDtypeStruct.Error(primitive.Name, placeholder.Type);
            if (args[i] is Tracer t)
            {
                t.ThrowIfEscaped();
                throw new InvalidOperationException(
                    $"{primitive.Name}: a value traced by {t.Trace.Description} ({t.Type}) reached eager evaluation outside " +
                    "its transform. It escaped (for example through a field, a static or another thread); return it from " +
                    "the transformed function instead.");
            }
        }
        var outputs = primitive.Evaluate(args, parameters);
        if ((NumericChecks.Nans || NumericChecks.Infs) && !NumericChecks.Suspended) NumericChecks.Check(primitive, args, parameters, outputs);
        return outputs;
    }
}
