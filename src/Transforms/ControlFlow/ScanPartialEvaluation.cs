using System;
using System.Collections.Generic;
using System.Collections.Immutable;

namespace Functional.AD;

/// <summary>
/// Partial evaluation of <c>scan</c> (the step that turns a JVP into a linear function for reverse mode): the
/// body is split by which of its inputs are known, with the known carries found by a fixed point (a carry is
/// known only if it stays known through the body). The known scan runs now and also returns, stacked over the
/// iterations, the residuals the unknown side needs; the unknown scan is staged and reads them as xs. Residuals
/// that are known consts or known xs are passed on directly instead of being stacked again.
/// </summary>
internal static class ScanPartialEvaluation
{
    /// <summary>The split of one scan for one known-mask.</summary>
    /// <param name="CarryKnown">Per carry: whether the known scan carries it.</param>
    /// <param name="KnownOutputs">Per output (carries, then ys): whether the known scan produces it.</param>
    /// <param name="Known">The known scan.</param>
    /// <param name="Unknown">The unknown scan.</param>
    /// <param name="HoistedArgs">Arguments passed to the unknown scan as extra consts (known consts it reads).</param>
    /// <param name="ForwardedArgs">Arguments passed to the unknown scan as extra xs (known xs it reads).</param>
    /// <param name="StackedResiduals">How many stacked residuals the known scan returns last.</param>
    internal sealed record ScanPlan(
        bool[] CarryKnown, bool[] KnownOutputs, ScanParams Known, ScanParams Unknown,
        int[] HoistedArgs, int[] ForwardedArgs, int StackedResiduals);

    /// <summary>Plans the split of <paramref name="p"/> for the arguments marked <paramref name="known"/>.</summary>
    internal static ScanPlan Plan(ScanParams p, bool[] known)
    {
        int nc = p.NumConsts, ncarry = p.NumCarry, nx = p.NumXs, ny = p.NumYs;
        var carryKnown = known[nc..(nc + ncarry)];
        JaxprTransforms.PartialEvalResult r;
        while (true)
        {
            var knownIn = (bool[])known.Clone();
            Array.Copy(carryKnown, 0, knownIn, nc, ncarry);
            var instantiate = new bool[ncarry + ny];
            for (int i = 0; i < ncarry; i++) instantiate[i] = !carryKnown[i];
            r = JaxprTransforms.PartialEvalDetailed(p.Jaxpr, knownIn, instantiate);
            bool changed = false;
            for (int i = 0; i < ncarry; i++)
                if (carryKnown[i] && !r.KnownOutputs[i]) { carryKnown[i] = false; changed = true; }
            if (!changed) break;
        }
        var inKnown = (bool[])known.Clone();
        Array.Copy(carryKnown, 0, inKnown, nc, ncarry);

        int knownOutCount = 0;
        foreach (bool k in r.KnownOutputs) if (k) knownOutCount++;
        var hoisted = new List<int>();     // residual positions passed as consts
        var forwarded = new List<int>();   // residual positions passed as xs
        var stacked = new List<int>();     // residual positions stacked by the known scan
        for (int i = 0; i < r.ResidualInputs.Length; i++)
        {
            int input = r.ResidualInputs[i];
            if (input >= 0 && input < nc) hoisted.Add(i);
            else if (input >= nc + ncarry) forwarded.Add(i);
            else stacked.Add(i);
        }

        // Known scan: (known consts, known carries, known xs) -> (known carries, known ys, stacked residuals).
        var knownOutOrder = new List<int>();
        for (int i = 0; i < knownOutCount; i++) knownOutOrder.Add(i);
        foreach (int s in stacked) knownOutOrder.Add(knownOutCount + s);
        var knownInOrder = new List<int>();
        for (int i = 0; i < r.Known.Jaxpr.InVarList.Length; i++) knownInOrder.Add(i);
        var knownBody = ControlFlowJaxprs.Permute("scan (known)", r.Known, knownInOrder, knownOutOrder);
        int knownConsts = Count(inKnown, 0, nc, true), knownCarry = Count(inKnown, nc, ncarry, true);
        var knownScan = ScanParams.Make(knownBody, p.Length, p.Reverse, knownConsts, knownCarry);

        // Unknown scan: consts (unknown consts, hoisted residuals), carries (unknown carries),
        // xs (unknown xs, forwarded residuals, stacked residuals) -> (unknown carries, unknown ys).
        int residuals = r.ResidualInputs.Length;
        int uConsts = Count(inKnown, 0, nc, false), uCarry = Count(inKnown, nc, ncarry, false), uXs = Count(inKnown, nc + ncarry, nx, false);
        var order = new List<int>();
        var linear = new List<bool>();
        var unknownInputs = new List<int>();   // original input index of each unknown input, in order
        for (int i = 0; i < inKnown.Length; i++) if (!inKnown[i]) unknownInputs.Add(i);
        for (int k = 0; k < uConsts; k++) { order.Add(residuals + k); linear.Add(p.Linear[unknownInputs[k]]); }
        foreach (int h in hoisted) { order.Add(h); linear.Add(false); }
        for (int k = uConsts; k < uConsts + uCarry; k++) { order.Add(residuals + k); linear.Add(p.Linear[unknownInputs[k]]); }
        for (int k = uConsts + uCarry; k < uConsts + uCarry + uXs; k++) { order.Add(residuals + k); linear.Add(p.Linear[unknownInputs[k]]); }
        foreach (int f in forwarded) { order.Add(f); linear.Add(false); }
        foreach (int s in stacked) { order.Add(s); linear.Add(false); }
        var outOrder = new List<int>();
        for (int i = 0; i < r.KnownOutputs.Length - knownOutCount; i++) outOrder.Add(i);
        var unknownBody = ControlFlowJaxprs.Permute("scan (unknown)", r.Unknown, order, outOrder);
        var unknownScan = new ScanParams(unknownBody, p.Length, p.Reverse, uConsts + hoisted.Count, uCarry, linear.ToImmutableArray());

        var hoistedArgs = hoisted.ConvertAll(h => r.ResidualInputs[h]).ToArray();
        var forwardedArgs = forwarded.ConvertAll(f => r.ResidualInputs[f]).ToArray();
        return new ScanPlan(carryKnown, r.KnownOutputs, knownScan, unknownScan, hoistedArgs, forwardedArgs, stacked.Count);
    }

