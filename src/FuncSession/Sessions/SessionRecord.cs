namespace FuncSession.Sessions;

/// <summary>A session as the service sees it: its values (a JSON object in UTF-8) and its lifetimes.</summary>
internal sealed class SessionRecord
{
    public static readonly byte[] EmptyValues = "{}"u8.ToArray();

    /// <summary>The table key: hex SHA-256 of the session id.</summary>
    public required string Key { get; init; }

    /// <summary>The values as one UTF-8 JSON object.</summary>
    public byte[] Values { get; set; } = EmptyValues;

    /// <summary>The user name as registered, when a user is logged in.</summary>
    public string? User { get; set; }

    /// <summary>The normalized user name (the Users table key), when a user is logged in.</summary>
    public string? UserKey { get; set; }

    public DateTimeOffset? AuthenticatedAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset LastSeenAt { get; set; }

    /// <summary>When the session ends if it is not used again.</summary>
    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>The hard end of a non-permanent session, however often it is used.</summary>
    public DateTimeOffset AbsoluteExpiresAt { get; set; }

    public bool Permanent { get; set; }

    /// <summary>
    /// A login's new session before the login finished: nobody holds its id yet, so it serves no
    /// request and no list shows it. Unless the login finishes, it expires within minutes.
    /// </summary>
    public bool Pending { get; set; }

    /// <summary>
    /// Set when a login moved this session's client to a new session: the key of that session. The
    /// id no longer names a usable session; a repeated login with it finds the values again.
    /// </summary>
    public string? RotatedTo { get; set; }

    /// <summary>The expiry-index partition this session's current expiry is indexed in.</summary>
    public string? IndexBucket { get; set; }

    /// <summary>The storage version (ETag) this record was read at; null for a new record.</summary>
    public string? Version { get; set; }

    public SessionRecord Clone() => (SessionRecord)MemberwiseClone();
}
