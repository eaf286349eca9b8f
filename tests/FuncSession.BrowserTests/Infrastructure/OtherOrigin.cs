using FuncSession.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace FuncSession.BrowserTests.Infrastructure;

/// <summary>
/// A tiny Kestrel site on 127.0.0.1 at another port: another origin than the API (same host, so the
/// browser still sends the session cookie to the API from it; only the cross-site rules stand in between).
/// </summary>
public sealed class OtherOrigin : IAsyncDisposable
{
    private readonly WebApplication _app;

    private OtherOrigin(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<OtherOrigin> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(Loopback.AnyPort);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        app.MapGet("/", () => Results.Content("<!DOCTYPE html><html><head><title>Another site</title></head><body><h1>Another site</h1></body></html>", "text/html"));
        return new OtherOrigin(app, await Loopback.StartAsync(app));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
