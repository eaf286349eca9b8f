using System.Collections.Concurrent;
using FuncSession.Sessions;
using FuncSession.Storage;

namespace FuncSession.Tests.Sessions;

/// <summary>A store in memory with the same conditional-write rules as Table Storage, counting its calls.</summary>
internal sealed class InMemorySessionStore : ISessionStore
{
    private readonly ConcurrentDictionary<string, SessionRecord> _sessions = new();
    private int _version;

    public int Reads { get; private set; }

    public int Writes { get; private set; }

    public List<(string Bucket, string Key)> Index { get; } = [];

    /// <summary>The user key each index entry records (null for an anonymous session).</summary>
    public ConcurrentDictionary<(string Bucket, string Key), string?> IndexedUsers { get; } = new();

    /// <summary>How many of the next replaces answer "someone else wrote first".</summary>
    public int ConflictsToInject { get; set; }

    /// <summary>When set, every write fails as if storage were down.</summary>
    public bool WritesUnavailable { get; set; }

    public IReadOnlyCollection<SessionRecord> All => [.. _sessions.Values];

    public Task<SessionRecord?> GetAsync(string key, CancellationToken cancellationToken)
    {
        Reads++;
        return Task.FromResult(_sessions.TryGetValue(key, out var s) ? s.Clone() : null);
    }

    public Task<WriteOutcome> AddAsync(SessionRecord session, CancellationToken cancellationToken)
    {
        Writes++;
        session.Version = NextVersion();
        return Task.FromResult(_sessions.TryAdd(session.Key, session.Clone()) ? WriteOutcome.Written : WriteOutcome.Conflict);
    }

    /// <summary>Called before each replace, with the record about to be written: lets a test slip in a concurrent write.</summary>
    public Action<SessionRecord>? BeforeReplace { get; set; }

    /// <summary>Stores <paramref name="session"/> as another writer would, with a new version.</summary>
    public void WriteBehindTheServicesBack(SessionRecord session)
    {
        var copy = session.Clone();
        copy.Version = NextVersion();
        _sessions[session.Key] = copy;
    }

    public Task<WriteOutcome> ReplaceAsync(SessionRecord session, CancellationToken cancellationToken)
    {
        BeforeReplace?.Invoke(session);
        Writes++;
        if (WritesUnavailable)
        {
            throw new StorageUnavailableException("writes are down");
        }
        if (!_sessions.TryGetValue(session.Key, out var current))
        {
            return Task.FromResult(WriteOutcome.Missing);
        }
        if (ConflictsToInject > 0 || current.Version != session.Version)
        {
            ConflictsToInject = Math.Max(0, ConflictsToInject - 1);
            current.Version = NextVersion();
            return Task.FromResult(WriteOutcome.Conflict);
        }
        session.Version = NextVersion();
        _sessions[session.Key] = session.Clone();
        return Task.FromResult(WriteOutcome.Written);
    }

    public Task<WriteOutcome> DeleteAsync(string key, string? version, CancellationToken cancellationToken)
    {
        Writes++;
        return Task.FromResult(_sessions.TryRemove(key, out _) ? WriteOutcome.Written : WriteOutcome.Missing);
    }

    public Task IndexExpiryAsync(string bucket, string key, string? userKey, CancellationToken cancellationToken)
    {
        Writes++;
        Index.Add((bucket, key));
        IndexedUsers[(bucket, key)] = userKey;
        return Task.CompletedTask;
    }

    public Task PingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void ResetCounts() => (Reads, Writes) = (0, 0);

    private string NextVersion() => "v" + Interlocked.Increment(ref _version);
}
