using System;
using System.Collections.Generic;

namespace Functional.AD;

/// <summary>
/// Fusion planning: splits a jaxpr into execution steps, grouping runs of elementwise equations over values
/// of one size (and full reductions of them) into <see cref="FusedStep"/>s. Reshapes, squeezes and
/// stop_gradient inside a group are free (row-major order is unchanged); broadcasts of a scalar are uniform
/// values. An equation that cannot be fused and does not read the open group is moved before it.
/// </summary>
internal static class Fusion
{
    private enum Kind { None, Member, Reduction }

    /// <summary>The steps of <paramref name="j"/>, in an order that respects its data flow.</summary>
    internal static List<ExecutionStep> Plan(Jaxpr j)
    {
        var consumers = new List<int>?[j.VarCount];
        var isOutput = new bool[j.VarCount];
        for (int e = 0; e < j.EquationList.Length; e++)
            foreach (var a in j.EquationList[e].Inputs)
                if (a is Var v) (consumers[v.Index] ??= new List<int>()).Add(e);
        foreach (var o in j.OutVarList) if (o is Var v) isOutput[v.Index] = true;

        var steps = new List<ExecutionStep>();
        var hoisted = new List<ExecutionStep>();
        Group? group = null;
        void Close()
        {
            steps.AddRange(hoisted);
            hoisted.Clear();
            if (group is not null) steps.Add(group.Build(j, consumers, isOutput));
            group = null;
        }
        for (int i = 0; i < j.EquationList.Length; i++)
        {
            var e = j.EquationList[i];
            var kind = Classify(e, out int size);
            if (kind != Kind.None)
            {
                if (group is null || group.Size != size || !group.Accepts(e))
                {
                    Close();
                    group = new Group(size);
                }
                if (kind == Kind.Member) group.AddMember(e, i);
                else group.AddReduction(e, i);
                continue;
            }
            if (group is not null && group.Reads(e)) Close();
            (group is null ? steps : hoisted).Add(new KernelStep(e));
        }
        Close();
        return steps;
    }

    private static Kind Classify(Equation e, out int size)
    {
        size = 0;
        if (e.Outputs.Length != 1) return Kind.None;
        var outType = e.Outputs[0].Type;
        if (e.Params is ReduceParams rp && e.Primitive is ReduceSumPrimitive or ReduceChooserPrimitive)
        {
            var operand = e.Inputs[0].Type;
            if (rp.Axes.Count != operand.Rank || operand.Size == 0 || operand.DType == DType.Bool) return Kind.None;
            size = operand.Size;
            return Kind.Reduction;
        }
        size = outType.Size;
        if (size == 0) return Kind.None;
        foreach (var a in e.Inputs) if (a.Type.Size != size && a.Type.Size != 1) return Kind.None;
        var d = outType.DType;
        bool supported = e.Primitive switch
        {
            UnaryElementwise u => d.IsFloat() || (d == DType.Int32 && u.I32 is not null),
            BinaryElementwise b => d.IsFloat() || (d == DType.Int32 && b.I32 is not null) || (d == DType.Bool && b.Bool is not null),
            ComparisonPrimitive => e.Inputs[0].DType != DType.Bool,
            SelectNPrimitive => true,
            ConvertElementTypePrimitive => true,
            IntegerPowPrimitive => true,
            StopGradientPrimitive or ReshapePrimitive or SqueezePrimitive or ExpandDimsPrimitive => true,
            BroadcastInDimPrimitive => e.Inputs[0].Type.Size == 1 || e.Inputs[0].Type.Size == size,
            _ => false,
        };
        return supported ? Kind.Member : Kind.None;
    }

    /// <summary>A group being built.</summary>
    private sealed class Group
    {
        internal readonly int Size;
        private readonly List<FusedValue> _values = new();
        private readonly Dictionary<Var, int> _byVar = new(ReferenceEqualityComparer.Instance);
        private readonly Dictionary<NDArray, int> _byConstant = new(ReferenceEqualityComparer.Instance);
        private readonly List<FusedInstruction> _uniform = new();
        private readonly List<FusedInstruction> _tiled = new();
        private readonly List<FusedReduction> _reductions = new();
        private readonly HashSet<int> _members = new();
        private readonly HashSet<Var> _reductionOutputs = new(ReferenceEqualityComparer.Instance);
        private readonly List<(Var Var, int Value)> _defined = new();

        internal Group(int size) => Size = size;

        internal bool Accepts(Equation e)
        {
            foreach (var a in e.Inputs) if (a is Var v && _reductionOutputs.Contains(v)) return false;
            return true;
        }

