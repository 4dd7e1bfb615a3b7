using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Xunit;

namespace Functional.AD.Properties.Serialization;

/// <summary>Files written here read in numpy, and files numpy writes read here (skipped, visibly, without numpy).</summary>
public sealed class NumpyInteropTests
{
    private static string Py(string path) => "r'" + path + "'";

    private static readonly (NDArray Array, string Expected)[] Samples =
    {
        (Np.FromFlat([1.5, -2.0, double.NaN, double.PositiveInfinity, 1e-310, 0.1], [2, 3]), "np.array([[1.5, -2.0, np.nan], [np.inf, 1e-310, 0.1]], dtype='<f8')"),
        (Np.FromFlat([1.5f, -2f, 3.25f, 0.1f], [2, 1, 2]), "np.array([1.5, -2, 3.25, 0.1], dtype='<f4').reshape(2, 1, 2)"),
        (Np.Array(1, -2, int.MaxValue, int.MinValue), "np.array([1, -2, 2**31 - 1, -2**31], dtype='<i4')"),
        (Np.Array(true, false, true), "np.array([True, False, True])"),
        (Np.Array(1L, -2L, long.MaxValue), "np.array([1, -2, 2**63 - 1], dtype='<i8')"),
        (Np.Array(new byte[] { 0, 7, 255 }), "np.array([0, 7, 255], dtype='u1')"),
        (Np.Array(new uint[] { 0, 7, uint.MaxValue }), "np.array([0, 7, 2**32 - 1], dtype='<u4')"),
        (Np.Array(new[] { (Half)1.5, (Half)(-0.25), Half.PositiveInfinity }), "np.array([1.5, -0.25, np.inf], dtype='<f2')"),
        (Np.Scalar(2.5), "np.array(2.5)"),
        (Np.Zeros([0, 3], DType.Float32), "np.zeros((0, 3), dtype='<f4')"),
    };

    [NumpyFact]
    public void Npy_and_npz_files_written_here_read_in_numpy()
    {
        var dir = Arrays.TempDirectory();
        try
        {
            var checks = new List<string> { "import numpy as np" };
            var named = new Dictionary<string, NDArray>();
            for (int i = 0; i < Samples.Length; i++)
            {
                var path = Path.Combine(dir, $"s{i}.npy");
                Np.Save(path, Samples[i].Array);
                named[$"s{i}"] = Samples[i].Array;
                checks.Add($"a = np.load({Py(path)}); e = {Samples[i].Expected}");
                checks.Add($"assert a.dtype == e.dtype and a.shape == e.shape and np.array_equal(a, e, equal_nan=a.dtype.kind == 'f'), ({i}, a, e)");
            }
            Np.Savez(Path.Combine(dir, "all.npz"), named);
            Np.SavezCompressed(Path.Combine(dir, "small.npz"), named);
            foreach (var archive in new[] { "all.npz", "small.npz" })
            {
                checks.Add($"z = np.load({Py(Path.Combine(dir, archive))})");
                checks.Add($"assert z.files == [{string.Join(", ", named.Keys.Select(k => $"'{k}'"))}], z.files");
                for (int i = 0; i < Samples.Length; i++)
                    checks.Add($"e = {Samples[i].Expected}; assert np.array_equal(z['s{i}'], e, equal_nan=e.dtype.kind == 'f') and z['s{i}'].dtype == e.dtype");
            }
            Tree.Save(Path.Combine(dir, "tree.npz"), new TreeSaveTests.Dense(Np.Eye(2), Np.Array(1f, 2f)));
            checks.Add($"t = np.load({Py(Path.Combine(dir, "tree.npz"))}); assert sorted(t.files) == ['.B', '.W'] and np.array_equal(t['.W'], np.eye(2))");
            checks.Add("print('ok')");
            Assert.Contains("ok", Python.Check(string.Join("\n", checks)));
        }
        finally { Directory.Delete(dir, true); }
    }

    [NumpyFact]
    public void Files_written_by_numpy_read_here_in_any_byte_order_and_layout()
    {
        var dir = Arrays.TempDirectory();
        try
        {
            string P(string name) => Py(Path.Combine(dir, name));
            Python.Check(string.Join("\n",
                "import numpy as np",
                "a = np.arange(24, dtype='<f8').reshape(2, 3, 4) / 7",
                $"np.save({P("c.npy")}, a)",
                $"np.save({P("f.npy")}, np.asfortranarray(a))",
                $"np.save({P("be.npy")}, a.astype('>f8'))",
                $"np.save({P("bef.npy")}, np.asfortranarray(a.astype('>f4')))",
                $"np.save({P("i.npy")}, np.array([[1, -2], [3, 2**31 - 1]], dtype='>i4'))",
                $"np.save({P("b.npy")}, np.array([True, False, True]))",
                $"np.save({P("s.npy")}, np.float64(3.5))",
                $"np.save({P("e.npy")}, np.zeros((2, 0), dtype='<f4'))",
                $"np.save({P("v2.npy")}, a, allow_pickle=False)",
                "import numpy.lib.format as fmt",
                $"f = open({P("v3.npy")}, 'wb'); fmt.write_array(f, a, version=(3, 0)); f.close()",
                $"f = open({P("v2x.npy")}, 'wb'); fmt.write_array(f, a, version=(2, 0)); f.close()",
                $"np.savez({P("z.npz")}, a, w=np.ones(3, dtype='<f4'))",
                $"np.savez_compressed({P("zc.npz")}, w=np.ones(3, dtype='<f4'), a=a)",
                $"np.save({P("c16.npy")}, np.ones(2, dtype=np.complex128))"));
            var a = Np.Divide(Np.Reshape(Np.Arange(24).AsType(DType.Float64), [2, 3, 4]), 7.0);
            foreach (var name in new[] { "c.npy", "f.npy", "be.npy", "v2.npy", "v3.npy", "v2x.npy" })
                Arrays.Same(a, Np.Load(Path.Combine(dir, name)), name);
            Arrays.Same(a.AsType(DType.Float32), Np.Load(Path.Combine(dir, "bef.npy")), "bef.npy");
            Arrays.Same(Np.FromFlat(new[] { 1, -2, 3, int.MaxValue }, [2, 2]), Np.Load(Path.Combine(dir, "i.npy")));
            Arrays.Same(Np.Array(true, false, true), Np.Load(Path.Combine(dir, "b.npy")));
            Arrays.Same(Np.Scalar(3.5), Np.Load(Path.Combine(dir, "s.npy")));
            Arrays.Same(Np.Zeros([2, 0], DType.Float32), Np.Load(Path.Combine(dir, "e.npy")));
            foreach (var name in new[] { "z.npz", "zc.npz" })
            {
                var z = Np.LoadNpz(Path.Combine(dir, name));
                Arrays.Same(a, z[name == "z.npz" ? "arr_0" : "a"], name);
                Arrays.Same(Np.Ones([3], DType.Float32), z["w"], name);
            }
            var e = Assert.Throws<NotSupportedException>(() => Np.Load(Path.Combine(dir, "c16.npy")));
            Assert.Contains("'<c16'", e.Message);
        }
        finally { Directory.Delete(dir, true); }
    }
}
