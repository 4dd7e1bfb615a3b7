using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using FsCheck.Fluent;
using Xunit;

namespace Functional.AD.Properties.Serialization;

public sealed class NpyTests
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    public static IEnumerable<object[]> Cases() =>
        from dtype in Arrays.All
        from shape in new[] { System.Array.Empty<int>(), new[] { 0 }, new[] { 5 }, new[] { 2, 3 }, new[] { 3, 0, 2 }, new[] { 2, 1, 3, 2 } }
        select new object[] { dtype, shape };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_dtype_and_shape_round_trips_bit_for_bit(DType dtype, int[] shape)
    {
        var bits = Enumerable.Range(0, 2 * Math.Max(1, shape.Aggregate(1, (a, b) => a * b))).Select(i => unchecked(i * 0x9E3779B9 ^ (i << 7))).Select(u => (int)u).ToArray();
        var x = Arrays.FromBits(dtype, shape, bits);
        Arrays.Same(x, Arrays.RoundTrip(x), $"{dtype} {x.Shape}");
    }

    [Fact]
    public void Random_arrays_round_trip()
    {
        PropertyCheck.ForAll(Arrays.Any(), x => Arrays.Same(x, Arrays.RoundTrip(x)), maxTest: 200);
    }

    [Fact]
    public void The_header_is_version_1_0_padded_to_64_bytes_with_numpys_dict()
    {
        var stream = new MemoryStream();
        Np.Save(stream, Np.Zeros([2, 3], DType.Float32));
        var bytes = stream.ToArray();
        Assert.Equal(Magic, bytes[..6]);
        Assert.Equal(new byte[] { 1, 0 }, bytes[6..8]);
        int headerLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8));
        Assert.Equal(0, (10 + headerLength) % 64);
        var header = Encoding.ASCII.GetString(bytes, 10, headerLength);
        Assert.Equal("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", header.TrimEnd());
        Assert.EndsWith("\n", header);
        Assert.Equal(10 + headerLength + 24, bytes.Length);
        Assert.Contains("'shape': (4,)", Header(Np.Zeros([4])));
        Assert.Contains("'shape': ()", Header(Np.Scalar(1)));
        Assert.Contains("'descr': '|b1'", Header(Np.Array(true)));
        Assert.Contains("'descr': '<i4'", Header(Np.Array(1, 2)));
    }

    private static string Header(NDArray x)
    {
        var stream = new MemoryStream();
        Np.Save(stream, x);
        var bytes = stream.ToArray();
        return Encoding.ASCII.GetString(bytes, 10, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8)));
    }

    /// <summary>An .npy file with the given version, header text and data bytes, laid out by hand.</summary>
    internal static byte[] HandMade(int major, string header, byte[] data, Encoding? encoding = null)
    {
        var text = (encoding ?? Encoding.Latin1).GetBytes(header + "\n");
        var file = new List<byte>();
        file.AddRange(Magic);
        file.Add((byte)major);
        file.Add(0);
        if (major == 1) file.AddRange(BitConverter.GetBytes((ushort)text.Length));
        else file.AddRange(BitConverter.GetBytes((uint)text.Length));
        file.AddRange(text);
        file.AddRange(data);
        return file.ToArray();
    }

    private static NDArray Read(byte[] file) => Np.Load(new MemoryStream(file));

    private static byte[] BigEndian(params double[] values) =>
        values.SelectMany(v => { var b = new byte[8]; BinaryPrimitives.WriteDoubleBigEndian(b, v); return b; }).ToArray();

    [Fact]
    public void Big_endian_files_read_for_every_multi_byte_dtype()
    {
        Arrays.Same(Np.FromFlat([1.5, -2.25, double.NaN, 1e300], [2, 2]),
            Read(HandMade(1, "{'descr': '>f8', 'fortran_order': False, 'shape': (2, 2), }", BigEndian(1.5, -2.25, double.NaN, 1e300))));
        var f4 = new[] { 1.5f, -3f, float.PositiveInfinity }.SelectMany(v => { var b = new byte[4]; BinaryPrimitives.WriteSingleBigEndian(b, v); return b; }).ToArray();
        Arrays.Same(Np.Array(1.5f, -3f, float.PositiveInfinity), Read(HandMade(1, "{'descr': '>f4', 'fortran_order': False, 'shape': (3,), }", f4)));
        var i4 = new[] { 1, -2, int.MaxValue }.SelectMany(v => { var b = new byte[4]; BinaryPrimitives.WriteInt32BigEndian(b, v); return b; }).ToArray();
        Arrays.Same(Np.Array(1, -2, int.MaxValue), Read(HandMade(1, "{'descr': '>i4', 'fortran_order': False, 'shape': (3,), }", i4)));
        // '=' is native order; a bool has none ('|').
        Arrays.Same(Np.Array(1, 2), Read(HandMade(1, "{'descr': '=i4', 'fortran_order': False, 'shape': (2,), }", BitConverter.GetBytes(1).Concat(BitConverter.GetBytes(2)).ToArray())));
        Arrays.Same(Np.Array(true, false, true), Read(HandMade(1, "{'descr': '|b1', 'fortran_order': False, 'shape': (3,), }", new byte[] { 1, 0, 7 })));
    }

    [Fact]
    public void Fortran_order_files_read_as_the_same_array_in_row_major_order()
    {
        // The 2x3 array [[0,1,2],[3,4,5]] in column-major order is 0,3,1,4,2,5.
        var data = new[] { 0.0, 3, 1, 4, 2, 5 }.SelectMany(BitConverter.GetBytes).ToArray();
        var x = Read(HandMade(1, "{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3), }", data));
        Arrays.Same(Np.FromFlat([0.0, 1, 2, 3, 4, 5], [2, 3]), x);
        // 3-d, big-endian and Fortran at once: element (i, j, k) of a 2x3x4 array is at i + 2j + 6k in the file.
        var expected = Enumerable.Range(0, 24).Select(v => (double)v).ToArray();
        var column = new double[24];
        for (int i = 0; i < 2; i++) for (int j = 0; j < 3; j++) for (int k = 0; k < 4; k++) column[i + 2 * j + 6 * k] = expected[i * 12 + j * 4 + k];
        var y = Read(HandMade(1, "{'descr': '>f8', 'fortran_order': True, 'shape': (2, 3, 4), }", BigEndian(column)));
        Arrays.Same(Np.FromFlat(expected, [2, 3, 4]), y);
        // Fortran order of a 1-d or 0-d array is the same as C order.
        Arrays.Same(Np.Array(1.0, 2.0), Read(HandMade(1, "{'descr': '<f8', 'fortran_order': True, 'shape': (2,), }", new[] { 1.0, 2.0 }.SelectMany(BitConverter.GetBytes).ToArray())));
    }

    [Fact]
    public void Version_2_and_3_headers_read()
    {
        var data = new[] { 1.0f, 2.0f }.SelectMany(BitConverter.GetBytes).ToArray();
        Arrays.Same(Np.Array(1f, 2f), Read(HandMade(2, "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", data)));
        Arrays.Same(Np.Array(1f, 2f), Read(HandMade(3, "{\"descr\": \"<f4\", \"fortran_order\": False, \"shape\": (2L,), 'note': 'é€'}", data, Encoding.UTF8)));
    }

    [Fact]
    public void A_header_longer_than_65535_bytes_is_written_and_read_as_version_2()
    {
        // Only a shape of very high rank makes the header that long: 25000 axes of size 1 print as about 75 kB.
        var x = ConcreteArray.Own(new[] { 2.5 }, new Shape(Enumerable.Repeat(1, 25000).ToArray()));
        var stream = new MemoryStream();
        Np.Save(stream, x);
        var bytes = stream.ToArray();
        Assert.Equal(2, bytes[6]);
        Assert.Equal(0, (12 + (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8))) % 64);
        Arrays.Same(x, Np.Load(new MemoryStream(bytes)));
        var padded = "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), " + new string(' ', 70000) + "}";
        Arrays.Same(Np.Array(3.0), Read(HandMade(2, padded, BitConverter.GetBytes(3.0))));
    }

    [Fact]
    public void Files_that_are_not_npy_or_hold_a_dtype_without_counterpart_fail_clearly()
    {
        var dir = Arrays.TempDirectory();
        try
        {
            var path = Path.Combine(dir, "c16.npy");
            File.WriteAllBytes(path, HandMade(1, "{'descr': '<c16', 'fortran_order': False, 'shape': (1,), }", new byte[16]));
            var e = Assert.Throws<NotSupportedException>(() => Np.Load(path));
            Assert.Contains(path, e.Message);
            Assert.Contains("'<c16'", e.Message);
            Assert.Contains("'<f8' (f64)", e.Message);

            var text = Path.Combine(dir, "text.npy");
            File.WriteAllText(text, "hello world");
            Assert.Contains("not an .npy file", Assert.Throws<FormatException>(() => Np.Load(text)).Message);

            var npz = Path.Combine(dir, "a.npz");
            Np.Savez(npz, Np.Array(1.0));
            Assert.Contains("Np.LoadNpz", Assert.Throws<FormatException>(() => Np.Load(npz)).Message);

            Assert.Contains("structured", Assert.Throws<NotSupportedException>(() =>
                Read(HandMade(1, "{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (1,), }", new byte[8]))).Message);
            Assert.Contains("no 'shape'", Assert.Throws<FormatException>(() =>
                Read(HandMade(1, "{'descr': '<f8', 'fortran_order': False}", new byte[8]))).Message);
            Assert.Contains("version 4.0", Assert.Throws<FormatException>(() =>
                Read(HandMade(4, "{'descr': '<f8', 'fortran_order': False, 'shape': (), }", new byte[8]))).Message);
            Assert.Throws<EndOfStreamException>(() => Read(HandMade(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }", new byte[8])));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void Save_appends_the_extension_as_numpy_does_and_load_reads_the_file()
    {
        var dir = Arrays.TempDirectory();
        try
        {
            var x = Np.FromFlat([1.0, 2, 3, 4, 5, 6], [3, 2]);
            Np.Save(Path.Combine(dir, "x"), x);
            Arrays.Same(x, Np.Load(Path.Combine(dir, "x.npy")));
            Np.Save(Path.Combine(dir, "y.npy"), x.T);
            Arrays.Same(Np.Transpose(x), Np.Load(Path.Combine(dir, "y.npy")));
            Assert.False(File.Exists(Path.Combine(dir, "y.npy.npy")));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void Saving_a_traced_value_fails_with_a_concretization_error()
    {
        var e = Assert.Throws<ConcretizationException>(() => Jax.Jit((NDArray x) => { Np.Save(new MemoryStream(), x); return x; })(Np.Array(1.0)));
        Assert.Contains("Np.Save", e.Message);
    }
}
