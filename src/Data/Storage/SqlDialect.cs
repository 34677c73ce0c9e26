using System.Text.RegularExpressions;

namespace ReportForge.Data.Storage;

/// <summary>Turns the project's SQLite statements into their PostgreSQL form where the two differ only in spelling.</summary>
/// <remarks>
/// The stores' upserts are written once: <c>$name</c> parameters become <c>@name</c> (Npgsql does not read <c>$name</c>),
/// lists bound with Dapper's <c>IN @list</c> become <c>= ANY(@list)</c>, and SQLite's null-safe <c>a IS NOT b</c> / <c>a IS b</c> become <c>IS DISTINCT FROM</c> / <c>IS NOT DISTINCT FROM</c>.
/// Statements whose meaning differs between the engines keep both texts beside each other in their store instead.
/// </remarks>
public static partial class SqlDialect
{
    /// <summary>The statement as <paramref name="provider"/> reads it.</summary>
    public static string For(StorageProvider provider, string sql) =>
        provider == StorageProvider.Sqlite ? sql : Postgres(sql);

    /// <summary>The statement as the engine behind <paramref name="connection"/> reads it.</summary>
    public static string For(System.Data.Common.DbConnection connection, string sql) =>
        connection is Microsoft.Data.Sqlite.SqliteConnection ? sql : Postgres(sql);

    /// <summary>The PostgreSQL form of a SQLite statement.</summary>
    public static string Postgres(string sql)
    {
        sql = DollarParameter().Replace(sql, "@${name}");
        // Dapper expands a list for SQLite; to Npgsql it passes a PostgreSQL array.
        sql = InList().Replace(sql, "= ANY(@${name})");
        sql = IsNotValue().Replace(sql, "IS DISTINCT FROM ");
        return IsValue().Replace(sql, "IS NOT DISTINCT FROM ");
    }

    /// <summary>The parameter name as the provider's commands expect it.</summary>
    public static string Parameter(StorageProvider provider, string name) =>
        provider == StorageProvider.Postgres && name.StartsWith('$') ? "@" + name[1..] : name;

    [GeneratedRegex(@"\$(?<name>[A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex DollarParameter();

    [GeneratedRegex(@"\bIN @(?<name>[A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex InList();

    [GeneratedRegex(@"\bIS NOT (?!NULL\b|DISTINCT\b)")]
    private static partial Regex IsNotValue();

    [GeneratedRegex(@"\bIS (?!NOT\b|NULL\b|DISTINCT\b)")]
    private static partial Regex IsValue();
}
