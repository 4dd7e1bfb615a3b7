using System;
using System.Runtime.CompilerServices;
using System.Collections.Generic;
using System.Collections.Immutable;

namespace Functional.AD;

/// <summary>An operand of an equation: a <see cref="Var"/> or a <see cref="Literal"/>.</summary>
public abstract class Atom
{
    /// <summary>Shape, dtype and weak type.</summary>
    internal readonly ArrayType Type;

    private protected Atom(ArrayType type) => Type = type;

    /// <summary>The shape of the value.</summary>
    public Shape Shape => Type.Shape;

    /// <summary>The dtype of the value.</summary>
    public DType DType => Type.DType;

    /// <summary>Shape, dtype and weak type of the value.</summary>
    public ArrayType ArrayType => Type;
}

/// <summary>A typed variable of a jaxpr, bound once (as a const, an input or an equation output). Compared by reference.</summary>
public sealed class Var : Atom
{
    /// <summary>Dense index of the variable within the jaxpr that owns it (its slot in an interpreter's environment).</summary>
    internal readonly int Index;

    internal Var(ArrayType type, int index) : base(type) => Index = index;

    /// <summary>The typed shape, e.g. "f32[3]" (names are given when a whole jaxpr is printed).</summary>
    public override string ToString() => Type.ToString();
}

/// <summary>A 0-d constant written inline in a jaxpr, printed as <c>2.0:f32[]</c>.</summary>
public sealed class Literal : Atom
{
    internal Literal(ConcreteArray value) : base(value.Type) => Value = value;

    /// <summary>The constant.</summary>
    public NDArray Value { get; }

    /// <summary>The literal as JAX prints it, e.g. "2.0:f32[]".</summary>
    public override string ToString() => JaxprPrinter.FormatLiteral(this);
}

/// <summary>One equation <c>outs = primitive[params] ins</c> of a jaxpr.</summary>
public sealed class Equation
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal Equation(Primitive primitive, ImmutableArray<Atom> inputs, ImmutableArray<Var> outputs, PrimitiveParams parameters)
    {
        Primitive = primitive;
        Inputs = inputs;
        Outputs = outputs;
        Params = parameters;
    }

    /// <summary>The primitive applied.</summary>
    public Primitive Primitive { get; }

    /// <summary>The operands.</summary>
    public ImmutableArray<Atom> Inputs { get; }

    /// <summary>The variables bound to the results.</summary>
    public ImmutableArray<Var> Outputs { get; }

    /// <summary>The primitive's typed parameters.</summary>
    public PrimitiveParams Params { get; }
}

/// <summary>
/// The IR: typed input variables, constants (bound to <see cref="ConstVars"/>), equations in order, and
/// outputs. Immutable. <c>ToString()</c> prints JAX's format, e.g.
/// <c>{ lambda ; a:f64[3]. let b:f64[3] = sin a in (b,) }</c>.
/// </summary>
public sealed class Jaxpr
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal Jaxpr(ImmutableArray<Var> constVars, ImmutableArray<Var> inVars, ImmutableArray<Equation> equations,
        ImmutableArray<Atom> outVars, int varCount)
    {
        ConstVarList = constVars;
        InVarList = inVars;
        EquationList = equations;
        OutVarList = outVars;
        VarCount = varCount;
    }

    internal readonly ImmutableArray<Var> ConstVarList;
    internal readonly ImmutableArray<Var> InVarList;
    internal readonly ImmutableArray<Equation> EquationList;
    internal readonly ImmutableArray<Atom> OutVarList;

    /// <summary>Number of variable slots (every <see cref="Var.Index"/> is below it).</summary>
    internal readonly int VarCount;

    /// <summary>Variables bound to the closed-over constants (the values are in <see cref="ClosedJaxpr.Consts"/>).</summary>
    public IReadOnlyList<Var> ConstVars => ConstVarList;

    /// <summary>The input variables.</summary>
    public IReadOnlyList<Var> InVars => InVarList;

    /// <summary>The equations, in evaluation order.</summary>
    public IReadOnlyList<Equation> Equations => EquationList;

    /// <summary>The outputs: variables or literals.</summary>
    public IReadOnlyList<Atom> OutVars => OutVarList;

    /// <summary>JAX's text format.</summary>
    public override string ToString() => JaxprPrinter.Print(this);
}

/// <summary>A jaxpr together with the values of its constants.</summary>
public sealed class ClosedJaxpr
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal ClosedJaxpr(Jaxpr jaxpr, ImmutableArray<NDArray> consts)
    {
        if (consts.Length != jaxpr.ConstVarList.Length)
            throw new ArgumentException($"ClosedJaxpr: {consts.Length} constants for {jaxpr.ConstVarList.Length} constant variables");
        Jaxpr = jaxpr;
        ConstList = consts;
    }

    internal readonly ImmutableArray<NDArray> ConstList;

    /// <summary>The jaxpr.</summary>
    public Jaxpr Jaxpr { get; }

    /// <summary>The values of <see cref="Jaxpr.ConstVars"/>, in order.</summary>
    public IReadOnlyList<NDArray> Consts => ConstList;

    /// <summary>JAX's text format of the jaxpr.</summary>
    public override string ToString() => Jaxpr.ToString();

    /// <summary>
    /// The same computation with its constants turned into leading inputs and no constants of its own, so that the
    /// values it closed over (arrays, or tracers of an enclosing transform) are passed like arguments: the caller
    /// passes <see cref="ConstList"/> first.
    /// </summary>
    internal ClosedJaxpr WithConstantsAsInputs()
    {
        var j = Jaxpr;
        var jaxpr = new Jaxpr(ImmutableArray<Var>.Empty, j.ConstVarList.AddRange(j.InVarList), j.EquationList, j.OutVarList, j.VarCount);
        return new ClosedJaxpr(jaxpr, ImmutableArray<NDArray>.Empty);
    }
}
