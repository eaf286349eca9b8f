namespace FuncSession.Accounts;

/// <summary>An account as stored: one entity per normalized user name.</summary>
internal sealed class UserRecord
{
    /// <summary>The normalized user name: the table key.</summary>
    public required string Key { get; init; }

    /// <summary>The name as registered, shown in answers.</summary>
    public required string Name { get; set; }

    /// <summary>ASP.NET Core Identity's V3 hash: format marker, PRF, iteration count, salt and subkey in one base64 string.</summary>
    public required string PasswordHash { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>
    /// Counts the user's "log out everywhere": a login that began under an earlier count does not
    /// finish, so no login in flight when all sessions were ended survives it.
    /// </summary>
    public long SessionEpoch { get; set; }

    /// <summary>
    /// Set when the account was deleted: the record stays as a tombstone with no password, so the
    /// name stays taken (see <see cref="AccountService.DeletedNameReservation"/>) and no login succeeds.
    /// </summary>
    public DateTimeOffset? DeletedAt { get; set; }

    /// <summary>The storage version (ETag) this record was read at; null for a new record.</summary>
    public string? Version { get; set; }
}
