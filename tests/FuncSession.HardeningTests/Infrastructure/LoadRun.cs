using System.Diagnostics;
using System.Net;
using FuncSession.Testing;

namespace FuncSession.HardeningTests.Infrastructure;

/// <summary>
/// A set of <see cref="SessionWriter"/>s against one API: some with a session each, some sharing
/// one session, all on one connection pool, started and stopped together.
/// </summary>
public sealed class LoadRun : IDisposable
{
    private readonly HttpClient _http;
    private readonly CancellationTokenSource _stop = new();
    private Task[] _running = [];

    private LoadRun(HttpClient http, IReadOnlyList<SessionWriter> writers)
    {
        _http = http;
        Writers = writers;
    }

    public Stopwatch Clock { get; } = new();

    public IReadOnlyList<SessionWriter> Writers { get; }

    public IEnumerable<Sample> Samples => Writers.SelectMany(w => w.Samples);

    /// <summary>Creates the shared session (one acknowledged write) and the writers.</summary>
    public static async Task<LoadRun> CreateAsync(TestApi api, int ownSessions, int sharedWriters)
    {
        var http = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = api.BaseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };
        using var created = await http.PutAsync(ApiPaths.Value("shared-session"), HttpAssertions.Json("true"));
        var shared = created.StatusCode == HttpStatusCode.NoContent
            ? created.SessionCookie()!
            : throw new InvalidOperationException($"Creating the shared session answered {(int)created.StatusCode}.");

        var writers = new List<SessionWriter>();
        for (var i = 0; i < ownSessions; i++)
        {
            var name = $"own{i}";
            writers.Add(new SessionWriter(http, name, token: null, key => key.StartsWith(name + "-", StringComparison.Ordinal)));
        }
        for (var i = 0; i < sharedWriters; i++)
        {
            writers.Add(new SessionWriter(http, $"shared{i}", shared, key => key.StartsWith("shared", StringComparison.Ordinal)));
        }
        return new LoadRun(http, writers);
    }

    public void Start()
    {
        Clock.Start();
        _running = [.. Writers.Select(w => Task.Run(() => w.RunAsync(Clock, _stop.Token)))];
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_running);
    }

    /// <summary>Reads every session back: how many acknowledged writes there were and how many are still there.</summary>
    /// <summary>The four outcomes of every writer's writes, added up.</summary>
    public async Task<WriteTally> VerifyAsync()
    {
        var tally = default(WriteTally);
        foreach (var writer in Writers)
        {
            tally += await writer.VerifyAsync();
        }
        return tally;
    }

    public IEnumerable<string> Violations => Writers.SelectMany(w => w.Violations);

    public HttpClient Http => _http;

    public void Dispose()
    {
        _stop.Dispose();
        _http.Dispose();
    }
}
