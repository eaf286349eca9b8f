using FuncSession.Functions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Configuration.Memory;

namespace FuncSession.LocalHost;

/// <summary>
/// The Function App's functions on Kestrel: the same function classes and the same
/// <c>AddFuncSession</c> registration as the Functions host, with routes, verbs and timer
/// schedules taken from the functions' attributes. <c>POST /admin/functions/{name}</c> runs a timer
/// function at once, as the Functions host's admin API does.
/// </summary>
public static class LocalHostApp
{
    public const int DefaultPort = 7071;

    /// <summary>
    /// How long a stop (Ctrl+C, SIGTERM) waits for requests and timer runs in flight: short enough
    /// that scripts/run.sh finishes within its 5 seconds.
    /// </summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(3);

    /// <summary>Every function of the Function App.</summary>
    internal static IReadOnlyList<FunctionDescriptor> Functions { get; } = FunctionCatalog.Discover(typeof(FunctionAppHost).Assembly);

    /// <param name="args">Command-line arguments; <c>--urls</c> chooses the address, <c>--settings</c> a local.settings.json.</param>
    /// <param name="configure">Changes before the app is built (tests use it to override settings).</param>
    /// <exception cref="InvalidScheduleException">A timer schedule setting holds no schedule; nothing listens yet.</exception>
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        var settings = LocalSettings.Load(builder.Configuration["settings"]);
        InsertBeforeEnvironment(builder.Configuration, settings.Values);
        // Lowest rank: used only where no file, variable or argument sets them.
        ((IConfigurationBuilder)builder.Configuration).Sources.Insert(0, new MemoryConfigurationSource { InitialData = TimerSchedules.Defaults });
        if (builder.Configuration["urls"] is null)
        {
            builder.WebHost.UseUrls($"http://localhost:{settings.LocalHttpPort ?? DefaultPort}");
        }

        configure?.Invoke(builder);
        TimerSchedules.Resolve(Functions, builder.Configuration);
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = ShutdownTimeout);
        // As in the Function App: the storage SDK logs every expected 404, 409 and 412; storage faults are logged by the app.
        builder.Logging.AddFilter("Azure.Core", LogLevel.Error);
        builder.Services.AddFuncSession(builder.Configuration);
        builder.Services.AddLocalTelemetry(builder.Configuration);
        foreach (var timer in Functions.Where(f => f.Schedule is not null))
        {
            builder.Services.AddSingleton<IHostedService>(provider => ActivatorUtilities.CreateInstance<TimerRunner>(provider, timer));
        }
        builder.Services.AddSingleton<ManualTrigger>();

        var app = builder.Build();
        app.Use(HostAnswers.InvokeAsync);
        var prefix = HostJson.RoutePrefix(Path.GetDirectoryName(settings.Path));
        foreach (var function in Functions.Where(f => f.Route is not null))
        {
            app.MapMethods(RoutePattern(prefix, function.Route!), [.. function.Methods.Select(m => m.ToUpperInvariant())],
                    context => FunctionInvoker.InvokeHttpAsync(function, context))
                .WithDisplayName(function.Name);
        }

        // The Functions host runs non-HTTP functions on demand through its admin API; so does LocalHost.
        app.MapPost(ManualTrigger.Route, (string name, ManualTrigger trigger) => trigger.Invoke(name))
            .WithDisplayName("Run a timer function now");

        app.Lifetime.ApplicationStarted.Register(() => Announce(app, prefix, settings.Path));
        return app;
    }

    internal static string RoutePattern(string prefix, string route) =>
        prefix.Length == 0 ? "/" + route : $"/{prefix}/{route}";

    /// <summary>Settings from local.settings.json rank below environment variables and arguments, as with Core Tools.</summary>
    private static void InsertBeforeEnvironment(ConfigurationManager configuration, Dictionary<string, string?> values)
    {
        var sources = ((IConfigurationBuilder)configuration).Sources;
        var index = sources.ToList().FindIndex(source => source is EnvironmentVariablesConfigurationSource);
        sources.Insert(index < 0 ? sources.Count : index, new MemoryConfigurationSource { InitialData = values });
    }

    private static void Announce(WebApplication app, string prefix, string? settingsPath)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        foreach (var address in addresses)
        {
            app.Logger.LogInformation("FuncSession API listening on {Address}/{Prefix} (settings: {Settings}). Press Ctrl+C to stop.",
                address.TrimEnd('/'), prefix, settingsPath ?? "none found");
        }
    }
}
