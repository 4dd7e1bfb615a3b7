using System;
using System.Runtime.CompilerServices;
using System.Collections.Generic;

namespace Functional.AD;

/// <summary>
/// A compiled jaxpr: a list of steps (kernels and fused groups) over a table of value slots.
/// Buffer planning: from liveness, each step knows the slots whose last use it is. After the step those slots are
/// cleared, and a pooled buffer that no remaining slot, input or output shares (views of one buffer are tracked
/// as one group while the program runs) goes straight back to <see cref="BufferPool"/>, where the next step of
/// this run, or the next call, picks it up. After its first call a compiled program therefore runs on recycled
/// buffers: it allocates fresh memory only for the arrays it returns that are not recycled ones, and small objects.
/// A compiled fused loop goes further: a result may take over the buffer of an operand whose last use is that loop
/// (an intermediate, or an argument the caller donated, see <see cref="JitDonation"/>), so it writes where it reads.
/// </summary>
internal sealed class JaxprExecutable
{
    private const int External = -2;   // a slot holding an input, a constant, or an unpooled buffer: never released here
    private readonly ClosedJaxpr _program;
    private readonly ExecutionStep[] _steps;
    private readonly Source[] _outputs;
    private readonly bool[] _isOutput;
    private readonly bool[] _isRead;   // read or written by some step (an input that is neither is dead on arrival)

    internal JaxprExecutable(ClosedJaxpr program, List<ExecutionStep> steps)
    {
        _program = program;
        _steps = steps.ToArray();
        var j = program.Jaxpr;
        _outputs = new Source[j.OutVarList.Length];
        _isOutput = new bool[j.VarCount];
        for (int i = 0; i < _outputs.Length; i++)
        {
            _outputs[i] = Source.Of(j.OutVarList[i]);
            if (_outputs[i].Constant is null) _isOutput[_outputs[i].Slot] = true;
        }
        // Last reader of each slot (outputs are never cleared). A value nobody reads is cleared right after the step that made it.
        var last = new int[j.VarCount];
        Array.Fill(last, -1);
        for (int s = 0; s < _steps.Length; s++)
        {
            foreach (var slot in _steps[s].Writes) last[slot] = s;
            foreach (var slot in _steps[s].Reads) last[slot] = s;
        }
        _isRead = new bool[j.VarCount];
        for (int slot = 0; slot < last.Length; slot++) _isRead[slot] = last[slot] >= 0;
        foreach (var o in _outputs) if (o.Constant is null) last[o.Slot] = int.MaxValue;
        var frees = new List<int>[_steps.Length];
        for (int slot = 0; slot < last.Length; slot++)
            if (last[slot] >= 0 && last[slot] < _steps.Length) (frees[last[slot]] ??= new List<int>()).Add(slot);
        for (int s = 0; s < _steps.Length; s++) if (frees[s] is { } f) _steps[s].Frees = f.ToArray();
    }

    /// <summary>The optimized jaxpr this executable runs.</summary>
    internal ClosedJaxpr Program => _program;

    /// <summary>The steps (for tests and diagnostics).</summary>
    internal IReadOnlyList<ExecutionStep> Steps => _steps;

    /// <summary>
    /// Runs the program on concrete arguments. The arguments marked in <paramref name="donated"/> (see
    /// <see cref="JitDonation"/>) have their buffers released after their last use in the program, like
    /// intermediate values, unless an output shares them.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal NDArray[] Run(NDArray[] args, bool[]? donated = null)
    {
        var j = _program.Jaxpr;
        var slots = new NDArray?[j.VarCount];
        // group[slot]: the slot whose buffer this value shares (its group's root), External, or unset (0 before the
        // value exists; stored as root + 1 so that the zeroed array means "unset").
        var group = new int[j.VarCount];
        var users = new int[j.VarCount];   // per group root: live slots in the group
        for (int i = 0; i < _program.ConstList.Length; i++)
        {
            slots[j.ConstVarList[i].Index] = _program.ConstList[i];
            group[j.ConstVarList[i].Index] = External;
        }
        for (int i = 0; i < args.Length; i++)
        {
            slots[j.InVarList[i].Index] = args[i];
            group[j.InVarList[i].Index] = External;
        }
        if (donated is not null) Donate(args, donated, slots, group, users);
        SmallBufferCache.Enter();
        try
        {
            foreach (var step in _steps)
            {
                if (step is FusedStep { WritesInPlace: true } fused) fused.Run(slots, DyingOperands(fused, slots, group, users));
                else step.Run(slots);
                foreach (var slot in step.Writes) Track(slot, step.Reads, step.Writes, slots, group, users);
                foreach (var slot in step.Frees) Free(slot, slots, group, users);
            }
        }
        finally { SmallBufferCache.Exit(); }
        var result = new NDArray[_outputs.Length];
        for (int i = 0; i < result.Length; i++) result[i] = _outputs[i].Read(slots);
        return result;
    }

