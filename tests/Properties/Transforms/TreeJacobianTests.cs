using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using Functional.AD.Properties.Arrays;
using Xunit;
using static Functional.AD.Jax;
using static Functional.AD.Properties.Transforms.AuxArgnumsSupport;

namespace Functional.AD.Properties.Transforms;

/// <summary>
/// Jacfwd, Jacrev and Hessian over pytrees (JAX's jacfwd/jacrev/hessian of pytree functions): blocks per leaf, shaped
/// out.Shape ++ leaf.Shape (Jacobians) or leaf_i.Shape ++ leaf_j.Shape (Hessian). Expected blocks come from central
/// differences of each leaf separately.
/// </summary>
public class TreeJacobianTests
{
    /// <summary>A layer's parameters: a pytree of two leaves.</summary>
    public sealed record Layer(NDArray W, NDArray B);

    /// <summary>A layer of 1 to 3 outputs and 1 to 3 inputs, with an input vector, values in [-1, 1].</summary>
    private static Gen<(Layer P, NDArray X)> Layers() =>
        Gen.Choose(1, 3).SelectMany(m => Gen.Choose(1, 3).SelectMany(n =>
            Ref.Values((m * n) + m + n, -1, 1).Select(v =>
                (new Layer(Np.FromFlat(v[..(m * n)], [m, n]), Np.Array(v[(m * n)..((m * n) + m)])), Np.Array(v[((m * n) + m)..])))));

    /// <summary>tanh(W x + b): an array-valued function of the layer.</summary>
    private static NDArray Out(Layer p, NDArray x) => Np.Tanh(Np.Matmul(p.W, x) + p.B);

    /// <summary>Σ sin(W x + b)² + Σ W² b-weighted: a scalar function whose Hessian couples W and b.</summary>
    private static NDArray Loss(Layer p, NDArray x) =>
        Np.Sum(Np.Square(Np.Sin(Np.Matmul(p.W, x) + p.B))) + Np.Sum(Np.Sum(p.W * p.W, axis: 1) * p.B);

    [Fact]
    public void Pytree_jacobian_blocks_equal_the_per_leaf_jacobians_and_finite_differences()
    {
        PropertyCheck.ForAll(Layers(), c =>
        {
            var (p, x) = c;
            var expectW = FiniteJacobian(w => Out(new Layer(w, p.B), x), p.W);
            var expectB = FiniteJacobian(b => Out(new Layer(p.W, b), x), p.B);
            var fwd = Jacfwd<Layer>(q => Out(q, x))(p);
            var rev = Jacrev<Layer>(q => Out(q, x))(p);
            Assert.Equal(new Shape([.. Out(p, x).Shape, .. p.W.Shape]), fwd.W.Shape);
            Assert.Equal(new Shape([.. Out(p, x).Shape, .. p.B.Shape]), rev.B.Shape);
            Close(expectW, fwd.W, "jacfwd W", 1e-6);
            Close(expectB, fwd.B, "jacfwd b", 1e-6);
            Close(expectW, rev.W, "jacrev W", 1e-6);
            Close(expectB, rev.B, "jacrev b", 1e-6);
            // the per-leaf Jacobians computed separately by the array forms
            Close(Jacfwd(w => Out(new Layer(w, p.B), x))(p.W), fwd.W, "separate W", 1e-12);
            Close(Jacrev(b => Out(new Layer(p.W, b), x))(p.B), rev.B, "separate b", 1e-12);
        });
    }

    [Fact]
    public void Pytree_jacobians_work_under_jit_and_vmap()
    {
        PropertyCheck.ForAll(Layers(), c =>
        {
            var (p, x) = c;
            var rev = Jacrev<Layer>(q => Out(q, x));
            var jitted = Jit(rev)(p);
            Close(rev(p).W, jitted.W, "jit W", 1e-12);
            Close(rev(p).B, jitted.B, "jit b", 1e-12);
            // a batch of two layers: the second scaled, each Jacobian as the loop computes it
            var batch = new Layer(Np.Stack([p.W, p.W * 0.5]), Np.Stack([p.B, p.B * 0.5]));
            var mapped = Vmap(Jacfwd<Layer>(q => Out(q, x)))(batch);
            for (int i = 0; i < 2; i++)
            {
                var one = Jacfwd<Layer>(q => Out(q, x))(new Layer(batch.W[i], batch.B[i]));
                Close(one.W, mapped.W[i], $"vmap W {i}", 1e-12);
                Close(one.B, mapped.B[i], $"vmap b {i}", 1e-12);
            }
        }, maxTest: 15);
    }

