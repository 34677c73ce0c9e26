using ReportForge.Scheduler.Dashboard.SignIn;

namespace ReportForge.Scheduler.Tests.Dashboard;

public sealed class PasswordHasherTests
{
    [Fact]
    public void A_hash_verifies_its_password_only_and_is_salted()
    {
        var first = PasswordHasher.Hash("correct horse battery staple", 10_000);
        var second = PasswordHasher.Hash("correct horse battery staple", 10_000);
        Assert.NotEqual(first, second);
        Assert.StartsWith("pbkdf2-sha256$10000$", first, StringComparison.Ordinal);
        Assert.True(PasswordHasher.Verify("correct horse battery staple", first));
        Assert.True(PasswordHasher.Verify("correct horse battery staple", second));
        Assert.False(PasswordHasher.Verify("correct horse battery stapler", first));
    }

    [Theory]
    [InlineData("")]
    [InlineData("plain-text-password")]
    [InlineData("pbkdf2-sha256$10$c2FsdHNhbHQ=$aGFzaGhhc2hoYXNoaGFzaA==")]
    [InlineData("pbkdf2-sha256$10000$not base64$aGFzaA==")]
    [InlineData("md5$10000$c2FsdHNhbHQ=$aGFzaGhhc2hoYXNoaGFzaA==")]
    public void A_malformed_hash_is_refused_and_never_matches(string stored)
    {
        Assert.False(PasswordHasher.IsWellFormed(stored));
        Assert.False(PasswordHasher.Verify("anything", stored));
    }
}
