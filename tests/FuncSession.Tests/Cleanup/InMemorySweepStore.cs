using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using FuncSession.Cleanup;
using FuncSession.Sessions;

namespace FuncSession.Tests.Cleanup;

/// <summary>The three tables a sweep touches, in memory, with Table Storage's conditional-delete rules.</summary>
internal sealed class InMemorySweepStore : ISweepStore
{
    private readonly ConcurrentDictionary<(string Partition, string Key), string?> _entries = new();
    private readonly ConcurrentDictionary<string, SweepCandidate> _sessions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string User, string Session), byte> _userSessions = new();
    private int _version;
    private int _sessionReads;

    /// <summary>Every user-list delete the sweep asked for, whether or not the entry was there.</summary>
    public ConcurrentQueue<(string User, string Session)> UserDeletes { get; } = new();

    /// <summary>Runs after a session was read and before the sweep sees it.</summary>
    public Action<string>? AfterSessionRead { get; set; }

    /// <summary>Point reads of sessions the sweep made.</summary>
    public int SessionReads => Volatile.Read(ref _sessionReads);

    public IReadOnlyCollection<(string Partition, string Key)> Entries => [.. _entries.Keys];

    public IReadOnlyCollection<string> Sessions => [.. _sessions.Keys];

    public IReadOnlyCollection<(string User, string Session)> UserSessions => [.. _userSessions.Keys];

    public void AddSession(string key, DateTimeOffset expiresAt, string indexBucket, string? userKey)
    {
        _sessions[key] = new SweepCandidate(key, expiresAt, indexBucket, userKey, NextVersion());
        if (userKey is not null)
        {
            _userSessions[(userKey, key)] = 0;
        }
    }

    public void AddEntry(string partition, string key, string? userKey) => _entries[(partition, key)] = userKey;

    /// <summary>Deletes the session only, as a run that stopped before the user's list would leave it.</summary>
    public void RemoveSession(string key) => _sessions.TryRemove(key, out _);

    /// <summary>Writes the session again (a new version), as a request using it would.</summary>
    public void Touch(string key) => _sessions[key] = _sessions[key] with { Version = NextVersion() };

    public async IAsyncEnumerable<IReadOnlyList<ExpiryEntry>> ReadDueEntriesAsync(
        string firstPendingPartition, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        yield return [.. _entries
            .Where(e => string.CompareOrdinal(e.Key.Partition, firstPendingPartition) < 0)
            .OrderBy(e => e.Key.Partition, StringComparer.Ordinal)
            .ThenBy(e => e.Key.Key, StringComparer.Ordinal)
            .Select(e => new ExpiryEntry(e.Key.Partition, e.Key.Key, e.Value))];
    }

    public Task<SweepCandidate?> ReadSessionAsync(string key, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _sessionReads);
        var session = _sessions.TryGetValue(key, out var found) ? found : null;
        AfterSessionRead?.Invoke(key);
        return Task.FromResult(session);
    }

    public Task<WriteOutcome> DeleteSessionAsync(string key, string version, CancellationToken cancellationToken)
    {
        if (!_sessions.TryGetValue(key, out var current))
        {
            return Task.FromResult(WriteOutcome.Missing);
        }
        if (current.Version != version)
        {
            return Task.FromResult(WriteOutcome.Conflict);
        }
        _sessions.TryRemove(key, out _);
        return Task.FromResult(WriteOutcome.Written);
    }

    public Task DeleteUserSessionAsync(string userKey, string sessionKey, CancellationToken cancellationToken)
    {
        UserDeletes.Enqueue((userKey, sessionKey));
        _userSessions.TryRemove((userKey, sessionKey), out _);
        return Task.CompletedTask;
    }

    public Task DeleteEntriesAsync(string partition, IReadOnlyList<string> sessionKeys, CancellationToken cancellationToken)
    {
        foreach (var key in sessionKeys)
        {
            _entries.TryRemove((partition, key), out _);
        }
        return Task.CompletedTask;
    }

    private string NextVersion() => "v" + Interlocked.Increment(ref _version);
}
