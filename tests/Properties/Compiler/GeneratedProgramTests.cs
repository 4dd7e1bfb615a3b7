using System;
using System.Collections.Generic;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace Functional.AD.Properties.Compiler;

/// <summary>
/// Randomly generated composite programs (elementwise chains, broadcasts of reductions, selects, reshapes and
/// small matmuls over values large enough to span several fusion tiles): Jit(f) equals f, and so does the jitted
/// gradient. Elementwise work must agree exactly; sums may be reassociated by the fused kernels.
/// </summary>
public class GeneratedProgramTests
{
    /// <summary>One instruction: an operation code, two operand indices (modulo the values so far) and a constant.</summary>
    public sealed record Instruction(int Op, int A, int B, double Constant)
    {
        /// <inheritdoc/>
        public override string ToString() => $"{OpNames[Op]}(v{A}, v{B}, {Constant})";
    }

    /// <summary>A program: its instructions, the input shape [rows, cols] and the element type.</summary>
    public sealed record Program(Instruction[] Code, int Rows, int Cols, DType DType)
    {
        /// <inheritdoc/>
        public override string ToString() => $"{DType} [{Rows},{Cols}]: " + string.Join("; ", Code.Select(c => c.ToString()));
    }

    private static readonly string[] OpNames =
    {
        "sin", "cos", "tanh", "exp_tanh", "neg", "abs", "square", "scale", "shift",
        "add", "sub", "mul", "max", "min", "where_gt", "minus_row_sum", "minus_total_mean", "reshape_roundtrip",
        "matmul_small", "log1p_square", "sqrt_1p_square", "div_1p_square",
    };

    private static Gen<Program> Programs =>
        from len in Gen.Choose(1, 12)
        from code in Gen.ArrayOf(
            from op in Gen.Choose(0, OpNames.Length - 1)
            from a in Gen.Choose(0, 1000)
            from b in Gen.Choose(0, 1000)
            from c in Gen.Elements(-1.5, -0.5, 0.25, 0.75, 2.0)
            select new Instruction(op, a, b, c), len)
        from rows in Gen.Elements(1, 2, 3)
        from cols in Gen.Elements(1, 5, 64, FusedStep.Tile / 2 + 3, FusedStep.Tile + 1, 2 * FusedStep.Tile + 7)
        from dtype in Gen.Elements(DType.Float64, DType.Float32)
        select new Program(code, rows, cols, dtype);

    private static NDArray Run(Program p, NDArray x) => Np.Sum(Terms(p, x));

    /// <summary>The program's last two values multiplied: the terms that <see cref="Run"/> sums.</summary>
    private static NDArray Terms(Program p, NDArray x)
    {
        var values = new List<NDArray> { x, Np.Cos(x * 0.7) };
        foreach (var ins in p.Code)
        {
            var a = values[ins.A % values.Count];
            var b = values[ins.B % values.Count];
            var c = ins.Constant;
            NDArray r = OpNames[ins.Op] switch
            {
                "sin" => Np.Sin(a),
                "cos" => Np.Cos(a),
                "tanh" => Np.Tanh(a),
                "exp_tanh" => Np.Exp(Np.Tanh(a)),
                "neg" => -a,
                "abs" => Np.Abs(a),
                "square" => Np.Tanh(Np.Square(a)),
                "scale" => a * c,
                "shift" => a + c,
                "add" => a + b,
                "sub" => a - b,
                "mul" => Np.Tanh(a * b),
                "max" => Np.Maximum(a, b),
                "min" => Np.Minimum(a, b),
                "where_gt" => Np.Where(a > b, a, b * c),
                "minus_row_sum" => a - Np.Sum(a, 1, keepDims: true) / p.Cols,
                "minus_total_mean" => a - Np.Mean(a),
                "reshape_roundtrip" => Np.Reshape(Np.Reshape(a, new[] { p.Rows * p.Cols }) * c, new[] { p.Rows, p.Cols }),
                "matmul_small" => Np.Tanh(Np.Matmul(Np.Transpose(Np.Matmul(a, Np.Transpose(b))) / p.Cols, a)),
                "log1p_square" => Np.Log1p(Np.Square(a)),
                "sqrt_1p_square" => Np.Sqrt(1.0 + Np.Square(a)),
                "div_1p_square" => a / (1.0 + Np.Square(b)),
                _ => throw new InvalidOperationException(),
            };
            values.Add(r);
        }
        return values[^1] * values[^2];
    }

    private static NDArray Input(Program p) =>
        (Np.Sin(Np.Linspace(-3, 4, p.Rows * p.Cols) * 1.3) * 2.0).Reshape(p.Rows, p.Cols).AsType(p.DType);

