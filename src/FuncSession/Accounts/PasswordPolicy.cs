using System.Text;

namespace FuncSession.Accounts;

/// <summary>
/// Passwords are 8 to 128 characters (Unicode scalar values, so an emoji counts once), any text at
/// all, and are never truncated or case-folded. A new password must also not be one of the most
/// common ones (<see cref="CommonPasswords"/>), as NIST SP 800-63B asks.
/// </summary>
internal static class PasswordPolicy
{
    /// <summary>
    /// The check for a password being set (registration, and any later password change): null when
    /// it is acceptable, else the rule it breaks.
    /// </summary>
    public static PasswordRule? CheckNew(string password)
    {
        if (Length(password) is < AccountDefaults.MinPasswordLength or > AccountDefaults.MaxPasswordLength)
        {
            return PasswordRule.Length;
        }
        if (!IsText(password))
        {
            return PasswordRule.NotText;
        }
        return CommonPasswords.Contains(password) ? PasswordRule.Common : null;
    }

    /// <summary>
    /// What a login may present: any text up to the maximum. The minimum and the common-password
    /// list are left out so that a stricter policy later does not lock out accounts registered
    /// under the old one. Text is required: no such password was ever registered, and hashing
    /// normalizes it, which would throw.
    /// </summary>
    public static bool MayBeTried(string password) => Length(password) is >= 1 and <= AccountDefaults.MaxPasswordLength && IsText(password);

    /// <summary>
    /// False for noncharacters and lone surrogates: not text to interchange, and refused by
    /// Unicode normalization (which throws on U+FFFE and on lone surrogates).
    /// </summary>
    public static bool IsText(string value)
    {
        for (var i = 0; i < value.Length;)
        {
            if (Rune.DecodeFromUtf16(value.AsSpan(i), out var rune, out var used) != System.Buffers.OperationStatus.Done || IsNoncharacter(rune.Value))
            {
                return false;
            }
            i += used;
        }
        return true;
    }

    /// <summary>U+FDD0..U+FDEF and the last two code points of every plane.</summary>
    public static bool IsNoncharacter(int codePoint) => codePoint is >= 0xFDD0 and <= 0xFDEF || (codePoint & 0xFFFE) == 0xFFFE;

    private static int Length(string password)
    {
        if (password.Length > AccountDefaults.MaxPasswordLength * 2)
        {
            return int.MaxValue;
        }
        var count = 0;
        foreach (var _ in password.EnumerateRunes())
        {
            count++;
        }
        return count;
    }
}