    [Fact]
    public void Pytree_output_jacobian_blocks_follow_the_output_structure()
    {
        PropertyCheck.ForAll(Vector(), x =>
        {
            static NDArray First(NDArray t) => Np.Sin(t) * t;
            static NDArray Second(NDArray t) => Np.Sum(t * t).Reshape(1) * 3.0;
            var fwd = Jacfwd<(NDArray, NDArray)>(t => (First(t), Second(t)))(x);
            var rev = Jacrev<(NDArray, NDArray)>(t => (First(t), Second(t)))(x);
            Close(FiniteJacobian(First, x), fwd.Item1, "jacfwd first", 1e-6);
            Close(FiniteJacobian(Second, x), fwd.Item2, "jacfwd second", 1e-6);
            Close(FiniteJacobian(First, x), rev.Item1, "jacrev first", 1e-6);
            Close(FiniteJacobian(Second, x), rev.Item2, "jacrev second", 1e-6);
        });
    }

    [Fact]
    public void Pytree_hessian_blocks_are_symmetric_and_equal_jacfwd_of_jacrev_and_finite_differences()
    {
        PropertyCheck.ForAll(Layers(), c =>
        {
            var (p, x) = c;
            var h = Hessian<Layer>(q => Loss(q, x))(p);
            Assert.Equal(2, h.LeafCount);
            var grad = Grad<Layer>(q => Loss(q, x));
            // block (i, j) = d/d leaf_j of the gradient's leaf i, by central differences
            Close(FiniteJacobian(w => grad(new Layer(w, p.B)).W, p.W), h.Block(q => q.W, q => q.W), "H[W][W]", 1e-6);
            Close(FiniteJacobian(b => grad(new Layer(p.W, b)).W, p.B), h.Block(q => q.W, q => q.B), "H[W][b]", 1e-6);
            Close(FiniteJacobian(w => grad(new Layer(w, p.B)).B, p.W), h.Block(q => q.B, q => q.W), "H[b][W]", 1e-6);
            Close(FiniteJacobian(b => grad(new Layer(p.W, b)).B, p.B), h.Block(q => q.B, q => q.B), "H[b][b]", 1e-6);
            // symmetric: H[W][b] is H[b][W] with its axes exchanged
            int rb = p.B.Rank, rw = p.W.Rank;
            var swapped = h[1, 0].Transpose([.. Enumerable.Range(rb, rw), .. Enumerable.Range(0, rb)]);
            Close(h[0, 1], swapped, "symmetry", 1e-12);
            // each row is Jacfwd of the gradient's leaf: JAX's hessian = jacfwd(jacrev(f))
            var rowW = Jacfwd<Layer>(q => Jacrev<Layer>(r => Loss(r, x))(q).W)(p);
            var rowB = Jacfwd<Layer>(q => Jacrev<Layer>(r => Loss(r, x))(q).B)(p);
            Close(rowW.W, h.Row(q => q.W).W, "row W, W", 1e-12);
            Close(rowW.B, h.Row(0).B, "row W, b", 1e-12);
            Close(rowB.W, h.Row(q => q.B).W, "row b, W", 1e-12);
            Close(rowB.B, h[1, 1], "row b, b", 1e-12);
        }, maxTest: 25);
    }

    [Fact]
    public void Pytree_hessian_blocks_are_a_pytree_under_jit()
    {
        PropertyCheck.ForAll(Layers(), c =>
        {
            var (p, x) = c;
            var h = Hessian<Layer>(q => Loss(q, x));
            var jitted = Jit(h)(p);
            var eager = h(p);
            for (int i = 0; i < 2; i++)
                for (int j = 0; j < 2; j++)
                    Close(eager[i, j], jitted[i, j], $"H[{i}][{j}]", 1e-12);
        }, maxTest: 10);
    }

    [Fact]
    public void Hessian_block_selectors_must_return_a_leaf()
    {
        var p = new Layer(Np.Ones([2, 2]), Np.Ones([2]));
        var h = Hessian<Layer>(q => Np.Sum(q.W * q.W) + Np.Sum(q.B * q.B * q.B))(p);
        Assert.Throws<System.ArgumentException>(() => h.Row(q => q.W * 2.0));
    }

    [Fact]
    public void Pytree_jacobians_reject_integer_leaves_naming_the_operation()
    {
        var p = new Layer(Np.Ones([2, 2]), Np.Array(1, 2));
        var e = Assert.Throws<System.ArgumentException>(() => Jacrev<Layer>(q => Np.Sum(q.W))(p));
        Assert.Contains("Jacrev", e.Message);
    }
}