    /// <summary>Elementwise work agrees to this relative tolerance; sums, to this tolerance relative to their terms' magnitude.</summary>
    private static double Tolerance(Program p) => p.DType == DType.Float32 ? 2e-3 : 1e-9;

    /// <summary>
    /// The program's value is a sum, and the fused kernels add in another order than eager code (and reductions
    /// inside the program differ likewise), so the two agree to the tolerance times the sum of the terms' absolute
    /// values, not times the result, which may cancel to rounding noise.
    /// </summary>
    private static void AssertValueClose(NDArray expected, NDArray actual, Program p, NDArray x) =>
        NumericAssert.AllClose(expected, actual, 0, Tolerance(p) * (1 + (double)Np.Sum(Np.Abs(Terms(p, x).AsType(DType.Float64)))), $"{p}\nvalue, jit against eager");

    /// <summary>
    /// Gradient elements carry the rounding of the reductions inside the program (a mean, row sums, small matmuls
    /// in their backward passes), which scales with the gradient's largest elements: compared norm-wise.
    /// </summary>
    private static void AssertGradientClose(NDArray expected, NDArray actual, Program p)
    {
        double scale = expected.Size == 0 ? 0 : (double)Np.Max(Np.Abs(expected.AsType(DType.Float64)));
        NumericAssert.AllClose(expected, actual, 0, Tolerance(p) * (1 + scale), $"{p}\ngradient, jit against eager");
    }

    [Fact]
    public void Jit_of_a_generated_program_equals_eager_evaluation()
    {
        PropertyCheck.ForAll(Programs, p =>
        {
            var x = Input(p);
            Func<NDArray, NDArray> f = t => Run(p, t);
            var jitted = Jax.Jit(f);
            var expected = f(x);
            AssertValueClose(expected, jitted(x), p, x);
            AssertValueClose(expected, jitted(x), p, x);   // the second call runs on recycled buffers
        }, maxTest: 60);
    }

    [Fact]
    public void Jitted_gradient_of_a_generated_program_equals_the_eager_gradient()
    {
        PropertyCheck.ForAll(Programs, p =>
        {
            var x = Input(p);
            Func<NDArray, NDArray> f = t => Run(p, t);
            var (value, grad) = Jax.ValueAndGrad(f)(x);
            var jitted = Jax.Jit(Jax.ValueAndGrad(f));
            for (int call = 0; call < 2; call++)
            {
                var (jv, jg) = jitted(x);
                AssertValueClose(value, jv, p, x);
                AssertGradientClose(grad, jg, p);
            }
        }, maxTest: 40);
    }

    /// <summary>
    /// Chains of 0-d f64 operations (what a jitted scalar function is) run as one fused group on scalars: the
    /// result equals eager evaluation bit for bit, value and gradient.
    /// </summary>
    [Fact]
    public void Jit_of_a_scalar_chain_equals_eager_evaluation_bitwise()
    {
        var chains =
            from n in Gen.Choose(1, 40)
            from ops in Gen.ArrayOf(Gen.Choose(0, 8), n)
            from start in Gen.Choose(-300, 300)
            select (Ops: ops, Start: start / 100.0);
        PropertyCheck.ForAll(chains, c =>
        {
            NDArray F(NDArray x)
            {
                NDArray y = x, z = Np.Cos(x);
                foreach (int op in c.Ops)
                {
                    y = op switch
                    {
                        0 => Np.Sin(y),
                        1 => Np.Cos(y) * z,
                        2 => Np.Tanh(y) + z,
                        3 => Np.Exp(Np.Sin(y)),
                        4 => y * 1.01 + 0.1,
                        5 => y - z * 0.5,
                        6 => y / (1.0 + z * z),
                        7 => Np.Maximum(y, z),
                        _ => -y,
                    };
                    z = z * 0.9 + y * 0.1;
                }
                return y + z;
            }
            var x = Np.Scalar(c.Start);
            var eager = F(x).ToArray<double>()[0];
            var jitted = Jax.Jit((Func<NDArray, NDArray>)F)(x).ToArray<double>()[0];
            Assert.Equal(BitConverter.DoubleToInt64Bits(eager), BitConverter.DoubleToInt64Bits(jitted));
            var grad = Jax.Grad((Func<NDArray, NDArray>)F)(x).ToArray<double>()[0];
            var jittedGrad = Jax.Jit(Jax.Grad((Func<NDArray, NDArray>)F))(x).ToArray<double>()[0];
            Assert.Equal(BitConverter.DoubleToInt64Bits(grad), BitConverter.DoubleToInt64Bits(jittedGrad));
        }, maxTest: 60);
    }
}
