namespace ReportForge.Data.Import;

/// <summary>How many rows a CSV file holds, estimated from its size without reading it whole.</summary>
public static class CsvSize
{
    private const int SampleBytes = 1 << 16;

    /// <summary>
    /// The rows of <paramref name="path"/> (header excluded), extrapolated from the line length of its first 64 KiB: exact
    /// for a smaller file, close for the large uniform files where it matters (choosing a bulk load over row-by-row writes).
    /// </summary>
    public static long EstimateRows(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        var sample = new byte[(int)Math.Min(SampleBytes, stream.Length)];
        stream.ReadExactly(sample);
        if (sample.Length == 0)
        {
            return 0;
        }

        var breaks = sample.AsSpan().Count((byte)'\n');
        var lines = stream.Length == sample.Length
            ? breaks + (sample[^1] == (byte)'\n' ? 0 : 1)
            : (long)((double)breaks * stream.Length / sample.Length);
        return Math.Max(0, lines - 1);
    }
}
