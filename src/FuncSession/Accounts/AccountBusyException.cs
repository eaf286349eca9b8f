namespace FuncSession.Accounts;

/// <summary>
/// A write to an account's own records (its login-attempt counter, its session epoch) lost to
/// concurrent writers more often than allowed. Nothing was changed; the request may be repeated.
/// Not a session conflict: the session's values are not involved, and the client's session may be
/// idle.
/// </summary>
internal sealed class AccountBusyException(string record, int attempts)
    : Exception($"The account's {record} was changed by other requests {attempts} times in a row; try again.");
