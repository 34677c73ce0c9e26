namespace ReportForge.Data.Import;

/// <summary>Why a file of a dataset was refused: where (file, line, column) and what to fix.</summary>
public sealed record ImportError(string File, int Line, string Column, string Reason)
{
    public override string ToString() =>
        Line > 0 ? $"{File}:{Line}: column '{Column}': {Reason}" : $"{File}: {Reason}";
}

/// <summary>A field failed validation; thrown inside a row parser and turned into an <see cref="ImportError"/>.</summary>
public sealed class ImportFieldException(string column, string reason) : Exception(reason)
{
    public string Column { get; } = column;
    public string Reason { get; } = reason;
}
