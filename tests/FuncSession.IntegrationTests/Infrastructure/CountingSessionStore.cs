using FuncSession.Sessions;
using FuncSession.Storage;
using FuncSession.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace FuncSession.IntegrationTests.Infrastructure;

/// <summary>The real store with a count of the storage operations it was asked for.</summary>
internal sealed class CountingSessionStore(ISessionStore inner) : ISessionStore
{
    private int _reads;
    private int _writes;

    public int Reads => Volatile.Read(ref _reads);

    public int Writes => Volatile.Read(ref _writes);

    public int Total => Reads + Writes;

    /// <summary>Starts an API whose session store is counted; the store is made before the API is handed out.</summary>
    public static async Task<(TestApi Api, CountingSessionStore Store)> StartApiAsync(IDictionary<string, string?>? settings = null)
    {
        CountingSessionStore? store = null;
        var api = await TestApi.StartAsync(settings: settings, services: services => services.AddSingleton<ISessionStore>(provider =>
            store = new CountingSessionStore(new TableSessionStore(provider.GetRequiredService<SessionTables>()))));
        api.Services.GetRequiredService<ISessionStore>();
        return (api, store!);
    }

    public void Reset()
    {
        Interlocked.Exchange(ref _reads, 0);
        Interlocked.Exchange(ref _writes, 0);
    }

    public Task<SessionRecord?> GetAsync(string key, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _reads);
        return inner.GetAsync(key, cancellationToken);
    }

    public Task<WriteOutcome> AddAsync(SessionRecord session, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _writes);
        return inner.AddAsync(session, cancellationToken);
    }

    public Task<WriteOutcome> ReplaceAsync(SessionRecord session, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _writes);
        return inner.ReplaceAsync(session, cancellationToken);
    }

    public Task<WriteOutcome> DeleteAsync(string key, string? version, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _writes);
        return inner.DeleteAsync(key, version, cancellationToken);
    }

    public Task IndexExpiryAsync(string bucket, string key, string? userKey, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _writes);
        return inner.IndexExpiryAsync(bucket, key, userKey, cancellationToken);
    }

    public Task PingAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _reads);
        return inner.PingAsync(cancellationToken);
    }
}
