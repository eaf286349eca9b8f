using System.Text.RegularExpressions;
using FsCheck.Xunit;
using FuncSession.Http;

namespace FuncSession.HardeningTests.Properties;

/// <summary>The key rule of the contract, 1 to 128 of <c>A-Z a-z 0-9 . _ : -</c>, against a regular expression.</summary>
[Properties(Arbitrary = [typeof(Generators)], MaxTest = 2000)]
public sealed partial class SessionKeysProperties
{
    [GeneratedRegex("^[A-Za-z0-9._:-]{1,128}$", RegexOptions.CultureInvariant)]
    private static partial Regex ContractRule();

    [Property]
    public bool AKeyIsValidExactlyWhenTheContractSaysSo(KeyCandidate key) =>
        SessionKeys.IsValid(key.Value) == (ContractRule().IsMatch(key.Value) && !key.Value.EndsWith('\n'));

    [Fact]
    public void NoKeyIsNotAKey() => Assert.False(SessionKeys.IsValid(null));
}