    /// <summary>Runs the known scan in the known trace and stages the unknown one; returns the scan's outputs.</summary>
    internal static NDArray[] Apply(Primitive scan, JaxprTrace trace, NDArray[] args, bool[] known, ScanParams p, ScanPlan plan)
    {
        int nc = p.NumConsts, ncarry = p.NumCarry;
        var inKnown = (bool[])known.Clone();
        Array.Copy(plan.CarryKnown, 0, inKnown, nc, ncarry);

        var knownArgs = new List<NDArray>();
        for (int i = 0; i < args.Length; i++) if (inKnown[i]) knownArgs.Add(args[i]);
        var knownResults = plan.Known.Jaxpr.Jaxpr.OutVarList.Length == 0
            ? Array.Empty<NDArray>()
            : trace.KnownTrace!.Process(scan, knownArgs.ToArray(), plan.Known);

        var unknownArgs = new List<NDArray>();
        for (int i = 0; i < nc; i++) if (!inKnown[i]) unknownArgs.Add(args[i]);
        foreach (int h in plan.HoistedArgs) unknownArgs.Add(args[h]);
        for (int i = nc; i < nc + ncarry; i++) if (!inKnown[i]) unknownArgs.Add(args[i]);
        for (int i = nc + ncarry; i < args.Length; i++) if (!inKnown[i]) unknownArgs.Add(args[i]);
        foreach (int f in plan.ForwardedArgs) unknownArgs.Add(args[f]);
        int stackedStart = knownResults.Length - plan.StackedResiduals;
        for (int i = stackedStart; i < knownResults.Length; i++) unknownArgs.Add(knownResults[i]);
        var unknownResults = trace.Stage(scan, unknownArgs.ToArray(), plan.Unknown);

        var outputs = new NDArray[plan.KnownOutputs.Length];
        for (int i = 0, ki = 0, ui = 0; i < outputs.Length; i++)
            outputs[i] = plan.KnownOutputs[i] ? knownResults[ki++] : unknownResults[ui++];
        return outputs;
    }

    private static int Count(bool[] mask, int start, int n, bool value)
    {
        int c = 0;
        for (int i = 0; i < n; i++) if (mask[start + i] == value) c++;
        return c;
    }
}
