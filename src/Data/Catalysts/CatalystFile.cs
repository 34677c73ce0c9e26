using System.Data.Common;
using ReportForge.Data.Import;

namespace ReportForge.Data.Catalysts;

/// <summary>catalysts.csv of the import format.</summary>
public sealed class CatalystFile : ImportFile<Catalyst, (DateTimeOffset, string)>
{
    public override string FileName => "catalysts.csv";
    public override IReadOnlyList<string> Columns { get; } = ["time", "title", "category", "summary", "url"];

    protected override Catalyst ParseRow(ImportRow row, string source)
    {
        var category = row.RequiredText("category");
        if (!category.All(c => c is (>= 'a' and <= 'z') or '-'))
        {
            throw new ImportFieldException("category", $"'{category}' must be one lower-case word such as macro, regulation, technology, flows or exchange");
        }

        var url = row.Text("url");
        if (url.Length > 0 && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)))
        {
            throw new ImportFieldException("url", $"'{url}' is not an http(s) address; leave it empty when there is none");
        }

        return new Catalyst(row.UtcTime("time"), row.RequiredText("title"), category, row.Text("summary"), url, source);
    }

    protected override (DateTimeOffset, string) KeyOf(Catalyst record) => (record.Time, record.Title);

    protected override int Store(DbTransaction transaction, IReadOnlyList<Catalyst> records, CancellationToken cancellationToken) =>
        CatalystStore.Upsert(transaction, records, cancellationToken);
}
