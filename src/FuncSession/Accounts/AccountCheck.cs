namespace FuncSession.Accounts;

/// <summary>What a password check of a logged-in user (change password, delete account) came to.</summary>
internal enum AccountCheckOutcome
{
    /// <summary>The password matched and the change was made.</summary>
    Done,

    /// <summary>The change had been made already by an earlier request whose answer was lost: go on with the rest.</summary>
    Repeated,

    /// <summary>The password is wrong; counted as a failed login.</summary>
    WrongPassword,

    /// <summary>The name is locked after failed logins; the attempt was counted, the password not checked.</summary>
    Locked,

    /// <summary>The account does not exist (any more).</summary>
    Gone,
}

/// <summary>A <see cref="AccountCheckOutcome"/>, with how long the name stays locked when it is <see cref="AccountCheckOutcome.Locked"/>.</summary>
internal readonly record struct AccountCheck(AccountCheckOutcome Outcome, TimeSpan? RetryAfter = null);
