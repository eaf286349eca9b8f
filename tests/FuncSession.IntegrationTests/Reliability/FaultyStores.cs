using FuncSession.Accounts;
using FuncSession.Cleanup;
using FuncSession.Sessions;

namespace FuncSession.IntegrationTests.Reliability;

/// <summary>The real session store, each call passed through a <see cref="FaultInjector"/>.</summary>
internal sealed class FaultySessionStore(ISessionStore inner, FaultInjector faults) : ISessionStore
{
    public Task<SessionRecord?> GetAsync(string key, CancellationToken cancellationToken) =>
        faults.RunAsync("session.get", () => inner.GetAsync(key, cancellationToken));

    public Task<WriteOutcome> AddAsync(SessionRecord session, CancellationToken cancellationToken) =>
        faults.RunAsync("session.add", () => inner.AddAsync(session, cancellationToken));

    public Task<WriteOutcome> ReplaceAsync(SessionRecord session, CancellationToken cancellationToken) =>
        faults.RunAsync("session.replace", () => inner.ReplaceAsync(session, cancellationToken));

    public Task<WriteOutcome> DeleteAsync(string key, string? version, CancellationToken cancellationToken) =>
        faults.RunAsync("session.delete", () => inner.DeleteAsync(key, version, cancellationToken));

    public Task IndexExpiryAsync(string bucket, string key, string? userKey, CancellationToken cancellationToken) =>
        faults.RunAsync("expiry.upsert", () => inner.IndexExpiryAsync(bucket, key, userKey, cancellationToken));

    public Task PingAsync(CancellationToken cancellationToken) => inner.PingAsync(cancellationToken);
}

/// <summary>The real user-session index, each call passed through a <see cref="FaultInjector"/>.</summary>
internal sealed class FaultyUserSessionIndex(IUserSessionIndex inner, FaultInjector faults) : IUserSessionIndex
{
    public Task AddAsync(string userKey, string sessionKey, DateTimeOffset indexedAt, SessionDevice? device, CancellationToken cancellationToken) =>
        faults.RunAsync("usersessions.upsert", () => inner.AddAsync(userKey, sessionKey, indexedAt, device, cancellationToken));

    public Task RemoveAsync(string userKey, string sessionKey, CancellationToken cancellationToken) =>
        faults.RunAsync("usersessions.delete", () => inner.RemoveAsync(userKey, sessionKey, cancellationToken));

    public Task<IReadOnlyList<UserSessionEntry>> ListAsync(string userKey, CancellationToken cancellationToken) =>
        faults.RunAsync("usersessions.list", () => inner.ListAsync(userKey, cancellationToken));
}

/// <summary>The real user store, each call passed through a <see cref="FaultInjector"/>.</summary>
internal sealed class FaultyUserStore(IUserStore inner, FaultInjector faults) : IUserStore
{
    public Task<UserRecord?> GetAsync(string key, CancellationToken cancellationToken) =>
        faults.RunAsync("users.get", () => inner.GetAsync(key, cancellationToken));

    public Task<WriteOutcome> AddAsync(UserRecord user, CancellationToken cancellationToken) =>
        faults.RunAsync("users.add", () => inner.AddAsync(user, cancellationToken));

    public Task<WriteOutcome> ReplaceAsync(UserRecord user, CancellationToken cancellationToken) =>
        faults.RunAsync("users.replace", () => inner.ReplaceAsync(user, cancellationToken));
}

/// <summary>The real login-throttle store, each call passed through a <see cref="FaultInjector"/>.</summary>
internal sealed class FaultyThrottleStore(ILoginThrottleStore inner, FaultInjector faults) : ILoginThrottleStore
{
    public Task<LoginThrottleState?> GetAsync(string key, CancellationToken cancellationToken) =>
        faults.RunAsync("throttle.get", () => inner.GetAsync(key, cancellationToken));

    public Task<WriteOutcome> AddAsync(LoginThrottleState state, CancellationToken cancellationToken) =>
        faults.RunAsync("throttle.add", () => inner.AddAsync(state, cancellationToken));

    public Task<WriteOutcome> ReplaceAsync(LoginThrottleState state, CancellationToken cancellationToken) =>
        faults.RunAsync("throttle.replace", () => inner.ReplaceAsync(state, cancellationToken));

    public Task DeleteAsync(string key, CancellationToken cancellationToken) =>
        faults.RunAsync("throttle.delete", () => inner.DeleteAsync(key, cancellationToken));
}

/// <summary>The real sweep store, each call passed through a <see cref="FaultInjector"/>.</summary>
internal sealed class FaultySweepStore(ISweepStore inner, FaultInjector faults) : ISweepStore
{
    public async IAsyncEnumerable<IReadOnlyList<ExpiryEntry>> ReadDueEntriesAsync(
        string firstPendingPartition, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var pages = inner.ReadDueEntriesAsync(firstPendingPartition, cancellationToken).GetAsyncEnumerator(cancellationToken);
        try
        {
            while (await faults.RunAsync("expiry.query", async () => await pages.MoveNextAsync()))
            {
                yield return pages.Current;
            }
        }
        finally
        {
            await pages.DisposeAsync();
        }
    }

    public Task<SweepCandidate?> ReadSessionAsync(string key, CancellationToken cancellationToken) =>
        faults.RunAsync("sweep.session.get", () => inner.ReadSessionAsync(key, cancellationToken));

    public Task<WriteOutcome> DeleteSessionAsync(string key, string version, CancellationToken cancellationToken) =>
        faults.RunAsync("sweep.session.delete", () => inner.DeleteSessionAsync(key, version, cancellationToken));

    public Task DeleteUserSessionAsync(string userKey, string sessionKey, CancellationToken cancellationToken) =>
        faults.RunAsync("sweep.usersessions.delete", () => inner.DeleteUserSessionAsync(userKey, sessionKey, cancellationToken));

    public Task DeleteEntriesAsync(string partition, IReadOnlyList<string> sessionKeys, CancellationToken cancellationToken) =>
        faults.RunAsync("expiry.batchdelete", () => inner.DeleteEntriesAsync(partition, sessionKeys, cancellationToken));
}
