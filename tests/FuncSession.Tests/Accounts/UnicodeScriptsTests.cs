using System.Globalization;
using FuncSession.Accounts;

namespace FuncSession.Tests.Accounts;

public sealed class UnicodeScriptsTests
{
    [Theory]
    [InlineData('a', "Latn")]
    [InlineData('\u0430', "Cyrl")]      // Cyrillic small a
    [InlineData('\u03B1', "Grek")]
    [InlineData('1', "Zyyy")]
    [InlineData('.', "Zyyy")]
    [InlineData('\u0301', "Zinh")]      // combining acute
    [InlineData('\u30FC', "Hira Kana")] // prolonged sound mark: its Script_Extensions
    [InlineData('\u0378', "Zzzz")]      // unassigned
    public void ScriptsComeFromTheGeneratedData(char c, string scripts)
    {
        Assert.Equal(scripts, string.Join(" ", UnicodeScripts.Of(c)));
    }

    [Fact]
    public void TheGeneratedRunsCoverEveryCodePointInOrder()
    {
        var starts = UnicodeScriptData.RunStarts;
        Assert.Equal(0, starts[0]);
        Assert.Equal(starts.Length, UnicodeScriptData.RunSets.Length);
        Assert.All(starts.Zip(starts.Skip(1)), pair => Assert.True(pair.First < pair.Second));
        Assert.InRange(starts[^1], 0, 0x10FFFF);
        Assert.All(UnicodeScriptData.RunSets, set => Assert.InRange(set, 0, UnicodeScriptData.Sets.Length - 1));
        var bounds = UnicodeScriptData.DefaultIgnorableBounds;
        Assert.Equal(0, bounds.Length % 2);
        Assert.All(bounds.Zip(bounds.Skip(1)), pair => Assert.True(pair.First < pair.Second));
    }

    [Fact]
    public void EveryCodePointTheDataAssignsToAScriptIsAssignedInDotNetToo()
    {
        // .NET's own tables are of the same or a later Unicode version: the two sources agree.
        var disagreements = Enumerable.Range(0, 0x110000)
            .Where(cp => cp is < 0xD800 or > 0xDFFF)
            .Where(cp => UnicodeScripts.Of(cp) is not ["Zzzz"] && CharUnicodeInfo.GetUnicodeCategory(cp) == UnicodeCategory.OtherNotAssigned)
            .Take(10)
            .ToList();

        Assert.Empty(disagreements);
    }

    [Theory]
    [InlineData('\u00AD')]  // soft hyphen
    [InlineData('\u034F')]  // combining grapheme joiner
    [InlineData('\u200B')]
    [InlineData('\u200D')]
    [InlineData('\u3164')]  // Hangul filler
    [InlineData('\uFE0F')]
    [InlineData('\uFFA0')]
    public void InvisibleCodePointsAreDefaultIgnorable(char c)
    {
        Assert.True(UnicodeScripts.IsDefaultIgnorable(c));
    }

    [Theory]
    [InlineData('a')]
    [InlineData('\u0301')]
    [InlineData('\u3131')] // a visible Hangul letter
    [InlineData(' ')]
    public void VisibleCodePointsAreNot(char c)
    {
        Assert.False(UnicodeScripts.IsDefaultIgnorable(c));
    }

    [Theory]
    [InlineData("alice", true)]
    [InlineData("alice.smith-2@example", true)]
    [InlineData("алиса", true)]
    [InlineData("\u0430lice", false)]          // Cyrillic а in a Latin name
    [InlineData("\u0391lpha", false)]          // Greek Α
    [InlineData("e\u0301te\u0301", true)]      // combining marks are Inherited
    [InlineData("山田たろう", true)]             // Han + Hiragana: Japanese
    [InlineData("カタカナとひらがな", true)]
    [InlineData("한국漢字", true)]               // Hangul + Han: Korean
    [InlineData("ㄅㄆ漢字", true)]               // Bopomofo + Han
    [InlineData("ひらがな한국", false)]           // Japanese kana with Hangul
    [InlineData("abc\u0378", false)]           // unknown to the data
    [InlineData("12345", true)]
    public void SingleScriptFollowsTheAugmentedScriptSetsOfTs39(string text, bool single)
    {
        Assert.Equal(single, UnicodeScripts.IsSingleScript(text));
    }
}
