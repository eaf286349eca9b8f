using Azure.Data.Tables;
using FuncSession.Cleanup;
using FuncSession.Sessions;

namespace FuncSession.Storage;

/// <summary>
/// The schema of the Sessions table, declared once: one entity per session, PartitionKey and
/// RowKey both the session key, the values as UTF-8 JSON split over binary columns of at most
/// 64 KiB. The session store writes and reads whole entities with it; the sweep reads only the
/// columns that decide whether a session has expired.
/// </summary>
internal static class SessionEntity
{
    public const string CreatedAt = nameof(CreatedAt);
    public const string LastSeenAt = nameof(LastSeenAt);
    public const string ExpiresAt = nameof(ExpiresAt);
    public const string AbsoluteExpiresAt = nameof(AbsoluteExpiresAt);
    public const string Permanent = nameof(Permanent);
    public const string User = nameof(User);
    public const string UserKey = nameof(UserKey);
    public const string AuthenticatedAt = nameof(AuthenticatedAt);
    public const string IndexBucket = nameof(IndexBucket);
    public const string Pending = nameof(Pending);
    public const string RotatedTo = nameof(RotatedTo);

    /// <summary>How many value columns follow.</summary>
    public const string ChunkCount = "Chunks";

    /// <summary>The value columns are V0, V1, ...: binary properties hold at most 64 KiB each.</summary>
    public const string ChunkPrefix = "V";

    public const int ChunkBytes = 64 * 1024;

    /// <summary>What the sweep reads of a session: enough to decide that it expired and where it is indexed.</summary>
    public static readonly IReadOnlyList<string> SweepColumns = [ExpiresAt, IndexBucket, UserKey];

    private static readonly string[] ChunkNames = Enumerable.Range(0, SessionDefaults.StorageMaxSessionBytes / ChunkBytes + 1)
        .Select(i => ChunkPrefix + i)
        .ToArray();

    /// <summary>
    /// A session's RowKey is its key again, not a constant: Table Storage finds an entity by both
    /// keys either way, but Azurite looks an entity up by RowKey first, so a shared RowKey would
    /// make every local point read scan the whole table.
    /// </summary>
    public static string RowKeyFor(string key) => key;

    public static TableEntity From(SessionRecord session)
    {
        var entity = new TableEntity(session.Key, RowKeyFor(session.Key))
        {
            [CreatedAt] = session.CreatedAt,
            [LastSeenAt] = session.LastSeenAt,
            [ExpiresAt] = session.ExpiresAt,
            [AbsoluteExpiresAt] = session.AbsoluteExpiresAt,
            [Permanent] = session.Permanent,
        };
        if (session.User is not null)
        {
            entity[User] = session.User;
            entity[UserKey] = session.UserKey;
            entity[AuthenticatedAt] = session.AuthenticatedAt;
        }
        if (session.IndexBucket is not null)
        {
            entity[IndexBucket] = session.IndexBucket;
        }
        if (session.Pending)
        {
            entity[Pending] = true;
        }
        if (session.RotatedTo is not null)
        {
            entity[RotatedTo] = session.RotatedTo;
        }

        var values = session.Values;
        var chunks = (values.Length + ChunkBytes - 1) / ChunkBytes;
        entity[ChunkCount] = chunks;
        for (var i = 0; i < chunks; i++)
        {
            var start = i * ChunkBytes;
            entity[ChunkNames[i]] = values.AsSpan(start, Math.Min(ChunkBytes, values.Length - start)).ToArray();
        }
        return entity;
    }

    public static SessionRecord ToSession(TableEntity entity)
    {
        var chunks = entity.GetInt32(ChunkCount) ?? 0;
        byte[] values;
        if (chunks == 1)
        {
            values = entity.GetBinary(ChunkNames[0]);
        }
        else
        {
            var parts = new byte[chunks][];
            for (var i = 0; i < chunks; i++)
            {
                parts[i] = entity.GetBinary(ChunkNames[i]);
            }
            values = parts.Length == 0 ? SessionRecord.EmptyValues : [.. parts.SelectMany(p => p)];
        }

        return new SessionRecord
        {
            Key = entity.PartitionKey,
            Values = values,
            User = entity.GetString(User),
            UserKey = entity.GetString(UserKey),
            AuthenticatedAt = entity.GetDateTimeOffset(AuthenticatedAt),
            CreatedAt = entity.GetDateTimeOffset(CreatedAt) ?? default,
            LastSeenAt = entity.GetDateTimeOffset(LastSeenAt) ?? default,
            ExpiresAt = entity.GetDateTimeOffset(ExpiresAt) ?? default,
            AbsoluteExpiresAt = entity.GetDateTimeOffset(AbsoluteExpiresAt) ?? default,
            Permanent = entity.GetBoolean(Permanent) ?? false,
            IndexBucket = entity.GetString(IndexBucket),
            Pending = entity.GetBoolean(Pending) ?? false,
            RotatedTo = entity.GetString(RotatedTo),
            Version = entity.ETag.ToString(),
        };
    }

    /// <summary>
    /// The sweep's view of session <paramref name="key"/>, read with <see cref="SweepColumns"/> (a
    /// query that selects columns gets no keys back); a session missing its expiry counts as expired.
    /// </summary>
    public static SweepCandidate ToSweepCandidate(string key, TableEntity entity) => new(
        key,
        entity.GetDateTimeOffset(ExpiresAt) ?? DateTimeOffset.MinValue,
        entity.GetString(IndexBucket),
        entity.GetString(UserKey),
        entity.ETag.ToString());
}