        internal bool Reads(Equation e)
        {
            foreach (var a in e.Inputs) if (a is Var v && (_byVar.ContainsKey(v) || _reductionOutputs.Contains(v))) return true;
            return false;
        }

        private int NewValue(DType dtype, FusedValueKind kind, Source? source = null)
        {
            // A value computed in the group has no source: default(Source) would name slot 0, which the step would read.
            _values.Add(new FusedValue { DType = dtype, Kind = kind, Source = source ?? Source.None });
            return _values.Count - 1;
        }

        /// <summary>The value for an operand: a group value, or a new input or uniform value.</summary>
        private int ValueOf(Atom a)
        {
            if (a is Var v && _byVar.TryGetValue(v, out int id)) return id;
            var source = Source.Of(a);
            bool uniform = Size > 1 && a.Type.Size == 1;
            if (source.Constant is { } c)
            {
                if (_byConstant.TryGetValue(c, out int cid)) return cid;
                int nid = NewValue(a.DType, uniform ? FusedValueKind.Uniform : FusedValueKind.Input, source);
                _byConstant[c] = nid;
                return nid;
            }
            int vid = NewValue(a.DType, uniform ? FusedValueKind.Uniform : FusedValueKind.Input, source);
            _byVar[(Var)a] = vid;
            return vid;
        }

        private void Define(Var v, int value)
        {
            _byVar[v] = value;
            _defined.Add((v, value));
        }

        internal void AddMember(Equation e, int index)
        {
            _members.Add(index);
            var output = e.Outputs[0];
            switch (e.Primitive)
            {
                case StopGradientPrimitive or ReshapePrimitive or SqueezePrimitive or ExpandDimsPrimitive:
                case BroadcastInDimPrimitive when e.Inputs[0].Type.Size == Size:
                    Define(output, ValueOf(e.Inputs[0]));
                    return;
                case BroadcastInDimPrimitive:
                {
                    // A scalar spread over the group: the same value everywhere.
                    int operand = ValueOf(e.Inputs[0]);
                    Define(output, operand);
                    return;
                }
            }
            var operands = new int[e.Inputs.Length];
            bool allUniform = true;
            for (int i = 0; i < operands.Length; i++)
            {
                operands[i] = ValueOf(e.Inputs[i]);
                allUniform &= _values[operands[i]].Kind == FusedValueKind.Uniform;
            }
            int result = NewValue(output.DType, allUniform ? FusedValueKind.Uniform : FusedValueKind.Computed);
            var instruction = Make(e, result, operands);
            (allUniform ? _uniform : _tiled).Add(instruction);
            Define(output, result);
        }

        internal void AddReduction(Equation e, int index)
        {
            _members.Add(index);
            var output = e.Outputs[0];
            _reductions.Add(new FusedReduction
            {
                Value = ValueOf(e.Inputs[0]),
                Op = e.Primitive is ReduceSumPrimitive ? ReduceOp.Sum : e.Primitive.Name == "reduce_max" ? ReduceOp.Max : ReduceOp.Min,
                Slot = output.Index,
                Type = output.Type,
            });
            _reductionOutputs.Add(output);
        }

