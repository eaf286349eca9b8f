using System.Net;
using FuncSession.Accounts;
using FuncSession.Http;
using FuncSession.IntegrationTests.Accounts;
using FuncSession.Testing;
using FuncSession.Security;
using FuncSession.Sessions;
using FuncSession.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FuncSession.IntegrationTests.Reliability;

/// <summary>
/// What the API says when storage fails in each way, against Azurite: an answer that never came is
/// "may have been applied, repeating is safe"; a refused identity is a 503 with an error log that
/// names the cause; an unexpected failure is a 500 problem without internals; and a change once
/// begun runs to its end although the client went away.
/// </summary>
public sealed class HonestOutcomeTests
{
    [Fact]
    public async Task StorageThatRefusesTheAppsIdentityAnswers503AndLogsAnErrorNamingTheCause()
    {
        var azurite = await AzuriteServer.SharedAsync();
        var wrongKey = azurite.ConnectionString.Replace(AzuriteServer.AccountKey, Convert.ToBase64String(new byte[64]), StringComparison.Ordinal);
        var logs = new CapturingLoggerProvider(typeof(SessionPipeline).FullName!);
        await using var api = await TestApi.StartAsync(wrongKey, new Dictionary<string, string?> { ["FuncSession:CreateTablesOnStartup"] = "false" },
            services: services => services.AddSingleton<ILoggerProvider>(logs));
        using var client = api.CreateRawClient();

        using var put = await client.PutAsync("session/values/a", HttpAssertions.Json("1"));

        var problem = await put.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "storage-unavailable");
        Assert.Contains("nothing was changed", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var logged = Assert.Single(logs.Entries, e => e.Event.Id == LogEvents.StorageAccessDenied);
        Assert.Equal(LogLevel.Error, logged.Level);
    }

