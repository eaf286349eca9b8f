using System.Globalization;
using System.Text;

namespace FuncSession.Accounts;

/// <summary>
/// The user-name rule: 1 to 64 characters of letters (with their combining marks), decimal digits
/// and <c>. _ - @</c>, any script. Names are compared after NFKC normalization and case folding,
/// so "Alice", "ALICE" and "ａｌｉｃｅ" are one account. The folded form must obey the same rule,
/// which also keeps it a valid Table Storage key (no <c>/ \ # ?</c>, no control characters, short).
/// A new name must also be visible and in one script (<see cref="CheckNew"/>), so that a
/// look-alike of a registered name cannot be registered.
/// </summary>
internal static class UserNames
{
    /// <summary>False when the process runs without ICU (globalization-invariant mode), where normalization is a no-op.</summary>
    public static readonly bool NormalizationWorks = "\uFF41".Normalize(NormalizationForm.FormKC) == "a";

    public static bool TryCreate(string? value, out UserName name)
    {
        name = default;
        // A rune is at most two UTF-16 units, so anything longer cannot pass; say no before looking closer.
        if (value is null || value.Length > AccountDefaults.MaxUserNameLength * 2 || !Obeys(value))
        {
            return false;
        }
        var key = Fold(value);
        if (!Obeys(key))
        {
            return false;
        }
        name = new UserName(value, key);
        return true;
    }

    /// <summary>
    /// The check for a name being registered: <see cref="TryCreate"/>'s rule, no default-ignorable
    /// code points, and one script (Unicode TS #39 single-script, for the name as typed and as
    /// compared). Null when the name is acceptable, else the rule it breaks. Logins check only
    /// <see cref="TryCreate"/>'s rule, so names registered before these checks still log in.
    /// </summary>
    public static UserNameRule? CheckNew(string? value, out UserName name)
    {
        name = default;
        if (value is null || value.Length > AccountDefaults.MaxUserNameLength * 2)
        {
            return UserNameRule.Shape;
        }
        foreach (var rune in value.EnumerateRunes())
        {
            if (UnicodeScripts.IsDefaultIgnorable(rune.Value))
            {
                return UserNameRule.DefaultIgnorable;
            }
        }
        if (!TryCreate(value, out var candidate))
        {
            return UserNameRule.Shape;
        }
        if (!UnicodeScripts.IsSingleScript(candidate.Display) || !UnicodeScripts.IsSingleScript(candidate.Key))
        {
            return UserNameRule.MixedScripts;
        }
        name = candidate;
        return null;
    }

    /// <summary>NFKC, then case folding (upper then lower, so final sigma and its kin meet), then NFKC again.</summary>
    public static string Fold(string value) =>
        value.Normalize(NormalizationForm.FormKC).ToUpperInvariant().ToLowerInvariant().Normalize(NormalizationForm.FormKC);

    /// <summary>True when every character is allowed and there are 1 to 64 of them; lone surrogates are not.</summary>
    private static bool Obeys(string value)
    {
        var count = 0;
        foreach (var rune in value.EnumerateRunes())
        {
            if (++count > AccountDefaults.MaxUserNameLength || !Allowed(rune, first: count == 1))
            {
                return false;
            }
        }
        return count >= AccountDefaults.MinUserNameLength;
    }

    private static bool Allowed(Rune rune, bool first) => Rune.GetUnicodeCategory(rune) switch
    {
        UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
            or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.DecimalDigitNumber => true,
        // Combining marks belong to the letter before them (Devanagari vowel signs, decomposed accents).
        UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark => !first,
        _ => rune.Value is '.' or '_' or '-' or '@',
    };
}
