// A primitive defined in user code: a sparse matrix-vector product (see SparseMatrix.cs), with its JVP,
// transpose and batching rules. The program shows it in a jaxpr, differentiates through it in both modes,
// batches it, and fits the values of a sparse matrix by gradient descent. Its properties are checked with
// Functional.AD.Testing.PrimitiveLaws in the test project beside it (samples/CustomPrimitive.Tests).
// Exits non-zero if a derivative or the batched result disagrees with the dense computation, or the fit fails.
//
//   dotnet run -c Release --project samples/CustomPrimitive
//   dotnet test samples/CustomPrimitive.Tests
using System.Linq;
using CustomPrimitiveSample;
using Functional.AD;
using Functional.AD.Samples.Support;

var rng = new System.Random(3);
var pattern = SparsePattern.Random(6, 8, 0.3, rng);
NDArray RandomVector(int n) => Np.FromFlat(Enumerable.Range(0, n).Select(_ => rng.NextDouble() * 2 - 1).ToArray(), new[] { n });
var values = RandomVector(pattern.Count);
var x = RandomVector(pattern.Cols);

Report.LabelWidth = 31;
Report.Banner("A primitive defined in user code: spmv, a sparse matrix times a vector");
Report.Section("In a jaxpr");
Report.Text($"A {pattern.Rows}x{pattern.Cols} sparse matrix with {pattern.Count} entries; sum(tanh(spmv(values, x))) traces to:");
Report.Block("", Jax.MakeJaxpr<(NDArray, NDArray), NDArray>(t => Np.Sum(Np.Tanh(SparseMatVec.Apply(pattern, t.Item1, t.Item2))))((values, x)));

// Reverse mode uses the transpose rules; compare with the same computation written densely.
var dense = new double[pattern.Rows, pattern.Cols];
var v = values.ToArray<double>();
var rowOf = pattern.RowOf();
for (int k = 0; k < pattern.Count; k++) dense[rowOf[k], pattern.Columns[k]] = v[k];
var gradX = Jax.Grad((NDArray t) => Np.Sum(Np.Tanh(SparseMatVec.Apply(pattern, values, t))))(x);
var gradDense = Jax.Grad((NDArray t) => Np.Sum(Np.Tanh(Np.Matmul(Np.Array(dense), t))))(x);
double gradError = Np.Max(Np.Abs(gradX - gradDense)).ToArray<double>()[0];
Report.Section("Reverse mode: Grad of sum(tanh(A x)) with respect to x");
Report.Line("through spmv", Fmt.Vec(gradX, 4));
Report.Line("through a dense matmul", Fmt.Vec(gradDense, 4));
Report.Line("largest difference", $"{Fmt.E(gradError)}  {Checks.Mark(gradError < 1e-12)}");

// Batching: 4 vectors at once, one batched computation (the batching rule), and per-example gradients.
var xs = Np.Stack(Enumerable.Range(0, 4).Select(_ => RandomVector(pattern.Cols)).ToArray());
var ys = Jax.Vmap((NDArray t) => SparseMatVec.Apply(pattern, values, t))(xs);
double batchError = Enumerable.Range(0, 4).Max(i => Np.Max(Np.Abs(ys[i] - SparseMatVec.Apply(pattern, values, xs[i]))).ToArray<double>()[0]);
Report.Section("Batching: Vmap over 4 vectors x");
Report.Line("result shape", $"{ys.Shape}  (one batched computation, by the batching rule)");
Report.Line("largest difference from a loop", $"{Fmt.E(batchError)}  {Checks.Mark(batchError < 1e-12)}");

// Fit the values so that A x_i matches targets made by a hidden matrix on the same pattern.
var hidden = RandomVector(pattern.Count);
var targets = Jax.Vmap((NDArray t) => SparseMatVec.Apply(pattern, hidden, t))(xs);
NDArray Loss(NDArray vals) => Np.Mean(Np.Square(Jax.Vmap((NDArray t) => SparseMatVec.Apply(pattern, vals, t))(xs) - targets));
var step = Jax.Jit(Jax.ValueAndGrad(Loss));
var guess = Np.ZerosLike(values);
double first = 0, last = 0;
for (int it = 0; it < 200; it++)
{
    var (loss, g) = step(guess);
    if (it == 0) first = (double)loss;
    last = (double)loss;
    guess = guess - g * 2.0;
}
Report.Section($"Fitting the {pattern.Count} values to a hidden matrix on the same pattern");
Report.Text("200 gradient-descent steps (learning rate 2) with a jitted ValueAndGrad through Vmap(spmv).");
Report.Blank();
Report.Line("loss", $"{first:0.000e+0} -> {last:0.000e+0}  {Checks.Mark(last < first * 1e-3, "(FAILED: did not fall a thousandfold)")}");

return Checks.Finish();
