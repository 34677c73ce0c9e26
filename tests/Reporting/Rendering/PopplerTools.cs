using System.Diagnostics;
using System.Globalization;

namespace ReportForge.Reporting.Tests.Rendering;

/// <summary>Reads PDFs back the way a user would check them: poppler's pdftotext, pdfinfo, pdftoppm and pdftohtml.</summary>
internal static class PopplerTools
{
    public static async Task<string> RunAsync(string tool, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            ArgumentList = { },
        }.WithArguments(args)) ?? throw new InvalidOperationException($"{tool} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} {string.Join(' ', args)} failed ({process.ExitCode}): {await error}");
        }

        return await output;
    }

    private static ProcessStartInfo WithArguments(this ProcessStartInfo info, string[] args)
    {
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return info;
    }

    public static async Task<string> PageTextAsync(string pdf, int page) =>
        await RunAsync("pdftotext", "-layout", "-f", page.ToString(CultureInfo.InvariantCulture), "-l", page.ToString(CultureInfo.InvariantCulture), pdf, "-");

    public static async Task<IReadOnlyList<string>> PagesTextAsync(string pdf)
    {
        var count = await PageCountAsync(pdf);
        var pages = new List<string>();
        for (var i = 1; i <= count; i++)
        {
            pages.Add(await PageTextAsync(pdf, i));
        }

        return pages;
    }

    public static async Task<Dictionary<string, string>> InfoAsync(string pdf)
    {
        var text = await RunAsync("pdfinfo", "-isodates", pdf);
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(':', 2))
            .Where(parts => parts.Length == 2)
            .ToDictionary(parts => parts[0].Trim(), parts => parts[1].Trim(), StringComparer.Ordinal);
    }

    public static async Task<int> PageCountAsync(string pdf) => int.Parse((await InfoAsync(pdf))["Pages"], CultureInfo.InvariantCulture);

    /// <summary>The document outline as (level, title, page), from pdftohtml's XML.</summary>
    public static async Task<IReadOnlyList<(int Level, string Title, int Page)>> OutlineAsync(string pdf)
    {
        var xml = await RunAsync("pdftohtml", "-xml", "-i", "-stdout", "-q", pdf);
        var document = System.Xml.Linq.XDocument.Parse(xml, System.Xml.Linq.LoadOptions.None);
        var items = new List<(int, string, int)>();
        var root = document.Root?.Element("outline");
        if (root is not null)
        {
            Walk(root, 1, items);
        }

        return items;
    }

    private static void Walk(System.Xml.Linq.XElement outline, int level, List<(int, string, int)> items)
    {
        foreach (var element in outline.Elements())
        {
            if (element.Name == "item")
            {
                items.Add((level, element.Value.Trim(), int.Parse(element.Attribute("page")?.Value ?? "0", CultureInfo.InvariantCulture)));
            }
            else if (element.Name == "outline")
            {
                Walk(element, level + 1, items);
            }
        }
    }

    /// <summary>Page <paramref name="page"/> as an 8-bit grey image at <paramref name="dpi"/>.</summary>
    public static async Task<GrayImage> RasterAsync(string pdf, int page, int dpi, string workFolder)
    {
        var prefix = Path.Combine(workFolder, "page-" + Guid.NewGuid().ToString("N")[..8]);
        var p = page.ToString(CultureInfo.InvariantCulture);
        await RunAsync("pdftoppm", "-gray", "-r", dpi.ToString(CultureInfo.InvariantCulture), "-f", p, "-l", p, "-singlefile", pdf, prefix);
        return GrayImage.ReadPgm(await File.ReadAllBytesAsync(prefix + ".pgm"));
    }
}