        private FusedInstruction Make(Equation e, int result, int[] operands)
        {
            var type = e.Outputs[0].Type;
            var d = type.DType;
            FusedInstruction ins = e.Primitive switch
            {
                UnaryElementwise u => d switch
                {
                    DType.Float64 => new FusedUnary<double> { Kernel = u.F64, Result = result, Operands = operands, Primitive = e.Primitive, Params = e.Params, ResultType = type },
                    DType.Float32 => new FusedUnary<float> { Kernel = u.F32, Result = result, Operands = operands, Primitive = e.Primitive, Params = e.Params, ResultType = type },
                    _ => new FusedUnary<int> { Kernel = u.I32!, Result = result, Operands = operands, Primitive = e.Primitive, Params = e.Params, ResultType = type },
                },
                BinaryElementwise b => d switch
                {
                    DType.Float64 => new FusedBinary<double> { Kernels = b.F64, Result = result, Operands = operands, Primitive = e.Primitive, Params = e.Params, ResultType = type },
                    DType.Float32 => new FusedBinary<float> { Kernels = b.F32, Result = result, Operands = operands, Primitive = e.Primitive, Params = e.Params, ResultType = type },
                    DType.Int32 => new FusedBinary<int> { Kernels = b.I32!, Result = result, Operands = operands, Primitive = e.Primitive, Params = e.Params, ResultType = type },
                    _ => new FusedBinary<bool> { Kernels = b.Bool!, Result = result, Operands = operands, Primitive = e.Primitive, Params = e.Params, ResultType = type },
                },
                ComparisonPrimitive => e.Inputs[0].DType switch
                {
                    DType.Float64 => new FusedCompare<double> { Op = e.Primitive.Name, Result = result, Operands = operands, Primitive = e.Primitive, Params = e.Params, ResultType = type },
                    DType.Float32 => new FusedCompare<float> { Op = e.Primitive.Name, Result = result, Operands = operands, Primitive = e.Primitive, Params = e.Params, ResultType = type },
                    _ => new FusedCompare<int> { Op = e.Primitive.Name, Result = result, Operands = operands, Primitive = e.Primitive, Params = e.Params, ResultType = type },
                },
                SelectNPrimitive => d switch
                {
                    DType.Float64 => new FusedSelect<double> { Result = result, Operands = operands, Primitive = e.Primitive, Params = e.Params, ResultType = type },
                    DType.Float32 => new FusedSelect<float> { Result = result, Operands = operands, Primitive = e.Primitive, Params = e.Params, ResultType = type },
                    DType.Int32 => new FusedSelect<int> { Result = result, Operands = operands, Primitive = e.Primitive, Params = e.Params, ResultType = type },
                    _ => new FusedSelect<bool> { Result = result, Operands = operands, Primitive = e.Primitive, Params = e.Params, ResultType = type },
                },
                ConvertElementTypePrimitive => new FusedConvert { Result = result, Operands = operands, Primitive = e.Primitive, Params = e.Params, ResultType = type },
                IntegerPowPrimitive => d switch
                {
                    DType.Float64 => new FusedIntegerPow<double> { Y = ((IntegerPowParams)e.Params).Y, Result = result, Operands = operands, Primitive = e.Primitive, Params = e.Params, ResultType = type },
                    DType.Float32 => new FusedIntegerPow<float> { Y = ((IntegerPowParams)e.Params).Y, Result = result, Operands = operands, Primitive = e.Primitive, Params = e.Params, ResultType = type },
                    _ => new FusedIntegerPow<int> { Y = ((IntegerPowParams)e.Params).Y, Result = result, Operands = operands, Primitive = e.Primitive, Params = e.Params, ResultType = type },
                },
                _ => throw new InvalidOperationException($"{e.Primitive.Name} cannot be fused"),
            };
            return ins;
        }

        /// <summary>The finished step: values needed after the group become outputs; the rest get tile registers by liveness.</summary>
        internal ExecutionStep Build(Jaxpr j, List<int>?[] consumers, bool[] isOutput)
        {
            if (_members.Count == 1 && _reductions.Count == 0 && _tiled.Count + _uniform.Count == 1)
            {
                foreach (var m in _members) return new KernelStep(j.EquationList[m]);
            }
            foreach (var (v, value) in _defined)
            {
                bool outside = isOutput[v.Index];
                if (!outside && consumers[v.Index] is { } cs)
                    foreach (var c in cs) if (!_members.Contains(c)) { outside = true; break; }
                if (outside) _values[value].Outputs.Add((v.Index, v.Type));
            }
            // Liveness of register values over the tile program (reduced values live to the end of each tile).
            int n = _tiled.Count;
            var lastUse = new int[_values.Count];
            Array.Fill(lastUse, -1);
            for (int i = 0; i < n; i++) foreach (var o in _tiled[i].Operands) lastUse[o] = i;
            foreach (var r in _reductions) lastUse[r.Value] = n;
            var counts = new int[4];
            var free = new List<int>?[4];
            for (int i = 0; i < n; i++)
            {
                var ins = _tiled[i];
                // operands dying here give their registers back first (kernels work in place)
                for (int k = 0; k < ins.Operands.Length; k++)
                {
                    int o = ins.Operands[k];
                    if (Array.IndexOf(ins.Operands, o) != k) continue;   // an operand used twice is freed once
                    var ov = _values[o];
                    if (lastUse[o] == i && ov.Kind == FusedValueKind.Computed && ov.Register >= 0 && ov.Outputs.Count == 0)
                        (free[(int)ov.DType] ??= new List<int>()).Add(ov.Register);
                }
                var rv = _values[ins.Result];
                if (rv.Outputs.Count > 0) continue;
                int d = (int)rv.DType;
                if (free[d] is { Count: > 0 } list)
                {
                    rv.Register = list[^1];
                    list.RemoveAt(list.Count - 1);
                }
                else rv.Register = counts[d]++;
                if (lastUse[ins.Result] < 0) (free[d] ??= new List<int>()).Add(rv.Register);
            }
            return new FusedStep(Size, _values.ToArray(), _uniform.ToArray(), _tiled.ToArray(), _reductions.ToArray(), counts);
        }
    }
}
