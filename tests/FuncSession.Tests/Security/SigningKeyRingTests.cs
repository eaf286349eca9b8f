using FuncSession.Security;

namespace FuncSession.Tests.Security;

public sealed class SigningKeyRingTests
{
    private static readonly string Key32 = Convert.ToBase64String(new byte[32]);
    private static readonly string Key48 = Convert.ToBase64String(Enumerable.Range(0, 48).Select(i => (byte)i).ToArray());

    [Fact]
    public void KeysAreReadInOrderFromACommaSeparatedList()
    {
        Assert.True(SigningKeyRing.TryParse($"{Key48}, {Key32}", out var keys, out _));

        Assert.Equal(2, keys.Length);
        Assert.Equal(48, keys[0].Length);
        Assert.Equal(32, keys[1].Length);
    }

    [Fact]
    public void Base64UrlKeysAreAccepted()
    {
        var url = Key48.Replace('+', '-').Replace('/', '_').TrimEnd('=');

        Assert.True(SigningKeyRing.TryParse(url, out var keys, out _));
        Assert.Equal(48, Assert.Single(keys).Length);
    }

    [Theory]
    [InlineData(null, "is not set")]
    [InlineData("", "is not set")]
    [InlineData(" , ", "is not set")]
    [InlineData("c2hvcnQ=", "at least 32")]
    [InlineData("!!!notbase64!!!", "not base64")]
    public void MissingShortOrMalformedKeysAreRefused(string? value, string expected)
    {
        Assert.False(SigningKeyRing.TryParse(value, out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }
}
