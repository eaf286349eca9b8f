using Azure;
using Azure.Data.Tables;
using FuncSession.Sessions;

namespace FuncSession.Storage;

/// <summary>
/// Sessions in Table Storage: one entity per session, partitioned by the session key, so a read
/// is one point read. The values are UTF-8 JSON split over binary properties of at most 64 KiB.
/// </summary>
internal sealed class TableSessionStore(SessionTables tables) : ISessionStore
{
    /// <summary>
    /// A session's RowKey is its key again, not a constant: Table Storage finds an entity by both
    /// keys either way, but Azurite looks an entity up by RowKey first, so a shared RowKey would
    /// make every local point read scan the whole table.
    /// </summary>
    public static string RowKeyFor(string key) => key;
    public const int ChunkBytes = 64 * 1024;

    /// <summary>The column of an expiry-index entry that names the session's user; absent for anonymous sessions.</summary>
    public const string ExpiryUserKey = "UserKey";

    private const string ChunkCount = "Chunks";
    private const string ChunkPrefix = "V";

    private static readonly string[] ChunkNames = Enumerable.Range(0, SessionDefaults.StorageMaxSessionBytes / ChunkBytes + 1)
        .Select(i => ChunkPrefix + i)
        .ToArray();

    public async Task<SessionRecord?> GetAsync(string key, CancellationToken cancellationToken) =>
        await ConditionalEntities.ReadAsync(tables.Metrics, "session.read", tables.Sessions, key, RowKeyFor(key), cancellationToken) is { } entity ? FromEntity(entity) : null;

    public async Task<WriteOutcome> AddAsync(SessionRecord session, CancellationToken cancellationToken)
    {
        var (outcome, version) = await ConditionalEntities.AddAsync(tables.Metrics, "session.add", tables.Sessions, ToEntity(session), cancellationToken);
        session.Version = outcome == WriteOutcome.Written ? version : session.Version;
        return outcome;
    }

    public async Task<WriteOutcome> ReplaceAsync(SessionRecord session, CancellationToken cancellationToken)
    {
        var (outcome, version) = await ConditionalEntities.ReplaceAsync(tables.Metrics, "session.replace", tables.Sessions, ToEntity(session), session.Version, cancellationToken);
        session.Version = outcome == WriteOutcome.Written ? version : session.Version;
        return outcome;
    }

    public Task<WriteOutcome> DeleteAsync(string key, string? version, CancellationToken cancellationToken) =>
        StorageCalls.Guard(tables.Metrics, "session.delete", async ct =>
        {
            try
            {
                // ETag.All when no version is given: ending a session is meant to win over any concurrent write.
                var response = await tables.Sessions.DeleteEntityAsync(key, RowKeyFor(key), version is null ? ETag.All : new ETag(version), ct);
                return response.Status == 404 ? WriteOutcome.Missing : WriteOutcome.Written;
            }
            catch (RequestFailedException ex) when (ex.Status == 412)
            {
                return WriteOutcome.Conflict;
            }
        }, cancellationToken);

    public Task IndexExpiryAsync(string bucket, string key, string? userKey, CancellationToken cancellationToken)
    {
        var entry = new TableEntity(bucket, key);
        if (userKey is not null)
        {
            entry[ExpiryUserKey] = userKey;
        }
        return StorageCalls.Guard(tables.Metrics, "expiry.add",
            ct => tables.SessionExpiry.UpsertEntityAsync(entry, TableUpdateMode.Replace, ct),
            cancellationToken);
    }

    // A point read of an entity that does not exist: 404 ResourceNotFound when the table is there,
    // 404 TableNotFound (an outage to Guard) when it is not, e.g. before start-up created it.
    public Task PingAsync(CancellationToken cancellationToken) =>
        StorageCalls.Guard(tables.Metrics, "session.ping", async ct =>
        {
            try
            {
                await tables.Sessions.GetEntityAsync<TableEntity>("health", RowKeyFor("health"), select: ["PartitionKey"], cancellationToken: ct);
            }
            catch (RequestFailedException ex) when (StorageCalls.IsMissingEntity(ex))
            {
            }
        }, cancellationToken);

    internal static TableEntity ToEntity(SessionRecord session)
    {
        var entity = new TableEntity(session.Key, RowKeyFor(session.Key))
        {
            ["CreatedAt"] = session.CreatedAt,
            ["LastSeenAt"] = session.LastSeenAt,
            ["ExpiresAt"] = session.ExpiresAt,
            ["AbsoluteExpiresAt"] = session.AbsoluteExpiresAt,
            ["Permanent"] = session.Permanent,
        };
        if (session.User is not null)
        {
            entity["User"] = session.User;
            entity["UserKey"] = session.UserKey;
            entity["AuthenticatedAt"] = session.AuthenticatedAt;
        }
        if (session.IndexBucket is not null)
        {
            entity["IndexBucket"] = session.IndexBucket;
        }
        if (session.Pending)
        {
            entity["Pending"] = true;
        }
        if (session.RotatedTo is not null)
        {
            entity["RotatedTo"] = session.RotatedTo;
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

    internal static SessionRecord FromEntity(TableEntity entity)
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
            User = entity.GetString("User"),
            UserKey = entity.GetString("UserKey"),
            AuthenticatedAt = entity.GetDateTimeOffset("AuthenticatedAt"),
            CreatedAt = entity.GetDateTimeOffset("CreatedAt") ?? default,
            LastSeenAt = entity.GetDateTimeOffset("LastSeenAt") ?? default,
            ExpiresAt = entity.GetDateTimeOffset("ExpiresAt") ?? default,
            AbsoluteExpiresAt = entity.GetDateTimeOffset("AbsoluteExpiresAt") ?? default,
            Permanent = entity.GetBoolean("Permanent") ?? false,
            IndexBucket = entity.GetString("IndexBucket"),
            Pending = entity.GetBoolean("Pending") ?? false,
            RotatedTo = entity.GetString("RotatedTo"),
            Version = entity.ETag.ToString(),
        };
    }
}
