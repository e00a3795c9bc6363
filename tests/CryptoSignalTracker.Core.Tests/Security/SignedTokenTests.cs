using CryptoSignalTracker.Core.Security;
using Microsoft.Extensions.Time.Testing;

namespace CryptoSignalTracker.Core.Tests.Security;

public sealed class SignedTokenTests
{
    private static readonly byte[] Key = [.. Enumerable.Range(0, 32).Select(i => (byte)(255 - i))];
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 7, 23, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Verify_FreshToken_UserAndExpiry()
    {
        var signer = new SignedToken(Key, _clock);

        var check = signer.Verify("p", signer.Create("p", 42, TimeSpan.FromMinutes(15)));

        Assert.True(check.IsValid);
        Assert.Equal(42, check.UserId);
        Assert.Equal(_clock.GetUtcNow().AddMinutes(15), check.ExpiresAt);
    }

    [Fact]
    public void Verify_AtExpiry_RefusedOneSecondBeforeValid()
    {
        var signer = new SignedToken(Key, _clock);
        var token = signer.Create("p", 42, TimeSpan.FromMinutes(15));

        _clock.Advance(TimeSpan.FromMinutes(15) - TimeSpan.FromSeconds(1));
        Assert.True(signer.Verify("p", token).IsValid);
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("expired", signer.Verify("p", token).Reason);
    }

    [Fact]
    public void Verify_OtherPurposeOrOtherKey_BadSignature()
    {
        var signer = new SignedToken(Key, _clock);
        var token = signer.Create("link", 42, TimeSpan.FromMinutes(15));
        var otherKey = new SignedToken([.. Key.Select(b => (byte)(b ^ 1))], _clock);

        Assert.Equal("bad signature", signer.Verify("session", token).Reason);
        Assert.Equal("bad signature", otherKey.Verify("link", token).Reason);
    }

    [Fact]
    public void Verify_UserOrExpiryChanged_BadSignature()
    {
        var signer = new SignedToken(Key, _clock);
        var parts = signer.Create("p", 42, TimeSpan.FromMinutes(15)).Split('.');

        Assert.Equal("bad signature", signer.Verify("p", $"43.{parts[1]}.{parts[2]}").Reason);
        Assert.Equal("bad signature", signer.Verify("p", $"42.{long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) + 3600}.{parts[2]}").Reason);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("42")]
    [InlineData("42.1.")]
    [InlineData("-1.99999999999.abc")]
    [InlineData("42.x.abc")]
    [InlineData("42.1.a.b")]
    [InlineData("42.1.!!!")]
    public void Verify_Malformed_Refused(string? token)
    {
        Assert.Equal("malformed", new SignedToken(Key, _clock).Verify("p", token).Reason);
    }

    [Fact]
    public void Create_ShortKey_SaysHowManyBytesAreNeeded()
    {
        var error = Assert.Throws<ArgumentException>(() => new SignedToken(new byte[16]));

        Assert.Contains("16 bytes; at least 32", error.Message, StringComparison.Ordinal);
    }
}
