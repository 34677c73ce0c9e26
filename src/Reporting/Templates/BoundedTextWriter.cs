using System.Diagnostics;
using System.Text;

namespace ReportForge.Reporting.Templates;

/// <summary>Collects a render's output and stops it, by throwing from the next write, once it writes too much, runs past its deadline or is cancelled.</summary>
internal sealed class BoundedTextWriter(RenderLimits limits, CancellationToken cancellationToken) : TextWriter(BriefFormat.Culture)
{
    private readonly StringBuilder _text = new(16 * 1024);
    private readonly long _deadline = Stopwatch.GetTimestamp() + (long)(limits.Timeout.TotalSeconds * Stopwatch.Frequency);

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        _text.Append(value);
        Check();
    }

    public override void Write(string? value)
    {
        _text.Append(value);
        Check();
    }

    public override void Write(char[] buffer, int index, int count)
    {
        _text.Append(buffer, index, count);
        Check();
    }

    public override void Write(ReadOnlySpan<char> buffer)
    {
        _text.Append(buffer);
        Check();
    }

    public override string ToString() => _text.ToString();

    private void Check()
    {
        if (_text.Length > limits.MaxChars)
        {
            throw new TemplateLimitException(
                $"the brief grew past {limits.MaxChars.ToString("#,0", BriefFormat.Culture)} characters; a template repeats itself or prints a list without end");
        }

        if (cancellationToken.IsCancellationRequested || Stopwatch.GetTimestamp() > _deadline)
        {
            throw new TemplateLimitException($"rendering ran past {limits.Timeout.TotalSeconds.ToString("0.###", BriefFormat.Culture)} s; a template loops or does far too much work");
        }
    }
}

/// <summary>A render was stopped for running too long or writing too much.</summary>
public sealed class TemplateLimitException(string message) : Exception(message);
