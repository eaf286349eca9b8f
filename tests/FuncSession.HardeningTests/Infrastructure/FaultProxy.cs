using System.Net;
using System.Net.Sockets;

namespace FuncSession.HardeningTests.Infrastructure;

/// <summary>What the proxy does to the storage traffic that passes it.</summary>
public enum ProxyMode
{
    /// <summary>Forwards every byte at once.</summary>
    Pass,

    /// <summary>Resets every open connection and every new one: storage is unreachable.</summary>
    Refuse,

    /// <summary>Holds every answer from storage for <see cref="FaultProxy.Delay"/> before forwarding it.</summary>
    Delay,
}

/// <summary>
/// A TCP proxy on 127.0.0.1 between the API and Azurite that can cut or slow the connection, so a
/// test can break storage in the ways a network does while Azurite itself keeps its data.
/// </summary>
public sealed class FaultProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _upstream;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private readonly HashSet<TcpClient> _open = [];
    private readonly Task _accepting;
    private volatile ProxyMode _mode;

    public FaultProxy(int upstreamPort)
    {
        _upstream = new IPEndPoint(IPAddress.Loopback, upstreamPort);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public TimeSpan Delay { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Connections accepted so far.</summary>
    public int Connections { get; private set; }

    public ProxyMode Mode
    {
        get => _mode;
        set
        {
            _mode = value;
            if (value == ProxyMode.Refuse)
            {
                ResetAll();
            }
        }
    }

    /// <summary>A connection string of Azurite's account that goes through this proxy.</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={FuncSession.Testing.AzuriteServer.AccountKey};TableEndpoint=http://127.0.0.1:{Port}/devstoreaccount1;";

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stopping.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            Connections++;
            if (_mode == ProxyMode.Refuse)
            {
                Reset(client);
                continue;
            }
            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using var upstream = new TcpClient();
        try
        {
            await upstream.ConnectAsync(_upstream, _stopping.Token);
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
            Reset(client);
            return;
        }
        lock (_gate)
        {
            _open.Add(client);
            _open.Add(upstream);
        }
        try
        {
            using var done = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
            var toStorage = PumpAsync(client.GetStream(), upstream.GetStream(), delayed: false, done.Token);
            var fromStorage = PumpAsync(upstream.GetStream(), client.GetStream(), delayed: true, done.Token);
            await Task.WhenAny(toStorage, fromStorage);
            await done.CancelAsync();
        }
        finally
        {
            lock (_gate)
            {
                _open.Remove(client);
                _open.Remove(upstream);
            }
            client.Dispose();
        }
    }

    private async Task PumpAsync(NetworkStream from, NetworkStream to, bool delayed, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReadAsync(buffer, cancellationToken);
                if (read == 0)
                {
                    return;
                }
                if (delayed && _mode == ProxyMode.Delay)
                {
                    await Task.Delay(Delay, cancellationToken);
                }
                if (_mode == ProxyMode.Refuse)
                {
                    return;
                }
                await to.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    private void ResetAll()
    {
        TcpClient[] open;
        lock (_gate)
        {
            open = [.. _open];
        }
        foreach (var connection in open)
        {
            Reset(connection);
        }
    }

    private static void Reset(TcpClient client)
    {
        try
        {
            if (client.Client is { } socket)
            {
                socket.LingerState = new LingerOption(true, 0);
            }
            client.Close();
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        ResetAll();
        await _accepting;
        _stopping.Dispose();
    }
}
