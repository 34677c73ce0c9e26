using System.Text.Json;
using Dapper;
using ReportForge.Data.Storage;
using ReportForge.Reporting.Templates;

namespace ReportForge.Scheduler.Templates;

/// <summary>One stored version of a template set: its files, when and why it was made, and whether it is in use.</summary>
public sealed record TemplateVersion
{
    public string TemplateSet { get; init; } = "";
    public string Version { get; init; } = "";
    public string FilesJson { get; init; } = "{}";
    public long CreatedAt { get; init; }
    public string Note { get; init; } = "";
    /// <summary>1 for the version in use (SQLite has no boolean).</summary>
    public long Active { get; init; }

    public bool IsActive => Active == 1;

    /// <summary>The files by relative path.</summary>
    public IReadOnlyDictionary<string, string> Files =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(FilesJson) ?? new Dictionary<string, string>(StringComparer.Ordinal);

    public TemplateSet ToSet() => Reporting.Templates.TemplateSet.FromFiles(TemplateSet, Files);
}

/// <summary>The template_versions table: every version of every set, and the one in use per set.</summary>
public sealed class TemplateVersionStore(ReportForgeDatabase database, TimeProvider clock)
{
    private const string Select =
        """
        SELECT template_set AS TemplateSet, version AS Version, files_json AS FilesJson, created_at AS CreatedAt, note AS Note, active AS Active
        FROM template_versions
        """;

    /// <summary>Stores a version of a set (kept as it is when already stored), optionally making it the one in use.</summary>
    /// <returns>True when the version was new.</returns>
    public async Task<bool> AddAsync(string templateSet, TemplateSet files, string note, bool activate, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var added = await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO template_versions (template_set, version, files_json, created_at, note, active)
            VALUES (@templateSet, @version, @files, @now, @note, 0)
            ON CONFLICT (template_set, version) DO NOTHING
            """,
            new { templateSet, version = files.Version, files = JsonSerializer.Serialize(files.Files), now = clock.GetUtcNow().ToUnixTimeMilliseconds(), note },
            transaction, cancellationToken: cancellationToken)) == 1;
        if (activate)
        {
            await ActivateAsync(connection, transaction, templateSet, files.Version, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return added;
    }

    /// <summary>Makes a stored version the one in use for its set; false when the set has no such version.</summary>
    public async Task<bool> ActivateAsync(string templateSet, string version, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var found = await ActivateAsync(connection, transaction, templateSet, version, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return found;
    }

    /// <summary>The version in use for a set, or null when none is stored.</summary>
    public async Task<TemplateVersion?> ActiveAsync(string templateSet, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<TemplateVersion>(new CommandDefinition(
            Select + " WHERE template_set = @templateSet AND active = 1", new { templateSet }, cancellationToken: cancellationToken));
    }

    /// <summary>A version of a set, or null.</summary>
    public async Task<TemplateVersion?> FindAsync(string templateSet, string version, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<TemplateVersion>(new CommandDefinition(
            Select + " WHERE template_set = @templateSet AND version = @version", new { templateSet, version }, cancellationToken: cancellationToken));
    }

    /// <summary>A version by its hash in whichever set holds it (the hash covers every file, so any copy is the same files), or null.</summary>
    public async Task<TemplateVersion?> FindAsync(string version, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QueryFirstOrDefaultAsync<TemplateVersion>(new CommandDefinition(
            Select + " WHERE version = @version ORDER BY created_at LIMIT 1", new { version }, cancellationToken: cancellationToken));
    }

    /// <summary>Every version of a set, newest first.</summary>
    public async Task<IReadOnlyList<TemplateVersion>> ListAsync(string templateSet, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<TemplateVersion>(new CommandDefinition(
            Select + " WHERE template_set = @templateSet ORDER BY created_at DESC, version", new { templateSet }, cancellationToken: cancellationToken))).ToList();
    }

    private static async Task<bool> ActivateAsync(
        System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, string templateSet, string version, CancellationToken cancellationToken)
    {
        var exists = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM template_versions WHERE template_set = @templateSet AND version = @version",
            new { templateSet, version }, transaction, cancellationToken: cancellationToken)) == 1;
        if (!exists)
        {
            return false;
        }

        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE template_versions SET active = 0 WHERE template_set = @templateSet AND active = 1 AND version <> @version",
            new { templateSet, version }, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE template_versions SET active = 1 WHERE template_set = @templateSet AND version = @version",
            new { templateSet, version }, transaction, cancellationToken: cancellationToken));
        return true;
    }
}
