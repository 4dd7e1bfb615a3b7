using System;
using System.Collections.Generic;

namespace Functional.AD;

/// <summary>
/// Fusion planning: splits a jaxpr into execution steps, grouping runs of elementwise equations over values
/// of one size (and full reductions of them) into <see cref="FusedStep"/>s. Reshapes, squeezes and
/// stop_gradient inside a group are free (row-major order is unchanged); broadcasts of a scalar are uniform
/// values, and a broadcast that repeats an operand over the leading axes reads it in place, tile by tile. An equation
/// that cannot be fused and does not read the open group is moved before it.
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
        // Fused tiles run f64, f32, i32 and bool only; the other dtypes run as ordinary kernel steps.
        if (!Fusible(outType.DType)) return Kind.None;
        foreach (var a in e.Inputs) if (!Fusible(a.Type.DType)) return Kind.None;
        if (e.Params is ReduceParams rp && e.Primitive is ReduceSumPrimitive or ReduceChooserPrimitive)
        {
            var operand = e.Inputs[0].Type;
            if (rp.Axes.Count != operand.Rank || operand.Size == 0 || operand.DType == DType.Bool) return Kind.None;
            size = operand.Size;
            return Kind.Reduction;
        }
        size = outType.Size;
        if (size == 0) return Kind.None;
        var op = OperatorOf(e);
        if (op is RepeatOperator) return Kind.Member;   // its one operand repeats over the output
        foreach (var a in e.Inputs) if (a.Type.Size != size && a.Type.Size != 1) return Kind.None;
        return op is not null ? Kind.Member : Kind.None;
    }

    private static bool Fusible(DType dtype) => dtype is DType.Float64 or DType.Float32 or DType.Int32 or DType.Bool;

    /// <summary>How the equation's primitive computes element by element, when it can run in a fused group.</summary>
    private static ElementwiseOperator? OperatorOf(Equation e)
    {
        if (e.Primitive is not IFusibleElementwise fusible) return null;
        var inputs = new ArrayType[e.Inputs.Length];
        for (int i = 0; i < inputs.Length; i++) inputs[i] = e.Inputs[i].Type;
        return fusible.Operator(inputs, e.Params, e.Outputs[0].Type);
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
            var op = OperatorOf(e)!;
            if (op is AliasOperator)
            {
                // The same elements (or one element spread over the group: a uniform value).
                Define(output, ValueOf(e.Inputs[0]));
                return;
            }
            if (op is RepeatOperator)
            {
                // The operand is read whole (it has fewer elements than the group): an input of its own, never a tile.
                int source = NewValue(e.Inputs[0].DType, FusedValueKind.Input, Source.Of(e.Inputs[0]));
                int repeated = NewValue(output.DType, FusedValueKind.Computed);
                _tiled.Add(MakeRepeat(e, repeated, source));
                Define(output, repeated);
                return;
            }
            var operands = new int[e.Inputs.Length];
            bool allUniform = true;
            for (int i = 0; i < operands.Length; i++)
            {
                operands[i] = ValueOf(e.Inputs[i]);
                allUniform &= _values[operands[i]].Kind == FusedValueKind.Uniform;
            }
            int result = NewValue(output.DType, allUniform ? FusedValueKind.Uniform : FusedValueKind.Computed);
            var instruction = Make(e, op, result, operands);
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

        /// <summary>The instruction repeating input <paramref name="source"/> over the group into <paramref name="result"/>.</summary>
        private static FusedInstruction MakeRepeat(Equation e, int result, int source)
        {
            var site = new FusedInstruction.Site(result, new[] { source }, e.Primitive, e.Params, e.Outputs[0].Type);
            return e.Outputs[0].DType switch
            {
                DType.Float64 => new FusedRepeat<double>(site),
                DType.Float32 => new FusedRepeat<float>(site),
                DType.Int32 => new FusedRepeat<int>(site),
                _ => new FusedRepeat<bool>(site),
            };
        }

        /// <summary>The instruction running <paramref name="op"/> (the operator <paramref name="e"/>'s primitive describes itself by) in the group.</summary>
        private static FusedInstruction Make(Equation e, ElementwiseOperator op, int result, int[] operands)
        {
            var site = new FusedInstruction.Site(result, operands, e.Primitive, e.Params, e.Outputs[0].Type);
            return op switch
            {
                UnaryOperator<double> u => new FusedUnary<double>(site, u.Kernel),
                UnaryOperator<float> u => new FusedUnary<float>(site, u.Kernel),
                UnaryOperator<int> u => new FusedUnary<int>(site, u.Kernel),
                BinaryOperator<double> b => new FusedBinary<double>(site, b.Kernels),
                BinaryOperator<float> b => new FusedBinary<float>(site, b.Kernels),
                BinaryOperator<int> b => new FusedBinary<int>(site, b.Kernels),
                BinaryOperator<bool> b => new FusedBinary<bool>(site, b.Kernels),
                ComparisonOperator<double> c => new FusedCompare<double>(site, c.Kernels),
                ComparisonOperator<float> c => new FusedCompare<float>(site, c.Kernels),
                ComparisonOperator<int> c => new FusedCompare<int>(site, c.Kernels),
                ComparisonOperator<bool> c => new FusedCompare<bool>(site, c.Kernels),
                SelectOperator<double> => new FusedSelect<double>(site),
                SelectOperator<float> => new FusedSelect<float>(site),
                SelectOperator<int> => new FusedSelect<int>(site),
                SelectOperator<bool> => new FusedSelect<bool>(site),
                ConvertOperator => new FusedConvert(site),
                _ => throw new InvalidOperationException($"{e.Primitive.Name}: the fuser does not know the operator kind {op.GetType().Name}"),
            };
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
            var tiled = FusedPeephole.Combine(_tiled, _values, _reductions);
            // Liveness of register values over the tile program (reduced values live to the end of each tile).
            int n = tiled.Count;
            var lastUse = new int[_values.Count];
            Array.Fill(lastUse, -1);
            for (int i = 0; i < n; i++) foreach (var o in tiled[i].Operands) lastUse[o] = i;
            foreach (var r in _reductions) lastUse[r.Value] = n;
            var counts = new int[4];
            var free = new List<int>?[4];
            for (int i = 0; i < n; i++)
            {
                var ins = tiled[i];
                // operands dying here give their registers back first (kernels work in place)
                for (int k = 0; k < ins.Operands.Length; k++)
                {
                    int o = ins.Operands[k];
                    if (Array.IndexOf(ins.Operands, o) != k) continue;   // an operand used twice is freed once
                    var ov = _values[o];
                    if (lastUse[o] == i && ov.Kind == FusedValueKind.Computed && ov.Register >= 0 && ov.Outputs.Count == 0)
                        (free[(int)ov.DType] ??= new List<int>()).Add(ov.Register);
                }
                AssignRegister(ins.Result);
                if (ins.SecondResult >= 0) AssignRegister(ins.SecondResult);
            }

            void AssignRegister(int result)
            {
                var rv = _values[result];
                if (rv.Outputs.Count > 0) return;
                int d = (int)rv.DType;
                if (free[d] is { Count: > 0 } list)
                {
                    rv.Register = list[^1];
                    list.RemoveAt(list.Count - 1);
                }
                else rv.Register = counts[d]++;
                if (lastUse[result] < 0) (free[d] ??= new List<int>()).Add(rv.Register);
            }
            return new FusedStep(Size, _values.ToArray(), _uniform.ToArray(), tiled.ToArray(), _reductions.ToArray(), counts);
        }
    }
}
