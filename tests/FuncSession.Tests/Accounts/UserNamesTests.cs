using FuncSession.Accounts;

namespace FuncSession.Tests.Accounts;

public sealed class UserNamesTests
{
    [Theory]
    [InlineData("Alice", "alice")]
    [InlineData("ALICE", "alice")]
    [InlineData("ａｌｉｃｅ", "alice")]                 // full-width
    [InlineData("\u212Aelvin", "kelvin")]          // Kelvin sign
    [InlineData("e\u0301te\u0301", "\u00e9t\u00e9")] // decomposed accents compose
    [InlineData("ΣΊΣΥΦΟΣ", "σίσυφοσ")]
    [InlineData("σίσυφος", "σίσυφοσ")]              // final sigma folds with capital sigma
    [InlineData("Zoë.O'Neil", null)]
    [InlineData("first.last@example.com", "first.last@example.com")]
    [InlineData("user_name-1", "user_name-1")]
    [InlineData("अनिल", "अनिल")]                     // vowel signs are combining marks
    [InlineData("日本語", "日本語")]
    [InlineData("𐐀x", "𐐨x")]                       // letters outside the BMP
    public void NamesAreNormalizedAndCaseFolded(string name, string? key)
    {
        var valid = UserNames.TryCreate(name, out var userName);

        Assert.Equal(key is not null, valid);
        if (key is not null)
        {
            Assert.Equal(name, userName.Display);
            Assert.Equal(key, userName.Key);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("al ice")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("a#b")]
    [InlineData("a?b")]
    [InlineData("a\u0000b")]
    [InlineData("a\tb")]
    [InlineData("a\u200Db")]                         // zero-width joiner
    [InlineData("a\u202Eb")]                         // right-to-left override
    [InlineData("\u0301a")]                          // a mark with nothing to sit on
    [InlineData("\ud800")]                           // lone surrogate
    [InlineData("\uFDFA")]                           // a letter that normalizes into words with spaces
    [InlineData("①")]                               // not a decimal digit
    [InlineData("😀")]
    public void NamesOutsideTheRuleAreRefused(string name)
    {
        Assert.False(UserNames.TryCreate(name, out _));
    }

    [Fact]
    public void SixtyFourCharactersAreTheLimitCountedAsCharactersNotUtf16Units()
    {
        Assert.True(UserNames.TryCreate(new string('a', 64), out _));
        Assert.False(UserNames.TryCreate(new string('a', 65), out _));
        Assert.True(UserNames.TryCreate(string.Concat(Enumerable.Repeat("𐐨", 64)), out _));
        Assert.False(UserNames.TryCreate(string.Concat(Enumerable.Repeat("𐐨", 65)), out _));
        Assert.False(UserNames.TryCreate(new string('a', 1024 * 1024), out _));
    }

    [Theory]
    [InlineData("p\u0430ypal", "MixedScripts")]
    [InlineData("\u0391lice", "MixedScripts")]
    [InlineData("\U0001D41Aпр", "MixedScripts")]   // a math letter folds to Latin 'a' next to Cyrillic
    [InlineData("bob\u3164", "DefaultIgnorable")]
    [InlineData("bo\u034Fb", "DefaultIgnorable")]
    [InlineData("a\u200Db", "DefaultIgnorable")]
    [InlineData("al ice", "Shape")]
    [InlineData("", "Shape")]
    [InlineData("алиса", null)]
    [InlineData("Zoë_2", null)]
    [InlineData("山田たろう", null)]
    public void ANewNameMustBeVisibleAndInOneScript(string name, string? broken)
    {
        Assert.Equal(broken, UserNames.CheckNew(name, out var userName)?.ToString());
        Assert.Equal(broken is null ? name : null, userName.Display);
    }

    [Fact]
    public void ALoginStillTakesAMixedScriptNameRegisteredBeforeTheRule()
    {
        Assert.True(UserNames.TryCreate("p\u0430ypal", out var name));
        Assert.Equal("p\u0430ypal", name.Key);
    }

    [Fact]
    public void NormalizationWorksInThisProcess()
    {
        Assert.True(UserNames.NormalizationWorks);
    }
}
