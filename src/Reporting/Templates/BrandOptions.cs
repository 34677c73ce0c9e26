using System.Text.RegularExpressions;

namespace ReportForge.Reporting.Templates;

/// <summary>How a brief is branded: the name in its title block and PDF metadata, its colours, logo and typefaces.</summary>
/// <remarks>
/// Values are written into the brief's stylesheet, so they are checked strictly (see <see cref="Validate"/>): a colour is
/// a #hex value, a typeface a font family name, the logo a local PNG, JPEG or SVG that is inlined as a data URI.
/// </remarks>
public sealed partial record BrandOptions(string Name = "ReportForge")
{
    /// <summary>Largest logo file inlined into a brief.</summary>
    public const int MaxLogoBytes = 512 * 1024;

    /// <summary>The PDF's Author; the brand name when not set.</summary>
    public string? Author { get; init; }

    /// <summary>Headings, rules, lines and long bars.</summary>
    public string PrimaryColour { get; init; } = "#1f3a5f";

    /// <summary>Marks that must stand out: the window's low, the headline figure.</summary>
    public string AccentColour { get; init; } = "#b4532a";

    public string TextColour { get; init; } = "#1b1f24";

    /// <summary>Captions, labels and the footer.</summary>
    public string MutedColour { get; init; } = "#5a6270";

    /// <summary>Body text; a family installed on the machine (the set-up installs the Noto families).</summary>
    public string FontFamily { get; init; } = "Noto Sans";

    public string HeadingFontFamily { get; init; } = "Noto Serif";

    /// <summary>A PNG, JPEG or SVG file shown in the title block; null for none.</summary>
    public string? LogoPath { get; init; }

    /// <summary>The logo as a data URI, read once by <see cref="WithLogoInlinedAsync"/>; read on each brief otherwise.</summary>
    public string? LogoDataUri { get; init; }

    /// <summary>What is wrong with these options, one message per problem; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Name))
        {
            errors.Add("Brand:Name is empty; give the name the brief should carry.");
        }

        foreach (var (key, value) in new[] { ("PrimaryColour", PrimaryColour), ("AccentColour", AccentColour), ("TextColour", TextColour), ("MutedColour", MutedColour) })
        {
            if (!HexColour().IsMatch(value ?? ""))
            {
                errors.Add($"Brand:{key} '{value}' is not a colour; write it as #rgb or #rrggbb, e.g. #1f3a5f.");
            }
        }

        foreach (var (key, value) in new[] { ("FontFamily", FontFamily), ("HeadingFontFamily", HeadingFontFamily) })
        {
            if (!FamilyName().IsMatch(value ?? ""))
            {
                errors.Add($"Brand:{key} '{value}' is not a font family name; use letters, digits, spaces and hyphens, e.g. Noto Sans.");
            }
        }

        if (LogoPath is { } logo)
        {
            if (!File.Exists(logo))
            {
                errors.Add($"Brand:LogoPath '{logo}' does not exist; give the path of a PNG, JPEG or SVG file, or leave it out.");
            }
            else if (MediaType(logo) is null)
            {
                errors.Add($"Brand:LogoPath '{logo}' is not a PNG, JPEG or SVG file (by its extension).");
            }
            else if (new FileInfo(logo).Length > MaxLogoBytes)
            {
                errors.Add($"Brand:LogoPath '{logo}' is larger than {MaxLogoBytes / 1024} KB; a logo is inlined into every brief, so use a smaller file.");
            }
        }

        return errors;
    }

    /// <summary>These options with the logo read into <see cref="LogoDataUri"/>, so briefs do not read the file again.</summary>
    /// <exception cref="InvalidBrandException">An option is invalid.</exception>
    public async Task<BrandOptions> WithLogoInlinedAsync(CancellationToken cancellationToken)
    {
        EnsureValid();
        return LogoPath is { } logo
            ? this with { LogoDataUri = DataUri(logo, await File.ReadAllBytesAsync(logo, cancellationToken)) }
            : this with { LogoDataUri = null };
    }

    /// <summary>The brand as templates see it: brand.name, brand.author, brand.colours.*, brand.fonts.*, brand.logo.</summary>
    /// <exception cref="InvalidBrandException">An option is invalid.</exception>
    public Dictionary<string, object?> ToModel()
    {
        EnsureValid();
        var logo = LogoDataUri ?? (LogoPath is { } path ? DataUri(path, File.ReadAllBytes(path)) : null);
        return new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["name"] = Name,
            ["author"] = Author ?? Name,
            ["colours"] = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["primary"] = PrimaryColour, ["accent"] = AccentColour, ["text"] = TextColour, ["muted"] = MutedColour,
            },
            ["fonts"] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["body"] = FontFamily, ["heading"] = HeadingFontFamily },
            ["logo"] = logo,
        };
    }

    /// <exception cref="InvalidBrandException">An option is invalid.</exception>
    public void EnsureValid()
    {
        var errors = Validate();
        if (errors.Count > 0)
        {
            throw new InvalidBrandException(errors);
        }
    }

    private static string? MediaType(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".png" => "image/png",
        ".jpg" or ".jpeg" => "image/jpeg",
        ".svg" => "image/svg+xml",
        _ => null,
    };

    private static string DataUri(string path, byte[] content) => $"data:{MediaType(path)};base64,{Convert.ToBase64String(content)}";

    [GeneratedRegex("^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")]
    private static partial Regex HexColour();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9 \\-]{0,63}$")]
    private static partial Regex FamilyName();
}

/// <summary>The brand options cannot be used; the message lists every problem.</summary>
public sealed class InvalidBrandException(IReadOnlyList<string> errors) : Exception(string.Join(" ", errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
