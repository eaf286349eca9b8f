using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace FuncSession.FloodBenchmark;

/// <summary>
/// The flood, run as a second process of this program: logins with random user names on many
/// connections from one address, until the time is up. It prints one line per answer status and
/// one with its own CPU time, which the first process reads back.
/// </summary>
internal static class FloodProcess
{
    public const string Verb = "flood";

    private const string Password = "correct horse battery staple";

    /// <summary>One login request from <paramref name="clientAddress"/>, as the platform's front end would forward it.</summary>
    public static HttpRequestMessage Login(string path, string username, string clientAddress)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent($"{{\"username\":\"{username}\",\"password\":\"{Password}\"}}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Forwarded-For", clientAddress);
        return request;
    }

    /// <summary>Starts the flood process against <paramref name="api"/> and returns what it counted.</summary>
    public static async Task<FloodResult> StartAsync(Uri api, int seconds, int connections, string address)
    {
        var start = new ProcessStartInfo
        {
            FileName = Environment.ProcessPath!,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        // Started as `dotnet FuncSession.FloodBenchmark.dll`, the program is an argument of the host.
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            start.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        }
        foreach (var argument in new[] { Verb, api.ToString(), seconds.ToString(CultureInfo.InvariantCulture), connections.ToString(CultureInfo.InvariantCulture), address })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("The flood process did not start.");
        var output = await process.StandardOutput.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(seconds + 120));
        await process.WaitForExitAsync(deadline.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"The flood process exited with {process.ExitCode}.");
        }

        var statuses = new Dictionary<int, int>();
        var cpu = TimeSpan.Zero;
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split(' ');
            if (parts is ["cpu", var milliseconds])
            {
                cpu = TimeSpan.FromMilliseconds(double.Parse(milliseconds, CultureInfo.InvariantCulture));
            }
            else if (parts is ["status", var status, var count])
            {
                statuses[int.Parse(status, CultureInfo.InvariantCulture)] = int.Parse(count, CultureInfo.InvariantCulture);
            }
        }
        return new FloodResult(statuses, cpu);
    }

    /// <summary>The flood process itself: arguments are the API's root, seconds, connections and the address to claim.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var api = new Uri(args[0]);
        var seconds = int.Parse(args[1], CultureInfo.InvariantCulture);
        var connections = int.Parse(args[2], CultureInfo.InvariantCulture);
        var address = args[3];

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections, UseCookies = false })
        {
            BaseAddress = api,
            Timeout = TimeSpan.FromSeconds(60),
        };
        var counts = new ConcurrentDictionary<int, int>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        await Task.WhenAll(Enumerable.Range(0, connections).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var status = 0;
                try
                {
                    using var answer = await http.SendAsync(Login("auth/login", "f" + Convert.ToHexString(RandomNumberGenerator.GetBytes(6)), address));
                    status = (int)answer.StatusCode;
                }
                catch (HttpRequestException)
                {
                }
                catch (TaskCanceledException)
                {
                }
                counts.AddOrUpdate(status, 1, (_, n) => n + 1);
            }
        })));
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;

        foreach (var (status, count) in counts.OrderBy(pair => pair.Key))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"status {status} {count}"));
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cpu {cpu.TotalMilliseconds:F0}"));
        return 0;
    }
}
