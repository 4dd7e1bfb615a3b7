using System;
namespace Functional.AD;
/// <summary>TEMPORARY naive GEMM until the blocked kernel lands.</summary>
internal static class Gemm
{
    internal static void Multiply(ReadOnlySpan<double> a, int ars, int acs, ReadOnlySpan<double> b, int brs, int bcs, Span<double> c, int crs, int m, int n, int k)
    { for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) { double s = 0; for (int p = 0; p < k; p++) s += a[i * ars + p * acs] * b[p * brs + j * bcs]; c[i * crs + j] = s; } }
    internal static void Multiply(ReadOnlySpan<float> a, int ars, int acs, ReadOnlySpan<float> b, int brs, int bcs, Span<float> c, int crs, int m, int n, int k)
    { for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) { float s = 0; for (int p = 0; p < k; p++) s += a[i * ars + p * acs] * b[p * brs + j * bcs]; c[i * crs + j] = s; } }
}
