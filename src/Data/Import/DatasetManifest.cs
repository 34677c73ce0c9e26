using System.Text.Json;

namespace ReportForge.Data.Import;

/// <summary>The optional dataset.json of a dataset folder: the source name its rows are stored under, and whether it is a sample.</summary>
public sealed record DatasetManifest(string Source, string Description, bool Sample)
{
    public const string FileName = "dataset.json";

    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    /// <summary>Reads dataset.json when present; otherwise the source is named after the folder.</summary>
    public static async Task<DatasetManifest> ReadAsync(string folder, CancellationToken cancellationToken)
    {
        var path = Path.Combine(folder, FileName);
        var fallback = new DatasetManifest(Path.GetFileName(Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar)), "", false);
        if (!File.Exists(path))
        {
            return fallback;
        }

        try
        {
            await using var stream = File.OpenRead(path);
            var manifest = await JsonSerializer.DeserializeAsync<DatasetManifest>(stream, Json, cancellationToken);
            if (manifest is null || string.IsNullOrWhiteSpace(manifest.Source))
            {
                throw new ImportFileRefusedException($"{FileName}: 'source' is missing; write {{\"source\": \"my-desk\", \"description\": \"…\", \"sample\": false}}");
            }

            return manifest with { Description = manifest.Description ?? "" };
        }
        catch (JsonException e)
        {
            throw new ImportFileRefusedException($"{FileName}: not valid JSON ({e.Message}); write {{\"source\": \"my-desk\", \"description\": \"…\", \"sample\": false}}");
        }
    }
}

/// <summary>A dataset cannot be imported at all (missing folder, bad manifest).</summary>
public sealed class ImportFileRefusedException(string message) : Exception(message);
