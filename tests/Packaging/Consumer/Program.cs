// A first program against the published packages, as a user writes it: transforms from Functional.AD, checks from
// Functional.AD.Testing, LanguageExt values and errors as values from Functional.AD.LanguageExt. It prints one line per result ("name: value"); PackagingTests reads them.
using System.Globalization;
using System.Reflection;
using FsCheck.Fluent;
using Functional.AD;
using Functional.AD.LanguageExt;
using Functional.AD.Testing;
using LanguageExt;
using static Functional.AD.Jax;

// First of all, before anything names the LanguageExt package: an Lst of parameters given straight to the core's Grad
// (the core registers the package's pytree types itself when it meets one).
var layers = new Lst<NDArray>(new[] { Np.Array(1.0, 2.0), Np.Array(3.0) });
Lst<NDArray> layerGrads = Grad((Lst<NDArray> ps) => ps.Fold(Np.Scalar(0.0), (acc, p) => acc + Np.Sum(p * p)))(layers);
Print("langext-grad", Np.Concatenate(System.Linq.Enumerable.ToArray(layerGrads)));
Fin<NDArray> failed = Grad((NDArray m) => Np.Sum(Np.Matmul(m, Np.Ones([5, 2]))))
    .Try()(Np.Ones([3, 4]));
Console.WriteLine($"langext-try: {failed.Match(_ => "succeeded", e => e.Message)}");

Func<NDArray, NDArray> f = x => Np.Sum(Np.Sin(x) * x);
var x = Np.Array(0.5, 1.0, 1.5);

Print("grad", Grad(f)(x));
Print("jit-grad", Jit(Grad(f))(x));
Print("vmap-grad", Vmap(Grad(f))(Np.Stack(new[] { x, x * 2.0 })));

GradientCheck.CheckGrads(f, x, order: 2);
Console.WriteLine("check-grads: passed");

var softplus = CustomJvp(
    x => Np.Log(1.0 + Np.Exp(x)),
    (x, t) => (Np.Log(1.0 + Np.Exp(x)), t * Nn.Sigmoid(x)));
var inputs = Gen.ArrayOf(Gen.Choose(-300, 300).Select(i => i / 100.0), 4).Select(v => new[] { Np.Array(v) });
PrimitiveLaws.Check(xs => new[] { softplus(xs[0]) }, inputs, new LawOptions { MaxTest = 20 });
Console.WriteLine("primitive-laws: passed");

// A derivative 10% off must be caught.
var wrongSin = CustomJvp(x => Np.Sin(x), (x, t) => (Np.Sin(x), t * Np.Cos(x) * 1.1));
try
{
    PrimitiveLaws.JvpMatchesFiniteDifferences(xs => new[] { wrongSin(xs[0]) }, inputs, new LawOptions { MaxTest = 5 });
    Console.WriteLine("wrong-jvp: not caught");
}
catch (LawViolationException)
{
    Console.WriteLine("wrong-jvp: caught");
}

var version = typeof(NDArray).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
Console.WriteLine($"version: {version}");

static void Print(string name, NDArray a) =>
    Console.WriteLine($"{name}: {string.Join(" ", a.ToArray<double>().Select(v => v.ToString("R", CultureInfo.InvariantCulture)))}");
