using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using FuncSession.Cleanup;
using FuncSession.Accounts;
using FuncSession.Http;
using FuncSession.Security;
using FuncSession.Sessions;
using FuncSession.Storage;
using FuncSession.Telemetry;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FuncSession;

public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Registers everything the session service needs, from the <c>FuncSession</c> section (options)
    /// and the <c>SessionStorage</c> section (the table client: a connection string locally, an
    /// endpoint and managed identity in Azure). Both hosts call this and nothing else.
    /// </summary>
    public static IServiceCollection AddFuncSession(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SessionOptions>()
            .Bind(configuration.GetSection(SessionDefaults.ConfigurationSection))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SessionOptions>, SessionOptionsValidator>());
        services.AddOptions<AccountOptions>()
            .Bind(configuration.GetSection(SessionDefaults.ConfigurationSection))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AccountOptions>, AccountOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        // Built here: the constructor is internal.
        services.TryAddSingleton(p => new FuncSessionMetrics(p.GetRequiredService<IMeterFactory>(), p.GetRequiredService<TimeProvider>()));

        var storage = ClientSection(configuration.GetSection(SessionDefaults.StorageSection));
        services.AddAzureClients(clients =>
        {
            clients.AddTableServiceClient(storage).ConfigureOptions((TableClientOptions client, IServiceProvider provider) =>
            {
                var options = provider.GetRequiredService<IOptions<SessionOptions>>().Value;
                client.Retry.Mode = RetryMode.Exponential;
                client.Retry.MaxRetries = options.StorageRetries;
                client.Retry.Delay = TimeSpan.FromMilliseconds(200);
                client.Retry.MaxDelay = TimeSpan.FromSeconds(1);
                client.Retry.NetworkTimeout = options.StorageTimeout;
                // The SDK's logging policy formats every request and response, headers included, into
                // events that AddAzureClients forwards to ILogger at the Verbose level, where the app's
                // "Azure.Core: Error" filter drops every one of them (none of them is an error): 6 KB and
                // most of the SDK's CPU per call for nothing. Failures are logged by StorageCalls, and the
                // storage spans (distributed tracing) stay on.
                client.Diagnostics.IsLoggingEnabled = false;
                client.AddPolicy(new StorageRetryCounter(provider.GetRequiredService<FuncSessionMetrics>()), HttpPipelinePosition.PerRetry);
                client.Transport = new HttpClientTransport(new SocketsHttpHandler
                {
                    AllowAutoRedirect = false,
                    UseCookies = false,
                    MaxConnectionsPerServer = options.StorageConnections,
                    // New connections now and then, so a changed storage address (DNS) is picked up.
                    PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                });
            });
        });

        services.AddSingleton<SessionTables>();
        services.TryAddSingleton<ISessionStore, TableSessionStore>();
        services.TryAddSingleton<ISweepStore, TableSweepStore>();
        services.TryAddSingleton<IUserSessionIndex, TableUserSessionIndex>();
        services.TryAddSingleton<IUserStore, TableUserStore>();
        services.TryAddSingleton<ILoginThrottleStore, TableLoginThrottleStore>();
        services.TryAddSingleton<IRateCounterStore, TableRateCounterStore>();
        services.AddHostedService<TableInitializer>();

        services.AddSingleton<SigningKeyRing>();
        services.AddSingleton<SessionTokenCodec>();
        services.AddSingleton<ExpiryIndex>();
        services.AddSingleton<SessionRules>();
        services.AddSingleton<SessionService>();

        services.AddSingleton<Passwords>();
        services.AddHostedService<PasswordWarmUp>();
        services.AddSingleton<LoginThrottle>();
        services.AddSingleton<AccountService>();
        services.AddSingleton<SessionHandles>();
        services.AddSingleton<AccountSessions>();

        services.AddSingleton<CredentialReader>();
        services.AddSingleton<CrossSiteGuard>();
        services.AddSingleton<SessionCookies>();
        services.AddSingleton<ClientAddresses>();
        services.AddSingleton<RequestLimits>();
        // The endpoint classes are public (the function classes take them) but built from internal parts.
        services.AddSingleton(p => new SessionPipeline(
            p.GetRequiredService<CredentialReader>(), p.GetRequiredService<CrossSiteGuard>(),
            p.GetRequiredService<SessionCookies>(), p.GetRequiredService<ILogger<SessionPipeline>>()));
        services.AddSingleton(p => new SessionEndpoints(
            p.GetRequiredService<SessionPipeline>(), p.GetRequiredService<SessionService>(), p.GetRequiredService<SessionRules>(),
            p.GetRequiredService<RequestLimits>(), p.GetRequiredService<IOptions<SessionOptions>>()));
        services.AddSingleton(p => new AuthEndpoints(
            p.GetRequiredService<SessionPipeline>(), p.GetRequiredService<SessionService>(),
            p.GetRequiredService<AccountService>(), p.GetRequiredService<AccountSessions>(),
            p.GetRequiredService<RequestLimits>(), p.GetRequiredService<ClientAddresses>(), p.GetRequiredService<IOptions<AccountOptions>>()));
        services.AddSingleton(p => new HealthEndpoint(p.GetRequiredService<ISessionStore>()));
        services.AddSingleton(p => new SessionSweeper(
            p.GetRequiredService<ISweepStore>(), p.GetRequiredService<ExpiryIndex>(), p.GetRequiredService<IOptions<SessionOptions>>(),
            p.GetRequiredService<TimeProvider>(), p.GetRequiredService<ILogger<SessionSweeper>>(), p.GetRequiredService<FuncSessionMetrics>()));
        services.AddSingleton(_ => new DemoEndpoint());
        services.AddSingleton(_ => new OpenApiEndpoint());
        services.AddSingleton(_ => new ReferenceEndpoint());
        return services;
    }

    /// <summary>
    /// The storage section as the Azure client factory reads it. Besides <c>connectionString</c> and
    /// <c>endpoint</c> (the client's own parameter names) it takes <c>tableServiceUri</c>, the name
    /// Functions developers know from identity-based connections.
    /// </summary>
    private static IConfiguration ClientSection(IConfigurationSection section)
    {
        if (section["endpoint"] is not null || section["tableServiceUri"] is not { } serviceUri)
        {
            return section;
        }
        var values = section.AsEnumerable(makePathsRelative: true)
            .Where(pair => pair.Value is not null)
            .Append(new KeyValuePair<string, string?>("endpoint", serviceUri));
        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }
}
