using FuncSession.Http;

namespace FuncSession.Tests.Http;

public sealed class SessionKeysTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("cart")]
    [InlineData("user.profile:v2")]
    [InlineData("A-Z_a-z.0-9:")]
    public void AllowedKeysAreValid(string key) => Assert.True(SessionKeys.IsValid(key));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("a b")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("é")]
    [InlineData("a\0")]
    [InlineData("😀")]
    [InlineData("key;")]
    public void OtherKeysAreInvalid(string? key) => Assert.False(SessionKeys.IsValid(key));

    [Fact]
    public void KeysMayHaveUpTo128Characters()
    {
        Assert.True(SessionKeys.IsValid(new string('k', 128)));
        Assert.False(SessionKeys.IsValid(new string('k', 129)));
    }
}
