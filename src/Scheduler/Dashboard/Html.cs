using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;

namespace ReportForge.Scheduler.Dashboard;

/// <summary>A fragment of HTML that is safe to write as it is: built from literal markup and values that were encoded on the way in.</summary>
/// <remarks>Every page is built with <c>Html.Of($"...")</c>: each hole is HTML-encoded unless it is itself an <see cref="Html"/>, so nothing a user typed can become markup.</remarks>
public readonly struct Html : IEquatable<Html>
{
    private readonly string? _value;

    private Html(string value) => _value = value;

    public static Html Empty => default;

    public string Value => _value ?? "";

    /// <summary>Markup written by the dashboard itself; never pass text that came from a user or the database.</summary>
    public static Html Trusted(string markup) => new(markup);

    /// <summary>Literal parts are markup, holes are encoded (except nested <see cref="Html"/>).</summary>
    public static Html Of(ref HtmlBuilder builder) => new(builder.Build());

    /// <summary>Encoded text.</summary>
    public static Html Text(string? text) => new(Encode(text));

    public static Html Join(IEnumerable<Html> parts) => new(string.Concat(parts.Select(p => p.Value)));

    public static Html When(bool condition, Html html) => condition ? html : Empty;

    public static string Encode(string? text) => string.IsNullOrEmpty(text) ? "" : HtmlEncoder.Default.Encode(text);

    public override string ToString() => Value;

    public bool Equals(Html other) => Value == other.Value;

    public override bool Equals(object? obj) => obj is Html other && Equals(other);

    public override int GetHashCode() => Value.GetHashCode(StringComparison.Ordinal);

    public static bool operator ==(Html left, Html right) => left.Equals(right);

    public static bool operator !=(Html left, Html right) => !left.Equals(right);
}

/// <summary>Builds an <see cref="Html"/> from an interpolated string, encoding every hole.</summary>
[InterpolatedStringHandler]
public ref struct HtmlBuilder
{
    private readonly StringBuilder _text;

    public HtmlBuilder(int literalLength, int formattedCount) => _text = new StringBuilder(literalLength + formattedCount * 16);

    public readonly void AppendLiteral(string value) => _text.Append(value);

    public readonly void AppendFormatted(Html value) => _text.Append(value.Value);

    public readonly void AppendFormatted(string? value) => _text.Append(Html.Encode(value));

    public readonly void AppendFormatted<T>(T value) => AppendFormatted<T>(value, null);

    public readonly void AppendFormatted<T>(T value, string? format)
    {
        var text = value switch
        {
            null => "",
            Html html => null,
            IFormattable formattable => formattable.ToString(format, CultureInfo.InvariantCulture),
            _ => value.ToString(),
        };
        _text.Append(value is Html h ? h.Value : Html.Encode(text));
    }

    internal readonly string Build() => _text.ToString();
}
