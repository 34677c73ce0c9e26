using System.Buffers;
using System.Data.Common;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace ReportForge.Data.Storage;

/// <summary>Binds one row's values to a raw prepared SQLite statement, or to a command's parameters on PostgreSQL (positions follow the parameter names given to the batch).</summary>
/// <remarks>
/// The few distinct texts of a bulk write (exchange, symbol, side, source) are encoded to UTF-8 once and reused. A statement
/// keeps its bound values across resets, so a text that is the very string instance already bound to that parameter is not
/// bound again: with rows in key order and names interned by the import, exchange, symbol, asset and source are bound once
/// per run of equal values instead of once per row (a text bind is the dearest: SQLite copies the text).
/// </remarks>
internal sealed class StatementBinder
{
    private const int MaxCachedTexts = 4096;
    private readonly sqlite3_stmt _statement = null!;
    private int[] _positions = [];
    private readonly DbParameterCollection? _parameters;
    private readonly Dictionary<string, byte[]> _utf8 = new(StringComparer.Ordinal);
    private string?[] _lastText = [];
    private byte[][] _lastUtf8 = [];
    private string?[] _boundText = new string?[16];

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

        Forget(_positions[parameter]);
        Check(raw.sqlite3_bind_int64(_statement, _positions[parameter], value));
    }

    public void Double(int parameter, double value)
    {
        if (_parameters is not null)
        {
            _parameters[parameter].Value = value;
            return;
        }

        Forget(_positions[parameter]);
        Check(raw.sqlite3_bind_double(_statement, _positions[parameter], value));
    }

    public void Null(int parameter)
    {
        if (_parameters is not null)
        {
            _parameters[parameter].Value = DBNull.Value;
            return;
        }

        Forget(_positions[parameter]);
        Check(raw.sqlite3_bind_null(_statement, _positions[parameter]));
    }

    public void Text(int parameter, string value)
    {
        if (_parameters is not null)
        {
            _parameters[parameter].Value = value;
            return;
        }

        var position = _positions[parameter];
        if (position < _boundText.Length && ReferenceEquals(_boundText[position], value))
        {
            return;
        }

        Forget(position);
        if (parameter < _lastText.Length && ReferenceEquals(_lastText[parameter], value))
        {
            Check(raw.sqlite3_bind_text(_statement, position, _lastUtf8[parameter]));
            Bound(position, value);
            return;
        }

        if (!_utf8.TryGetValue(value, out var cached) && _utf8.Count < MaxCachedTexts && value.Length <= 64)
        {
            cached = Encoding.UTF8.GetBytes(value);
            _utf8[value] = cached;
        }

        if (cached is not null)
        {
            Remember(parameter, value, cached);
            Check(raw.sqlite3_bind_text(_statement, position, cached));
            Bound(position, value);
            return;
        }

        var rented = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(value.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(value, rented);
            Check(raw.sqlite3_bind_text(_statement, position, rented.AsSpan(0, length)));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private void Bound(int position, string value)
    {
        if (position >= _boundText.Length)
        {
            Array.Resize(ref _boundText, Math.Max(position + 1, _boundText.Length * 2));
        }

        _boundText[position] = value;
    }

    private void Forget(int position)
    {
        if (position < _boundText.Length)
        {
            _boundText[position] = null;
        }
    }

    private void Remember(int parameter, string value, byte[] utf8)
    {
        if (parameter >= _lastText.Length)
        {
            Array.Resize(ref _lastText, parameter + 1);
            Array.Resize(ref _lastUtf8, parameter + 1);
        }

        _lastText[parameter] = value;
        _lastUtf8[parameter] = utf8;
    }

    private static void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            throw new SqliteException($"SQLite could not bind a value (error {rc}).", rc);
        }
    }
}