    /// <summary>
    /// Makes each donated argument's slot the root of its own buffer group, so that the buffer goes back to the pool
    /// after the argument's last use (at once when no step reads it), or never when it is an output or shares its
    /// buffer with a constant.
    /// </summary>
    private void Donate(NDArray[] args, bool[] donated, NDArray?[] slots, int[] group, int[] users)
    {
        var j = _program.Jaxpr;
        for (int i = 0; i < args.Length; i++)
        {
            if (!donated[i]) continue;
            int slot = j.InVarList[i].Index;
            var owner = OwnerOf(args[i]);
            if (owner is null || _isOutput[slot]) continue;
            bool sharedWithConstant = false;
            foreach (var c in _program.ConstList) sharedWithConstant |= ReferenceEquals(OwnerOf(c), owner);
            if (sharedWithConstant) continue;
            group[slot] = slot + 1;
            users[slot] = 1;
            if (!_isRead[slot]) Free(slot, slots, group, users);
        }
    }

    /// <summary>
    /// The operand slots of <paramref name="step"/> whose buffers nothing reads after it: this is their last use, and no
    /// other live value (a view, an input, an output) shares their buffer. Null when there are none.
    /// </summary>
    private static int[]? DyingOperands(FusedStep step, NDArray?[] slots, int[] group, int[] users)
    {
        int[]? dying = null;
        int count = 0;
        foreach (int slot in step.InPlaceOperands)
        {
            if (Array.IndexOf(step.Frees, slot) < 0) continue;
            int g = group[slot];
            if (g <= 0 || users[g - 1] != 1 || OwnerOf(slots[slot]) is not { Rental: not null }) continue;
            (dying ??= new int[step.InPlaceOperands.Length])[count++] = slot;
        }
        if (dying is not null) for (int i = count; i < dying.Length; i++) dying[i] = -1;
        return dying;
    }

    private static BufferOwner? OwnerOf(NDArray? value) => (value as ConcreteArray)?.Owner;

    /// <summary>Puts a freshly written slot into the buffer group of the input or earlier output it shares a buffer with, or a new group.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Track(int slot, int[] reads, int[] writes, NDArray?[] slots, int[] group, int[] users)
    {
        var owner = OwnerOf(slots[slot]);
        if (owner is null) { group[slot] = External; return; }
        foreach (var other in reads)
            if (Join(other)) return;
        foreach (var other in writes)
        {
            if (other == slot) break;
            if (Join(other)) return;
        }
        group[slot] = slot + 1;
        users[slot] = 1;
        if (_isOutput[slot]) users[slot]++;   // an output's buffer is never released

        bool Join(int other)
        {
            if (OwnerOf(slots[other]) != owner || group[other] == 0) return false;
            group[slot] = group[other];
            if (group[other] != External) users[group[other] - 1]++;
            return true;
        }
    }

    /// <summary>Clears a slot after its last use; releases its buffer when no other live slot of its group remains.</summary>
    private static void Free(int slot, NDArray?[] slots, int[] group, int[] users)
    {
        var value = slots[slot];
        slots[slot] = null;
        int g = group[slot];
        if (g <= 0) return;
        if (--users[g - 1] == 0) OwnerOf(value)!.Release();
    }
}
