using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace FuncSession.Testing;

/// <summary>
/// A real Azurite Table service on 127.0.0.1, started from the repository's node_modules on a
/// free port. Tests share one in-memory instance; fault tests start their own, which they can
/// stop and start again on the same port (with its data on disk, so a restart loses nothing).
/// Set FUNCSESSION_TEST_STORAGE to a connection string to use an Azurite that is already running.
/// </summary>
public sealed class AzuriteServer : IAsyncDisposable
{
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>How long Azurite may take to listen: about a second on a quiet machine, far longer on a busy one.</summary>
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private static readonly Lazy<Task<AzuriteServer>> SharedInstance = new(() => StartAsync(persistent: false));
    private readonly string? _location;
    private Process? _process;

    private AzuriteServer(int port, string? location, string? connectionString)
    {
        Port = port;
        _location = location;
        ConnectionString = connectionString
            ?? $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};TableEndpoint=http://127.0.0.1:{port}/devstoreaccount1;";
    }

    public int Port { get; }

    public string ConnectionString { get; }

    /// <summary>The instance every storage test shares, started once per test run.</summary>
    public static Task<AzuriteServer> SharedAsync() => SharedInstance.Value;

    /// <summary>Starts a private instance; <paramref name="persistent"/> keeps its data on disk across restarts.</summary>
    public static async Task<AzuriteServer> StartAsync(bool persistent)
    {
        if (!persistent && Environment.GetEnvironmentVariable("FUNCSESSION_TEST_STORAGE") is { Length: > 0 } external)
        {
            return new AzuriteServer(0, null, external);
        }

        var location = persistent ? Directory.CreateTempSubdirectory("azurite-").FullName : null;
        var server = new AzuriteServer(FreePort(), location, null);
        await server.StartAgainAsync();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Kill();
        return server;
    }

    /// <summary>Starts the process (again) on the same port and waits until it accepts connections.</summary>
    public async Task StartAgainAsync()
    {
        var script = System.IO.Path.Combine(RepositoryRoot.Path, "node_modules", "azurite", "dist", "src", "table", "main.js");
        if (!File.Exists(script))
        {
            throw new InvalidOperationException($"Azurite is not installed: run `npm ci` in {RepositoryRoot.Path}.");
        }

        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { script, "--tableHost", "127.0.0.1", "--tablePort", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--skipApiVersionCheck", "--silent" })
        {
            start.ArgumentList.Add(argument);
        }
        if (_location is null)
        {
            start.ArgumentList.Add("--inMemoryPersistence");
        }
        else
        {
            start.ArgumentList.Add("--location");
            start.ArgumentList.Add(_location);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Azurite exited with code {_process.ExitCode} on port {Port}.");
            }
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }
        throw new TimeoutException($"Azurite did not listen on port {Port} within {StartTimeout.TotalSeconds} s.");
    }

    /// <summary>Stops the process, as an outage would: SIGINT, on which Azurite saves its data and exits, then SIGKILL after 10 s.</summary>
    public async Task StopAsync()
    {
        if (_process is not { HasExited: false } process)
        {
            return;
        }
        using (var signal = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await signal.WaitForExitAsync();
        }
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await process.WaitForExitAsync(patience.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (_location is not null)
        {
            try
            {
                Directory.Delete(_location, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private void Kill()
    {
        try
        {
            _process?.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
