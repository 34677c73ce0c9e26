using System.Text;
using ReportForge.Scheduler.Delivery.Email;

namespace ReportForge.Scheduler.Tests.Delivery.Email;

public sealed class SmtpWireTests
{
    [Theory]
    [InlineData(".hidden\r\nline\r\n", "..hidden\r\nline\r\n")]
    [InlineData("a\r\n.\r\nb\r\n", "a\r\n..\r\nb\r\n")]
    [InlineData("no dots\r\n", "no dots\r\n")]
    [InlineData("ends without crlf", "ends without crlf\r\n")]
    public void DotStuff_doubles_a_leading_dot_so_no_line_can_end_the_data(string input, string expected)
    {
        Assert.Equal(expected, Encoding.ASCII.GetString(SmtpMailer.DotStuff(Encoding.ASCII.GetBytes(input))));
    }

    [Fact]
    public void Mime_message_encodes_a_non_ascii_subject_and_keeps_crlf_line_ends()
    {
        var bytes = MimeMessageWriter.Write(new EmailMessage("a@x.test", "b@x.test", "Brief – 3 février", "<p>hi</p>", "<id@x.test>",
            DateTimeOffset.UnixEpoch, null, [new EmailAttachment("b.pdf", "application/pdf", [1, 2, 3])]));
        var text = Encoding.ASCII.GetString(bytes);

        Assert.Contains("Subject: =?utf-8?B?", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", text.Replace("\r\n", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("Content-Disposition: attachment; filename=\"b.pdf\"", text, StringComparison.Ordinal);
    }
}
