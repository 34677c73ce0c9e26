using System.Buffers;
using System.Data.Common;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace ReportForge.Data.Storage;

/// <summary>Binds one row's values to a raw prepared SQLite statement, or to a command's parameters on PostgreSQL (positions follow the parameter names given to the batch).</summary>
/// <remarks>
/// The few distinct texts of a bulk write (exchange, symbol, side, source) are encoded to UTF-8 once and reused.
/// </remarks>
internal sealed class StatementBinder
{
    private const int MaxCachedTexts = 4096;
    private readonly sqlite3_stmt _statement = null!;
    private int[] _positions = [];
    private readonly DbParameterCollection? _parameters;
    private readonly Dictionary<string, byte[]> _utf8 = new(StringComparer.Ordinal);

    internal StatementBinder(sqlite3_stmt statement, int[] positions)
    {
        _statement = statement;
        _positions = positions;
    }

    internal StatementBinder(DbParameterCollection parameters) => _parameters = parameters;

    /// <summary>Points the binder at another row's parameters of a statement that inserts several rows at once.</summary>
    internal void UsePositions(int[] positions) => _positions = positions;

    public void Int64(int parameter, long value)
    {
        if (_parameters is not null)
        {
            _parameters[parameter].Value = value;
            return;
        }

        Check(raw.sqlite3_bind_int64(_statement, _positions[parameter], value));
    }

    public void Double(int parameter, double value)
    {
        if (_parameters is not null)
        {
            _parameters[parameter].Value = value;
            return;
        }

        Check(raw.sqlite3_bind_double(_statement, _positions[parameter], value));
    }

    public void Null(int parameter)
    {
        if (_parameters is not null)
        {
            _parameters[parameter].Value = DBNull.Value;
            return;
        }

        Check(raw.sqlite3_bind_null(_statement, _positions[parameter]));
    }

    public void Text(int parameter, string value)
    {
        if (_parameters is not null)
        {
            _parameters[parameter].Value = value;
            return;
        }

        if (_utf8.TryGetValue(value, out var cached))
        {
            Check(raw.sqlite3_bind_text(_statement, _positions[parameter], cached));
            return;
        }

        if (_utf8.Count < MaxCachedTexts && value.Length <= 64)
        {
            var bytes = Encoding.UTF8.GetBytes(value);
            _utf8[value] = bytes;
            Check(raw.sqlite3_bind_text(_statement, _positions[parameter], bytes));
            return;
        }

        var rented = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(value.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(value, rented);
            Check(raw.sqlite3_bind_text(_statement, _positions[parameter], rented.AsSpan(0, length)));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            throw new SqliteException($"SQLite could not bind a value (error {rc}).", rc);
        }
    }
}
