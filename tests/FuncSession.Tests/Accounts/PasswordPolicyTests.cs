using System.Text;
using FuncSession.Accounts;

namespace FuncSession.Tests.Accounts;

public sealed class PasswordPolicyTests
{
    [Theory]
    [InlineData("password")]
    [InlineData("PASSWORD")]
    [InlineData("Password1")]
    [InlineData("12345678")]
    [InlineData("ｐａｓｓｗｏｒｄ")]            // full width normalizes to the listed one
    [InlineData("baseball")]
    public void ACommonPasswordIsRefusedAsANewPassword(string password)
    {
        Assert.Equal(PasswordRule.Common, PasswordPolicy.CheckNew(password));
    }

    [Theory]
    [InlineData("correct horse battery staple")]
    [InlineData("🔑🔑🔑🔑🔑🔑🔑🔑")]
    [InlineData("Tr0ub4dor&3 but longer")]
    public void AnUncommonPasswordIsAccepted(string password)
    {
        Assert.Null(PasswordPolicy.CheckNew(password));
    }

    [Theory]
    [InlineData("")]
    [InlineData("1234567")]
    [InlineData("a\u0301b\u0301c\u0301d")]  // 7 scalar values
    public void ShortPasswordsBreakTheLengthRule(string password)
    {
        Assert.Equal(PasswordRule.Length, PasswordPolicy.CheckNew(password));
    }

    [Fact]
    public void ALoginMayPresentACommonOrShortPasswordSoOlderAccountsStillLogIn()
    {
        Assert.True(PasswordPolicy.MayBeTried("password"));
        Assert.True(PasswordPolicy.MayBeTried("short"));
        Assert.False(PasswordPolicy.MayBeTried(""));
        Assert.False(PasswordPolicy.MayBeTried(new string('p', AccountDefaults.MaxPasswordLength + 1)));
    }

    [Theory]
    [InlineData("long enough \uFFFE")]
    [InlineData("long enough \uFFFF")]
    [InlineData("long enough \uFDD0")]
    [InlineData("long enough \uFDEF")]
    [InlineData("long enough \U0001FFFE")]
    [InlineData("long enough \U0010FFFF")]
    public void NoncharactersAreNotTextAtRegistrationOrLogin(string password)
    {
        Assert.Equal(PasswordRule.NotText, PasswordPolicy.CheckNew(password));
        Assert.False(PasswordPolicy.MayBeTried(password));
    }

    [Fact]
    public void LoneSurrogatesAreNotTextAtRegistrationOrLogin()
    {
        // Built here, not as theory data, which the test runner would pass through UTF-8 and replace.
        foreach (var password in new[] { "long enough " + '\uD800', "long enough " + '\uDC00' + " x", '\uDBFF' + "long enough" })
        {
            Assert.Equal(PasswordRule.NotText, PasswordPolicy.CheckNew(password));
            Assert.False(PasswordPolicy.MayBeTried(password));
        }
    }

    [Fact]
    public void EveryCodePointThePolicyAdmitsCanBeNormalizedAsHashingDoes()
    {
        // U+FFFE made normalization throw inside the hasher, which answered 500: the policy must
        // stop every code point that normalization refuses before a password reaches the hasher.
        var refusedByNormalization = new List<int>();
        for (var codePoint = 0; codePoint <= 0x10FFFF; codePoint++)
        {
            var text = codePoint is >= 0xD800 and <= 0xDFFF ? "pass" + (char)codePoint : "pass" + char.ConvertFromUtf32(codePoint);
            if (!PasswordPolicy.MayBeTried(text))
            {
                continue;
            }
            try
            {
                _ = text.Normalize(NormalizationForm.FormKC);
            }
            catch (ArgumentException)
            {
                refusedByNormalization.Add(codePoint);
            }
        }

        Assert.Empty(refusedByNormalization);
    }

    [Fact]
    public void TheListIsZxcvbnsRankedListMostCommonFirst()
    {
        Assert.Equal(["123456", "password", "12345678"], CommonPasswords.Read(3));
        Assert.Equal(AccountDefaults.CommonPasswordCount, CommonPasswords.Read(AccountDefaults.CommonPasswordCount).Count);
        // Entries that differ only in case count once.
        Assert.InRange(CommonPasswords.Count, 3_000, AccountDefaults.CommonPasswordCount);
    }
}
