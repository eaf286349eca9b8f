namespace FuncSession.Accounts;

/// <summary>
/// Passwords are 8 to 128 characters (Unicode scalar values, so an emoji counts once), any
/// characters at all, and are never truncated or case-folded.
/// </summary>
internal static class PasswordPolicy
{
    public static bool IsAcceptable(string password) => Length(password) is >= AccountDefaults.MinPasswordLength and <= AccountDefaults.MaxPasswordLength;

    /// <summary>
    /// What a login may present: anything up to the maximum. The minimum is left out so that a
    /// stricter policy later does not lock out accounts registered under the old one.
    /// </summary>
    public static bool MayBeTried(string password) => Length(password) is >= 1 and <= AccountDefaults.MaxPasswordLength;

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
