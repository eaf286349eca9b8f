using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace FuncSession.Testing;

/// <summary>Web apps a test starts on 127.0.0.1 at a port the system picks (<c>http://127.0.0.1:0</c>).</summary>
public static class Loopback
{
    public const string AnyPort = "http://127.0.0.1:0";

    /// <summary>Starts the app and answers the address it listens on, ending in a slash.</summary>
    public static async Task<Uri> StartAsync(WebApplication app)
    {
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Uri(address.TrimEnd('/') + "/");
    }
}
