using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;

namespace Functional.AD.Properties.Docs;

/// <summary>
/// The everyday names of jax.numpy, jax.nn, jax.lax and jax.random, each with the name the naming rule gives it here (JAX's name
/// in PascalCase, words split as the library's existing names split them), and the generated table of which exist
/// (docs/api-coverage.md). A name counts as present when the class has a public static method of that name.
/// </summary>
public static class ApiCoverage
{
    /// <summary>jax.numpy names → Np names.</summary>
    public static readonly (string Jax, string Ours)[] Numpy = Pairs(@"
abs Abs; absolute Absolute; add Add; all All; allclose Allclose; amax Amax; amin Amin; any Any; append Append;
arange Arange; arccos Arccos; arccosh Arccosh; arcsin Arcsin; arcsinh Arcsinh; arctan Arctan; arctan2 Arctan2;
arctanh Arctanh; argmax ArgMax; argmin ArgMin; argpartition ArgPartition; argsort ArgSort; around Around; array Array;
array_equal ArrayEqual; array_split ArraySplit; asarray AsArray; atleast_1d AtLeast1d; atleast_2d AtLeast2d;
atleast_3d AtLeast3d; average Average; bincount BinCount; bitwise_and BitwiseAnd; bitwise_not BitwiseNot;
bitwise_or BitwiseOr; bitwise_xor BitwiseXor; broadcast_arrays BroadcastArrays; broadcast_to BroadcastTo; cbrt Cbrt;
ceil Ceil; clip Clip; column_stack ColumnStack; concatenate Concatenate; convolve Convolve; copysign CopySign;
corrcoef Corrcoef; cos Cos; cosh Cosh; count_nonzero CountNonzero; cov Cov; cross Cross; cumprod Cumprod; cumsum Cumsum;
deg2rad Deg2Rad; degrees Degrees; diag Diag; diagonal Diagonal; diff Diff; digitize Digitize; divide Divide;
divmod Divmod; dot Dot; dsplit DSplit; dstack DStack; einsum Einsum; equal Equal; exp Exp; exp2 Exp2;
expand_dims ExpandDims; expm1 Expm1; eye Eye; fix Fix; flip Flip; fliplr Fliplr; flipud Flipud; float_power FloatPower;
floor Floor; floor_divide FloorDivide; fmax Fmax; fmin Fmin; fmod Fmod; full Full; full_like FullLike; gcd Gcd;
greater Greater; greater_equal GreaterEqual; heaviside Heaviside; histogram Histogram; hsplit HSplit; hstack HStack;
hypot Hypot; identity Identity; inner Inner; interp Interp; invert Invert; isclose IsClose; isfinite IsFinite;
isinf IsInf; isnan IsNan; isneginf IsNegInf; isposinf IsPosInf; kron Kron; lcm Lcm; ldexp Ldexp; left_shift LeftShift;
less Less; less_equal LessEqual; lexsort Lexsort; linspace Linspace; log Log; log10 Log10; log1p Log1p; log2 Log2;
logaddexp LogAddExp; logaddexp2 LogAddExp2; logical_and LogicalAnd; logical_not LogicalNot; logical_or LogicalOr;
logical_xor LogicalXor; logspace Logspace; matmul Matmul; max Max; maximum Maximum; mean Mean; median Median;
meshgrid Meshgrid; min Min; minimum Minimum; mod Mod; moveaxis MoveAxis; multiply Multiply; nan_to_num NanToNum;
nanargmax NanArgMax; nanargmin NanArgMin; nancumsum NanCumsum; nanmax NanMax; nanmean NanMean; nanmedian NanMedian;
nanmin NanMin; nanprod NanProd; nanstd NanStd; nansum NanSum; nanvar NanVar; negative Negative; not_equal NotEqual;
ones Ones; ones_like OnesLike; outer Outer; pad Pad; partition Partition; percentile Percentile; polyval Polyval;
positive Positive; power Power; prod Prod; ptp Ptp; put_along_axis PutAlongAxis; quantile Quantile; rad2deg Rad2Deg;
radians Radians; ravel Ravel; reciprocal Reciprocal; remainder Remainder; repeat Repeat; reshape Reshape;
right_shift RightShift; roll Roll; rot90 Rot90; round Round; searchsorted SearchSorted; select Select; sign Sign;
signbit SignBit; sin Sin; sinc Sinc; sinh Sinh; sort Sort; split Split; sqrt Sqrt; square Square; squeeze Squeeze;
stack Stack; std Std; subtract Subtract; sum Sum; swapaxes SwapAxes; take Take; take_along_axis TakeAlongAxis; tan Tan;
tanh Tanh; tensordot TensorDot; tile Tile; trace Trace; transpose Transpose; trapezoid Trapezoid; tril Tril;
triu Triu; true_divide TrueDivide; trunc Trunc; unique Unique; var Var; vdot Vdot; vsplit VSplit; vstack VStack;
where Where; zeros Zeros; zeros_like ZerosLike");

    /// <summary>jax.nn names → Nn names.</summary>
    public static readonly (string Jax, string Ours)[] Nn = Pairs(@"
celu Celu; elu Elu; gelu Gelu; glu Glu; hard_sigmoid HardSigmoid; hard_silu HardSilu; hard_swish HardSwish;
hard_tanh HardTanh; leaky_relu LeakyRelu; log_sigmoid LogSigmoid; log_softmax LogSoftmax; logsumexp LogSumExp;
mish Mish; one_hot OneHot; relu Relu; relu6 Relu6; selu Selu; sigmoid Sigmoid; silu Silu; soft_sign SoftSign;
softmax Softmax; softplus Softplus; sparse_plus SparsePlus; squareplus Squareplus; standardize Standardize; swish Swish");

    /// <summary>jax.lax names → Lax names.</summary>
    public static readonly (string Jax, string Ours)[] Lax = Pairs(@"
abs Abs; acos Acos; acosh Acosh; add Add; all_gather AllGather; argmax ArgMax; argmin ArgMin; asin Asin; asinh Asinh;
associative_scan AssociativeScan; atan Atan; atan2 Atan2; atanh Atanh; axis_index AxisIndex; bitwise_and BitwiseAnd;
bitcast_convert_type BitcastConvertType; bitwise_not BitwiseNot; bitwise_or BitwiseOr; bitwise_xor BitwiseXor;
broadcast Broadcast;
broadcast_in_dim BroadcastInDim; cbrt Cbrt; ceil Ceil; clamp Clamp; concatenate Concatenate; cond Cond;
conv_general_dilated ConvGeneralDilated; convert_element_type ConvertElementType; cos Cos; cosh Cosh;
cumlogsumexp CumLogSumExp; cummax Cummax; cummin Cummin; cumprod Cumprod; cumsum Cumsum; digamma Digamma; div Div;
dot Dot; dot_general DotGeneral; dynamic_index_in_dim DynamicIndexInDim; dynamic_slice DynamicSlice;
dynamic_slice_in_dim DynamicSliceInDim; dynamic_update_index_in_dim DynamicUpdateIndexInDim;
dynamic_update_slice DynamicUpdateSlice; eq Eq; erf Erf; erf_inv ErfInv; erfc Erfc; exp Exp; exp2 Exp2;
expand_dims ExpandDims; expm1 Expm1; floor Floor; fori_loop ForiLoop; gather Gather; ge Ge; gt Gt;
index_in_dim IndexInDim; integer_pow IntegerPow; iota Iota; is_finite IsFinite; le Le; lgamma Lgamma; log Log;
log1p Log1p; logistic Logistic; lt Lt; map Map; max Max; min Min; mul Mul; ne Ne; neg Neg; nextafter Nextafter; pad Pad;
pmax Pmax; pmean Pmean; pmin Pmin; polygamma Polygamma; pow Pow; psum Psum; reduce_max ReduceMax; reduce_min ReduceMin;
reduce_prod ReduceProd; reduce_sum ReduceSum; rem Rem; reshape Reshape; rev Rev; round Round; rsqrt Rsqrt; scan Scan;
scatter Scatter; scatter_add ScatterAdd; select Select; select_n SelectN; shift_left ShiftLeft;
shift_right_logical ShiftRightLogical; sign Sign; sin Sin; sinh Sinh; slice Slice; slice_in_dim SliceInDim; sort Sort;
sqrt Sqrt; square Square; squeeze Squeeze; stop_gradient StopGradient; sub Sub; switch Switch; tan Tan; tanh Tanh;
top_k TopK; transpose Transpose; while_loop WhileLoop");

    /// <summary>jax.random names → Random names (keys, then samplers).</summary>
    public static readonly (string Jax, string Ours)[] RandomNames = Pairs(@"
PRNGKey PRNGKey; key Key; key_data KeyData; wrap_key_data WrapKeyData; split Split; fold_in FoldIn; bits Bits;
ball Ball; bernoulli Bernoulli; beta Beta; binomial Binomial; categorical Categorical; cauchy Cauchy;
chisquare ChiSquare; choice Choice; dirichlet Dirichlet; double_sided_maxwell DoubleSidedMaxwell;
exponential Exponential; f F; gamma Gamma; generalized_normal GeneralizedNormal; geometric Geometric; gumbel Gumbel;
laplace Laplace; loggamma LogGamma; logistic Logistic; lognormal LogNormal; maxwell Maxwell; multinomial Multinomial;
multivariate_normal MultivariateNormal; normal Normal; orthogonal Orthogonal; pareto Pareto; permutation Permutation;
poisson Poisson; rademacher Rademacher; randint RandInt; rayleigh Rayleigh; shuffle Shuffle; t T; triangular Triangular;
truncated_normal TruncatedNormal; uniform Uniform; wald Wald; weibull_min WeibullMin");

    private static (string, string)[] Pairs(string text) =>
        text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            .Select(w => (w[0], w[1]))
            .ToArray();

    /// <summary>The public static method names of <paramref name="type"/>.</summary>
    public static HashSet<string> Present(Type type) =>
        type.GetMethods(BindingFlags.Public | BindingFlags.Static).Select(m => m.Name).ToHashSet();

    /// <summary>The text of docs/api-coverage.md for the library as built.</summary>
    public static string Generate()
    {
        var sb = new StringBuilder();
        sb.AppendLine("# API coverage: jax.numpy, jax.nn, jax.lax, jax.random");
        sb.AppendLine();
        sb.AppendLine("Generated by `ApiCoverageTests` from the built library (regenerate with `FAD_WRITE_API_COVERAGE=1 dotnet test tests/Properties --filter ApiCoverage`);");
        sb.AppendLine("the test fails when this file and the library disagree. Names follow the naming rule: JAX's name in PascalCase, words");
        sb.AppendLine("split as the existing names split them (`logsumexp` → `LogSumExp`, `isnan` → `IsNan`, `top_k` → `TopK`), JAX's parameters in");
        sb.AppendLine("JAX's order. The lists are the everyday sets of each module, not every name JAX exports.");
        foreach (var (title, cls, pairs) in new[] { ("jax.numpy → Np", typeof(Np), Numpy), ("jax.nn → Nn", typeof(Functional.AD.Nn), Nn), ("jax.lax → Lax", typeof(Functional.AD.Lax), Lax), ("jax.random → Random", typeof(Functional.AD.Random), RandomNames) })
        {
            var present = Present(cls);
            int have = pairs.Count(p => present.Contains(p.Ours));
            sb.AppendLine();
            sb.AppendLine($"## {title}: {have} of {pairs.Length}");
            sb.AppendLine();
            sb.AppendLine("| JAX | Functional.AD | status |");
            sb.AppendLine("|---|---|---|");
            foreach (var (jax, ours) in pairs.OrderBy(p => p.Jax, StringComparer.Ordinal))
                sb.AppendLine($"| `{jax}` | `{cls.Name}.{ours}` | {(present.Contains(ours) ? "yes" : "not yet")} |");
        }
        return sb.ToString();
    }

    /// <summary>
    /// The repository root: the first directory above the test binaries holding src/Functional.AD.csproj, or, when the
    /// binaries were built elsewhere (<c>--artifacts-path</c>), the first such directory above this source file.
    /// </summary>
    public static string RepoRoot([System.Runtime.CompilerServices.CallerFilePath] string sourceFile = "")
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Path.GetDirectoryName(sourceFile) ?? "" })
            for (var dir = start.Length == 0 ? null : new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "src", "Functional.AD.csproj"))) return dir.FullName;
        throw new DirectoryNotFoundException("no src/Functional.AD.csproj above " + AppContext.BaseDirectory + " or " + sourceFile);
    }
}
