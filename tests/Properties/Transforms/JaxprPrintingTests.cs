using Xunit;
using static Functional.AD.Jax;

namespace Functional.AD.Properties.Transforms;

/// <summary>
/// Printed jaxprs follow JAX's print rules (jax/_src/core.py pp_jaxpr, the primitives' pp rules, lax.cond's merge of
/// common constants). The expected texts are written from those rules.
/// </summary>
public class JaxprPrintingTests
{
    [Fact]
    public void Cond_prints_each_shared_operand_once()
    {
        // Both branches close over w: JAX merges the branches' constants by identity, so w is one operand of cond
        // (e b c, not e b b c), and each branch takes it once.
        var text = MakeJaxpr(((NDArray p, NDArray w, NDArray x) a) =>
            Lax.Cond(a.p > 0.0, (NDArray v) => v * a.w, (NDArray v) => v - a.w, a.x))(
            (Np.Scalar(1.0), Np.Scalar(2.0), Np.Scalar(3.0))).ToString();
        Assert.Equal(
            "{ lambda ; a:f64[] b:f64[] c:f64[]. let\n" +
            "    d:bool[] = gt a 0.0:f64[]\n" +
            "    e:i32[] = convert_element_type[new_dtype=int32 weak_type=False] d\n" +
            "    f:f64[] = cond[\n" +
            "      branches=(\n" +
            "        { lambda ; g:f64[] h:f64[]. let i:f64[] = sub h g in (i,) }\n" +
            "        { lambda ; j:f64[] k:f64[]. let l:f64[] = mul k j in (l,) }\n" +
            "      )\n" +
            "    ] e b c\n" +
            "  in (f,) }", text);
    }

    [Fact]
    public void Cond_keeps_the_constants_of_the_false_branch_first_and_merges_the_shared_ones()
    {
        // onFalse closes over w, onTrue over u then w: the operands are (w, u), each branch reading its own.
        static NDArray F((NDArray p, NDArray w, NDArray u, NDArray x) a) =>
            Lax.Cond(a.p > 0.0, (NDArray v) => v * a.u + a.w, (NDArray v) => v - a.w, a.x);
        var text = MakeJaxpr<(NDArray, NDArray, NDArray, NDArray), NDArray>(F)(
            (Np.Scalar(1.0), Np.Scalar(2.0), Np.Scalar(3.0), Np.Scalar(4.0))).ToString();
        Assert.Equal(
            "{ lambda ; a:f64[] b:f64[] c:f64[] d:f64[]. let\n" +
            "    e:bool[] = gt a 0.0:f64[]\n" +
            "    f:i32[] = convert_element_type[new_dtype=int32 weak_type=False] e\n" +
            "    g:f64[] = cond[\n" +
            "      branches=(\n" +
            "        { lambda ; h:f64[] i:f64[] j:f64[]. let k:f64[] = sub j h in (k,) }\n" +
            "        { lambda ; l:f64[] m:f64[] n:f64[]. let\n" +
            "            o:f64[] = mul n m\n" +
            "            p:f64[] = add o l\n" +
            "          in (p,) }\n" +
            "      )\n" +
            "    ] f b c d\n" +
            "  in (g,) }", text);
        var f = Jit<(NDArray, NDArray, NDArray, NDArray), NDArray>(F);
        Assert.Equal(14.0, (double)f((Np.Scalar(1.0), Np.Scalar(2.0), Np.Scalar(3.0), Np.Scalar(4.0))));
        Assert.Equal(2.0, (double)f((Np.Scalar(-1.0), Np.Scalar(2.0), Np.Scalar(3.0), Np.Scalar(4.0))));
    }

    [Fact]
    public void Convert_element_type_prints_without_sharding()
    {
        Assert.Equal(
            "{ lambda ; a:f64[2]. let\n" +
            "    b:f32[2] = convert_element_type[new_dtype=float32 weak_type=False] a\n" +
            "  in (b,) }",
            MakeJaxpr((NDArray x) => x.AsType(DType.Float32))(Np.Array(1.0, 2.0)).ToString());
    }

    [Fact]
    public void Nested_jaxprs_name_their_own_variables()
    {
        // One naming runs through the nested jaxprs (JAX's JaxprPpContext): a checkpointed jaxpr's variables come
        // after the enclosing equation's result, and are not the operand's and result's names (only jit lends those).
        Assert.Equal(
            "{ lambda ; a:f64[3]. let\n" +
            "    b:f64[3] = checkpoint[\n" +
            "      differentiated=False\n" +
            "      jaxpr={ lambda ; c:f64[3]. let d:f64[3] = sin c in (d,) }\n" +
            "      policy=None\n" +
            "      prevent_cse=True\n" +
            "    ] a\n" +
            "  in (b,) }",
            MakeJaxpr(Checkpoint((NDArray t) => Np.Sin(t)))(Np.Ones(new[] { 3 })).ToString());
    }

    [Fact]
    public void Jit_lends_an_operand_passed_twice_its_name_once()
    {
        // JAX's suggest_same_var_names lends each outer variable to one inner input only: the second gets a fresh name.
        Assert.Equal(
            "{ lambda ; a:f64[3]. let\n" +
            "    b:f64[3] = jit[\n" +
            "      name=Product\n" +
            "      jaxpr={ lambda ; a:f64[3] c:f64[3]. let b:f64[3] = mul a c in (b,) }\n" +
            "    ] a a\n" +
            "  in (b,) }",
            MakeJaxpr((NDArray x) => Jit(Product)(x, x))(Np.Ones(new[] { 3 })).ToString());
    }

    private static NDArray Product(NDArray a, NDArray b) => a * b;
}
