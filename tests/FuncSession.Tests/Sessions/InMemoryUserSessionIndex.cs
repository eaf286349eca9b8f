using System.Collections.Concurrent;
using FuncSession.Sessions;

namespace FuncSession.Tests.Sessions;

/// <summary>The UserSessions table in memory.</summary>
internal sealed class InMemoryUserSessionIndex : IUserSessionIndex
{
    private readonly ConcurrentDictionary<(string User, string Session), (DateTimeOffset At, SessionDevice? Device)> _entries = new();

    public IReadOnlyCollection<(string User, string Session)> Entries => [.. _entries.Keys];

    public Task AddAsync(string userKey, string sessionKey, DateTimeOffset indexedAt, SessionDevice? device, CancellationToken cancellationToken)
    {
        _entries[(userKey, sessionKey)] = (indexedAt, device);
        return Task.CompletedTask;
    }

    public Task RemoveAsync(string userKey, string sessionKey, CancellationToken cancellationToken)
    {
        _entries.TryRemove((userKey, sessionKey), out _);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<UserSessionEntry>> ListAsync(string userKey, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<UserSessionEntry>>(
            [.. _entries.Where(e => e.Key.User == userKey).Select(e => new UserSessionEntry(e.Key.Session, e.Value.At, e.Value.Device))]);
}
