using Dapper;
using ReportForge.Data.Archive;
using ReportForge.Data.Storage;

namespace ReportForge.Data.Tests.Archive;

public sealed class ReportArchiveSqliteTests() : ReportArchiveTests(StorageProvider.Sqlite);

public sealed class ReportArchivePostgresTests() : ReportArchiveTests(StorageProvider.Postgres);

/// <summary>The archive on both engines: a brief stored by one node is found by another that mounts the shared briefs folder elsewhere.</summary>
public abstract class ReportArchiveTests : IDisposable
{
    private readonly TestDatabase _store;
    private readonly TempFolder _folder = new();

    protected ReportArchiveTests(StorageProvider provider) => _store = new TestDatabase(provider);

    public void Dispose()
    {
        _store.Dispose();
        _folder.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task Pdf_path_is_kept_relative_to_the_briefs_folder_so_another_mount_of_it_finds_the_brief()
    {
        var database = _store.Database;
        await new SchemaMigrator(database, TimeProvider.System).MigrateAsync(CancellationToken.None);
        var writer = new ReportArchive(database, Path.Combine(_folder.Path, "node1", "briefs"));
        var pdf = writer.PdfPathFor("r1", new DateOnly(2025, 2, 3));
        await writer.SaveAsync(Report("r1", pdf), CancellationToken.None);

        await using (var connection = await database.OpenAsync(CancellationToken.None))
        {
            Assert.Equal("2025/02/2025-02-03-r1.pdf", await connection.ExecuteScalarAsync<string>("SELECT pdf_path FROM reports WHERE id = 'r1'"));
        }

        var reader = new ReportArchive(database, Path.Combine(_folder.Path, "mnt", "shared"));
        Assert.Equal(Path.Combine(_folder.Path, "mnt", "shared", "2025", "02", "2025-02-03-r1.pdf"), (await reader.FindAsync("r1", CancellationToken.None))!.PdfPath);
        Assert.Equal(pdf, (await writer.FindAsync("r1", CancellationToken.None))!.PdfPath);
        var listed = await reader.ListAsync(DateTimeOffset.Parse("2025-02-03T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
            DateTimeOffset.Parse("2025-02-04T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture), CancellationToken.None);
        Assert.Equal(reader.BriefsDirectory, Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(Assert.Single(listed).PdfPath))));
    }

    [Fact]
    public async Task Pdf_outside_the_briefs_folder_keeps_its_absolute_path()
    {
        var database = _store.Database;
        await new SchemaMigrator(database, TimeProvider.System).MigrateAsync(CancellationToken.None);
        var archive = new ReportArchive(database, Path.Combine(_folder.Path, "briefs"));
        var elsewhere = Path.Combine(_folder.Path, "exports", "r2.pdf");

        await archive.SaveAsync(Report("r2", elsewhere), CancellationToken.None);

        Assert.Equal(elsewhere, (await archive.FindAsync("r2", CancellationToken.None))!.PdfPath);
        Assert.Equal(elsewhere, (await new ReportArchive(database, Path.Combine(_folder.Path, "other")).FindAsync("r2", CancellationToken.None))!.PdfPath);
    }

    private static ArchivedReport Report(string id, string pdfPath)
    {
        var start = DateTimeOffset.Parse("2025-02-03T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        return new ArchivedReport(id, start.AddDays(1), start, start.AddDays(1), "UTC", "default", "v1", "done", "headline", "{}", pdfPath, null);
    }
}