    [Fact]
    public async Task AnUnexpectedFailureAnswersAProblem500WithoutInternalsAndLogsIt()
    {
        var logs = new CapturingLoggerProvider(typeof(SessionPipeline).FullName!);
        await using var api = await TestApi.StartAsync(services: services =>
        {
            services.AddSingleton<ISessionStore>(p => new BrokenStore(ActivatorUtilities.CreateInstance<TableSessionStore>(p)));
            services.AddSingleton<ILoggerProvider>(logs);
        });
        using var client = api.CreateRawClient();
        var token = api.Services.GetRequiredService<SessionTokenCodec>().NewId().Token;

        using var read = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "session").WithCookie(token));

        var problem = await read.AssertProblemAsync(HttpStatusCode.InternalServerError, "internal-error");
        Assert.DoesNotContain(BrokenStore.Secret, problem.GetRawText(), StringComparison.Ordinal);
        Assert.Equal("no-store", read.Headers.CacheControl?.ToString());
        var logged = Assert.Single(logs.Entries, e => e.Event.Id == LogEvents.UnexpectedFailure);
        Assert.Equal(LogLevel.Error, logged.Level);
        Assert.Contains(BrokenStore.Secret, logged.Exception?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ALoginWhoseAttemptCounterKeepsConflictingAnswersAccountBusyNotSessionBusy()
    {
        var logs = new CapturingLoggerProvider(typeof(SessionPipeline).FullName!);
        await using var api = await TestApi.StartAsync(settings: AuthApi.FastHashing(), services: services =>
        {
            services.AddSingleton<ILoginThrottleStore>(p => new ConflictingThrottleStore(ActivatorUtilities.CreateInstance<TableLoginThrottleStore>(p)));
            services.AddSingleton<ILoggerProvider>(logs);
        });
        using var client = api.CreateClient();
        await client.RegisteredAsync("alice");

        using var login = await client.LoginAsync("alice", AuthApi.Password);

        await login.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "account-busy");
        Assert.Equal(TimeSpan.FromSeconds(1), login.Headers.RetryAfter?.Delta);
        Assert.Null(login.SessionCookie());
        Assert.Single(logs.Entries, e => e.Event.Id == LogEvents.AccountContended);
        Assert.Empty(api.Table(SessionTables.SessionsName).Query<Azure.Data.Tables.TableEntity>());
    }

    [Theory]
    [InlineData(FaultKind.FailBeforeSending, "nothing was changed")]
    [InlineData(FaultKind.ApplyThenTimeOut, "may or may not have been applied. Repeating the request is safe")]
    public async Task A503SaysWhetherTheChangeMayHaveBeenApplied(FaultKind kind, string detail)
    {
        var faults = new FaultInjector();
        await using var api = await TestApi.StartAsync(services: services => services.AddSingleton<ISessionStore>(
            p => new FaultySessionStore(ActivatorUtilities.CreateInstance<TableSessionStore>(p), faults)));
        using var client = api.CreateRawClient();
        faults.Disarm();
        using var created = await client.PutAsync("session/values/a", HttpAssertions.Json("1"));
        var token = created.SessionCookie()!;

        faults.Arm("session.replace", kind);
        using var write = await client.SendAsync(new HttpRequestMessage(HttpMethod.Put, "session/values/b")
        {
            Content = HttpAssertions.Json("2"),
        }.WithCookie(token));
        var calls = faults.Calls;
        faults.Disarm();

        var problem = await write.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "storage-unavailable");
        Assert.Contains(detail, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("session.replace", calls[^1]);
        // Repeating is safe either way: the value is there once, whether the first attempt was applied or not.
        using var again = await client.SendAsync(new HttpRequestMessage(HttpMethod.Put, "session/values/b")
        {
            Content = HttpAssertions.Json("2"),
        }.WithCookie(token));
        Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
        using var read = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "session").WithCookie(token));
        Assert.Equal("""{"a":1,"b":2}""", (await read.ReadJsonAsync()).GetProperty("values").GetRawText());
    }

    [Fact]
    public async Task LogOutEverywhereRunsToItsEndAfterTheClientWentAway()
    {
        var faults = new FaultInjector();
        await using var api = await TestApi.StartAsync(services: services => services.AddSingleton<IUserSessionIndex>(
            p => new FaultyUserSessionIndex(ActivatorUtilities.CreateInstance<TableUserSessionIndex>(p), faults)));
        faults.Disarm();
        using var client = api.CreateRawClient();
        await client.RegisteredAsync("leaver");
        var first = await client.LoggedInAsync("leaver");
        var second = await client.LoggedInAsync("leaver");

        // Held before it lists the sessions, i.e. after its first storage calls; then the client gives up.
        var reached = faults.PauseAt("usersessions.list");
        using var gone = new CancellationTokenSource();
        var request = client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "auth/logout-all").WithBearer(first), gone.Token);
        await reached.WaitAsync(TimeSpan.FromSeconds(20));
        await gone.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);
        faults.Resume();

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (DateTime.UtcNow < deadline && await client.MeStatusAsync(first) != HttpStatusCode.Unauthorized)
        {
            await Task.Delay(50);
        }
        Assert.Equal(HttpStatusCode.Unauthorized, await client.MeStatusAsync(second));
        Assert.Equal(HttpStatusCode.Unauthorized, await client.MeStatusAsync(first));
    }

    /// <summary>A session store whose reads fail with an exception nobody expects.</summary>
    /// <summary>The attempt counter as if other logins of the name always wrote it first.</summary>
    private sealed class ConflictingThrottleStore(ILoginThrottleStore inner) : ILoginThrottleStore
    {
        public Task<LoginThrottleState?> GetAsync(string key, CancellationToken cancellationToken) => inner.GetAsync(key, cancellationToken);

        public Task<WriteOutcome> AddAsync(LoginThrottleState state, CancellationToken cancellationToken) => Task.FromResult(WriteOutcome.Conflict);

        public Task<WriteOutcome> ReplaceAsync(LoginThrottleState state, CancellationToken cancellationToken) => Task.FromResult(WriteOutcome.Conflict);

        public Task DeleteAsync(string key, CancellationToken cancellationToken) => inner.DeleteAsync(key, cancellationToken);
    }

    private sealed class BrokenStore(ISessionStore inner) : ISessionStore
    {
        public const string Secret = "internal detail 7f3a";

        public Task<SessionRecord?> GetAsync(string key, CancellationToken cancellationToken) =>
            throw new InvalidOperationException(Secret);

        public Task<WriteOutcome> AddAsync(SessionRecord session, CancellationToken cancellationToken) => inner.AddAsync(session, cancellationToken);

        public Task<WriteOutcome> ReplaceAsync(SessionRecord session, CancellationToken cancellationToken) => inner.ReplaceAsync(session, cancellationToken);

        public Task<WriteOutcome> DeleteAsync(string key, string? version, CancellationToken cancellationToken) =>
            inner.DeleteAsync(key, version, cancellationToken);

        public Task IndexExpiryAsync(string bucket, string key, string? userKey, CancellationToken cancellationToken) =>
            inner.IndexExpiryAsync(bucket, key, userKey, cancellationToken);

        public Task PingAsync(CancellationToken cancellationToken) => inner.PingAsync(cancellationToken);
    }
}
