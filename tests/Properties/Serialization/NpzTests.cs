using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using FsCheck.Fluent;
using Xunit;

namespace Functional.AD.Properties.Serialization;

public sealed class NpzTests
{
    private static NpzFile RoundTrip(IReadOnlyDictionary<string, NDArray> arrays, bool compress)
    {
        var stream = new MemoryStream();
        if (compress) Np.SavezCompressed(stream, arrays);
        else Np.Savez(stream, arrays);
        stream.Position = 0;
        return Np.LoadNpz(stream);
    }

    [Fact]
    public void Named_arrays_of_every_dtype_round_trip_in_order_stored_or_compressed()
    {
        PropertyCheck.ForAll(Gen.ArrayOf(Arrays.Any(maxRank: 3)), xs =>
        {
            var named = new Dictionary<string, NDArray>();
            for (int i = 0; i < xs.Length; i++) named[$"a{xs.Length - i}/x.{i}"] = xs[i];
            foreach (var compress in new[] { false, true })
            {
                var loaded = RoundTrip(named, compress);
                Assert.Equal(named.Keys, loaded.Files);
                Assert.Equal(named.Keys, loaded.Keys);
                Assert.Equal(named.Count, loaded.Count);
                foreach (var (name, x) in named) Arrays.Same(x, loaded[name], name);
            }
        });
    }

    [Fact]
    public void Savez_stores_members_uncompressed_and_SavezCompressed_deflates_them()
    {
        var arrays = new Dictionary<string, NDArray> { ["zeros"] = Np.Zeros([1000]) };
        foreach (var (compress, method) in new[] { (false, 0), (true, 8) })
        {
            var stream = new MemoryStream();
            if (compress) Np.SavezCompressed(stream, arrays);
            else Np.Savez(stream, arrays);
            var bytes = stream.ToArray();
            // The local file header starts the archive: "PK\x03\x04", version, flags, then the compression method.
            Assert.Equal(method, BitConverter.ToUInt16(bytes, 8));
            using var zip = new ZipArchive(new MemoryStream(bytes));
            Assert.Equal("zeros.npy", zip.Entries.Single().FullName);
        }
    }

    [Fact]
    public void Positional_arrays_are_named_arr_0_arr_1_and_files_get_the_npz_extension()
    {
        var dir = Arrays.TempDirectory();
        try
        {
            var a = Np.Array(1.0, 2.0);
            var b = Np.Eye(2, DType.Float32);
            Np.Savez(Path.Combine(dir, "p"), a, b);
            var loaded = Np.LoadNpz(Path.Combine(dir, "p.npz"));
            Assert.Equal(new[] { "arr_0", "arr_1" }, loaded.Files);
            Arrays.Same(a, loaded["arr_0"]);
            Arrays.Same(b, loaded["arr_1"]);
            Np.SavezCompressed(Path.Combine(dir, "q.npz"), a);
            Arrays.Same(a, Np.LoadNpz(Path.Combine(dir, "q.npz"))["arr_0"]);
            Assert.True(loaded.ContainsKey("arr_1"));
            Assert.False(loaded.TryGetValue("arr_2", out _));
            var e = Assert.Throws<KeyNotFoundException>(() => loaded["w"]);
            Assert.Contains("'arr_0' and 'arr_1'", e.Message);
            Assert.Equal(2, loaded.Values.Count());
            Assert.Equal(2, loaded.Count());
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void A_file_that_is_not_a_zip_fails_clearly_and_bad_names_fail_before_writing()
    {
        var npy = new MemoryStream();
        Np.Save(npy, Np.Array(1.0));
        npy.Position = 0;
        Assert.Contains("not an .npz file", Assert.Throws<FormatException>(() => Np.LoadNpz(npy)).Message);
        var stream = new MemoryStream();
        Assert.Throws<ArgumentException>(() => Np.Savez(stream, new Dictionary<string, NDArray> { [""] = Np.Array(1.0) }));
        Assert.Throws<ArgumentNullException>(() => Np.Savez(stream, new Dictionary<string, NDArray> { ["x"] = null! }));
        Assert.Equal(0, stream.Length);
    }
}
