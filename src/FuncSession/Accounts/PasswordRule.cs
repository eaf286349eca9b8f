namespace FuncSession.Accounts;

/// <summary>Which part of the password rule a password breaks.</summary>
internal enum PasswordRule
{
    /// <summary>Fewer than 8 or more than 128 characters.</summary>
    Length,

    /// <summary>
    /// It is not text: it holds a Unicode noncharacter (U+FFFE, U+FFFF, U+FDD0..U+FDEF, …) or a lone
    /// surrogate, which Unicode normalization refuses.
    /// </summary>
    NotText,

    /// <summary>It is one of the most common passwords, the first ones an attacker tries.</summary>
    Common,
}
