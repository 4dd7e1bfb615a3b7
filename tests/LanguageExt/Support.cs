using System.Collections.Generic;
using FsCheck;

namespace Functional.AD.LanguageExt.Tests;

/// <summary>A layer written as LanguageExt's records usually are: public readonly fields and a constructor taking them.</summary>
public sealed class Layer : Record<Layer>
{
    public readonly NDArray W;
    public readonly NDArray B;

    public Layer(NDArray w, NDArray b)
    {
        W = w;
        B = b;
    }
}

/// <summary>A record with get-only properties, LanguageExt collections and an option among its members, and a derived value it does not take.</summary>
public sealed class Model : Record<Model>
{
    public Model(Lst<Layer> layers, Option<NDArray> scale)
    {
        Layers = layers;
        Scale = scale;
    }

    public Lst<Layer> Layers { get; }

    public Option<NDArray> Scale { get; }

    public int Depth => Layers.Count;
}

/// <summary>A record whose constructor's parameter matches none of its fields: it cannot be rebuilt.</summary>
public sealed class Unbuildable : Record<Unbuildable>
{
    public readonly NDArray W;

    public Unbuildable(NDArray weights) => W = weights;
}

/// <summary>A key type with no order.</summary>
public sealed record Unordered(int Id);

/// <summary>FsCheck from xunit, generators and comparisons shared by the tests.</summary>
public static class Check
{
    /// <summary>Checks <paramref name="property"/> on values from <paramref name="gen"/>; a failure throws with the counterexample and seed.</summary>
    public static void ForAll<T>(Gen<T> gen, Action<T> property, int maxTest = 40) =>
        Prop.ForAll(gen.ToArbitrary(), property).Check(Config.QuickThrowOnFailure.WithMaxTest(maxTest));

    /// <summary>Values in [-3, 3] with two decimals.</summary>
    public static readonly Gen<double> Value = Gen.Choose(-300, 300).Select(i => i / 100.0);

    /// <summary>A 1-d f64 array of length 1 to 4.</summary>
    public static readonly Gen<NDArray> Vector = Gen.Choose(1, 4).SelectMany(n => Gen.ArrayOf(Value, n)).Select(v => Np.Array(v));

    /// <summary>A 1-d f64 array of length <paramref name="n"/>.</summary>
    public static Gen<NDArray> VectorOf(int n) => Gen.ArrayOf(Value, n).Select(v => Np.Array(v));

    /// <summary>0 to <paramref name="max"/> vectors of random lengths.</summary>
    public static Gen<NDArray[]> Vectors(int max = 5) => Gen.Choose(0, max).SelectMany(n => Gen.ArrayOf(Vector, n));

    /// <summary>A layer of width 1 to 4.</summary>
    public static readonly Gen<Layer> LayerGen =
        Gen.Choose(1, 4).SelectMany(d => VectorOf(d).SelectMany(w => VectorOf(d).Select(b => new Layer(w, b))));

    /// <summary>0 to 4 layers.</summary>
    public static readonly Gen<Layer[]> Layers = Gen.Choose(0, 4).SelectMany(n => Gen.ArrayOf(LayerGen, n));

    /// <summary>1 to 5 distinct keys of one or two lowercase or uppercase letters.</summary>
    public static readonly Gen<string[]> Keys =
        Gen.ArrayOf(Gen.Elements("a", "b", "c", "B", "C", "ab", "Ab", "z", "w"), 5).SelectMany(k =>
            Gen.Choose(1, 5).Select(n => k.Distinct().Take(n).ToArray()));

    public static double[] Values(NDArray x) => x.ToArray<double>();

    /// <summary>The elements of every leaf, in order.</summary>
    public static double[] Flat(IEnumerable<NDArray> leaves) => leaves.SelectMany(l => l.ToArray<double>()).ToArray();

    public static void Close(NDArray expected, NDArray actual, double tolerance = 1e-9)
    {
        Assert.Equal(expected.Shape, actual.Shape);
        var e = Values(expected);
        var a = Values(actual);
        for (int i = 0; i < e.Length; i++)
            Assert.True(Math.Abs(e[i] - a[i]) <= tolerance * (1 + Math.Abs(e[i])), $"element {i}: expected {e[i]}, got {a[i]}");
    }

    /// <summary>Central finite difference of scalar <paramref name="f"/> along each element of each leaf of <paramref name="tree"/>.</summary>
    public static double[] FiniteDifferences<T>(Func<T, NDArray> f, T tree, double h = 1e-6)
    {
        var (leaves, def) = Tree.Flatten(tree);
        var flat = leaves.Select(Values).ToArray();
        var result = new List<double>();
        for (int l = 0; l < flat.Length; l++)
            for (int i = 0; i < flat[l].Length; i++)
            {
                double At(double delta)
                {
                    var moved = flat.Select(v => (double[])v.Clone()).ToArray();
                    moved[l][i] += delta;
                    var rebuilt = def.Unflatten<T>(moved.Select((v, j) => Np.FromFlat(v, leaves[j].Shape.ToArray())));
                    return (double)f(rebuilt);
                }
                result.Add((At(h) - At(-h)) / (2 * h));
            }
        return result.ToArray();
    }
}
