using System.Collections.Immutable;

namespace Functional.AD;

/// <summary>The rewriting passes <see cref="JaxprCompiler.Rewrite"/> applies.</summary>
[System.Flags]
internal enum RewritePasses
{
    /// <summary>Evaluate equations whose operands are all known (<see cref="Functional.AD.ConstantFolding"/>).</summary>
    ConstantFolding = 1,

    /// <summary>Algebraic identities (<see cref="Functional.AD.Simplification"/>).</summary>
    Simplification = 2,

    /// <summary>Merge repeated computations (<see cref="CommonSubexpressionElimination"/>).</summary>
    CommonSubexpressions = 4,

    /// <summary>All three.</summary>
    All = ConstantFolding | Simplification | CommonSubexpressions,
}

/// <summary>The jit compiler: optimization passes on the jaxpr, then fusion planning into an executable.</summary>
internal static class JaxprCompiler
{
    /// <summary>Optimizes and compiles <paramref name="jaxpr"/> (which has no constants of its own).</summary>
    internal static JaxprExecutable Compile(Jaxpr jaxpr) => Compile(new ClosedJaxpr(jaxpr, ImmutableArray<NDArray>.Empty));

    /// <summary>Optimizes and compiles a closed jaxpr (its constants are concrete arrays).</summary>
    internal static JaxprExecutable Compile(ClosedJaxpr jaxpr)
    {
        var program = Optimize(jaxpr);
        return new JaxprExecutable(program, Fusion.Plan(program.Jaxpr));
    }

    /// <summary>The optimization passes: dead code out, then one rewriting walk (<see cref="Rewrite"/>), then dead code out again.</summary>
    internal static ClosedJaxpr Optimize(ClosedJaxpr program)
    {
        program = DeadCodeElimination.Run(program);
        program = Rewrite(program);
        program = DeadCodeElimination.Run(program);
        return program;
    }

    /// <summary>
    /// Constant folding, simplification and common-subexpression elimination (those of <paramref name="passes"/>)
    /// in one walk over the program, so that it is staged once more, not once per pass: each equation, with its
    /// operands already rewritten, is folded when its operands are known, else simplified, else merged with an equal
    /// earlier one, else staged. A simplification into the same equation on other operands starts over.
    /// </summary>
    internal static ClosedJaxpr Rewrite(ClosedJaxpr program, RewritePasses passes = RewritePasses.All)
    {
        var simplification = (passes & RewritePasses.Simplification) != 0 ? new Simplification() : null;
        var cse = (passes & RewritePasses.CommonSubexpressions) != 0 ? new CommonSubexpressionElimination() : null;
        bool fold = (passes & RewritePasses.ConstantFolding) != 0;
        return JaxprRewriter.Rewrite(program, (e, ins) =>
        {
            while (true)
            {
                if (fold && ConstantFolding.Fold(e, ins) is { } folded) return folded;
                var simplified = simplification?.Simplify(e, ins) ?? default;
                if (simplified.Value is { } value) return new[] { value };
                if (simplified.Operands is { } operands)
                {
                    ins = operands;
                    continue;
                }
                if (cse?.Find(e, ins) is { } previous) return previous;
                var outs = e.Primitive.Bind(ins, e.Params);
                simplification?.Record(e, ins, outs);
                cse?.Record(e, ins, outs);
                return outs;
            }
        });
    }
}
