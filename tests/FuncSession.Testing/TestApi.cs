using System.Net;
using Azure.Data.Tables;
using FuncSession.LocalHost;
using FuncSession.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FuncSession.Testing;

/// <summary>
/// The API as users run it locally: LocalHost serving the Function App's functions on Kestrel at
/// 127.0.0.1 on a free port, against a real Azurite, with its own table prefix so tests do not
/// see each other's data.
/// </summary>
public sealed class TestApi : IAsyncDisposable
{
    public static readonly string SigningKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    private readonly WebApplication _app;

    private TestApi(WebApplication app, Uri baseAddress, string tablePrefix, string connectionString)
    {
        _app = app;
        BaseAddress = baseAddress;
        TablePrefix = tablePrefix;
        Tables = new TableServiceClient(connectionString);
    }

    /// <summary>The API's root, ending in <c>/api/</c>.</summary>
    public Uri BaseAddress { get; }

    public string TablePrefix { get; }

    /// <summary>A client of the same storage, to look at what the API stored.</summary>
    public TableServiceClient Tables { get; }

    public IServiceProvider Services => _app.Services;

    public TableClient Table(string name) => Tables.GetTableClient(TablePrefix + name);

    /// <summary>Starts the API against <paramref name="connectionString"/> (the shared Azurite when null).</summary>
    public static async Task<TestApi> StartAsync(
        string? connectionString = null,
        IDictionary<string, string?>? settings = null,
        TimeProvider? time = null,
        Action<IServiceCollection>? services = null)
    {
        connectionString ??= (await AzuriteServer.SharedAsync()).ConnectionString;
        var prefix = "t" + Guid.NewGuid().ToString("N")[..12];
        var values = new Dictionary<string, string?>
        {
            ["SessionStorage:connectionString"] = connectionString,
            ["FuncSession:SigningKeys"] = SigningKey,
            ["FuncSession:TablePrefix"] = prefix,
            ["FuncSession:StorageTimeout"] = "00:00:02",
            ["FuncSession:StorageRetries"] = "1",
            ["SessionCleanupSchedule"] = "0 0 0 1 1 *",
            // Cheap password hashing (the production default costs ~0.5 s of CPU per hash, and one
            // dummy hash is made at start-up); tests of the default set it back.
            ["FuncSession:PasswordHashIterations"] = "1000",
            // Every test client comes from 127.0.0.1: per-address limits and the hash queue out of the
            // way of tests about other things; the tests of the limits set their own.
            ["FuncSession:LoginsPerAddress"] = "1000000",
            ["FuncSession:RegistrationsPerAddress"] = "1000000",
            ["FuncSession:ConcurrentLoginsPerAddress"] = "1000",
            ["FuncSession:NewSessionsPerAddress"] = "1000000",
            ["FuncSession:PasswordHashQueueLimit"] = "100000",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var app = LocalHostApp.Create(["--urls", Loopback.AnyPort, "--settings", "none"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(values);
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            if (time is not null)
            {
                builder.Services.AddSingleton(time);
            }
            services?.Invoke(builder.Services);
        });
        var root = await Loopback.StartAsync(app);
        var api = new TestApi(app, new Uri(root, "api/"), values["FuncSession:TablePrefix"]!, connectionString);
        if (values.GetValueOrDefault("FuncSession:CreateTablesOnStartup") != "false")
        {
            await api.WaitForTablesAsync();
        }
        return api;
    }

    /// <summary>A client that keeps cookies, like a browser; every answer is checked against the OpenAPI description.</summary>
    public HttpClient CreateClient(CookieContainer? cookies = null) =>
        new(new ContractCheckingHandler(
            new HttpClientHandler { CookieContainer = cookies ?? new CookieContainer(), UseCookies = true, AllowAutoRedirect = false }, BaseAddress))
        {
            BaseAddress = BaseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };

    /// <summary>A client that sends only the headers the test gives it, to look at Set-Cookie itself; answers checked as above.</summary>
    public HttpClient CreateRawClient() =>
        new(new ContractCheckingHandler(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }, BaseAddress))
        {
            BaseAddress = BaseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };

    /// <summary>Waits for the API's start-up to create its tables (it does so in the background).</summary>
    private async Task WaitForTablesAsync()
    {
        var expected = _app.Services.GetRequiredService<SessionTables>().All.Select(t => t.Name).ToHashSet();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            var found = new HashSet<string>();
            await foreach (var table in Tables.QueryAsync(t => t.Name.CompareTo(TablePrefix) >= 0 && t.Name.CompareTo(TablePrefix + "~") < 0))
            {
                found.Add(table.Name);
            }
            if (found.SetEquals(expected))
            {
                return;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException("The API did not create its tables within 20 s.");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
