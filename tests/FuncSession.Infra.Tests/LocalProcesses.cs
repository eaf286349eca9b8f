using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace FuncSession.Infra.Tests;

/// <summary>Starts scripts and programs in the background and looks after what they leave behind.</summary>
internal static class LocalProcesses
{
    /// <summary>A loopback port nothing listens on right now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static bool IsListening(int port)
    {
        using var client = new TcpClient();
        try
        {
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public static bool IsAlive(int pid) => File.Exists($"/proc/{pid}/stat") && !IsZombie(pid);

    /// <summary>Every process below <paramref name="pid"/>, children first found by their parent id in /proc.</summary>
    public static IReadOnlyList<int> Descendants(int pid)
    {
        var parents = new Dictionary<int, int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var child)
                && TryReadStat(child) is { } stat)
            {
                parents[child] = stat.Parent;
            }
        }

        var found = new List<int>();
        var frontier = new Queue<int>([pid]);
        while (frontier.TryDequeue(out var parent))
        {
            foreach (var (child, _) in parents.Where(entry => entry.Value == parent))
            {
                found.Add(child);
                frontier.Enqueue(child);
            }
        }
        return found;
    }

    /// <summary>Sends a signal with kill(1); a negative id names a process group.</summary>
    public static void Signal(int pid, string signal)
    {
        var result = CommandLine.Run("kill", [$"-{signal}", "--", pid.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10));
        Assert.True(result.ExitCode == 0, $"kill -{signal} {pid} failed: {result.StandardError}");
    }

    /// <summary>
    /// Starts a program from the repository root in a session and process group of its own, with
    /// every signal at its default disposition (as a terminal would start a command), collecting what
    /// it prints. A test run started in the background of a script inherits SIGINT ignored, and a
    /// shell cannot trap a signal that was ignored when it started.
    /// </summary>
    public static BackgroundProcess Start(string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?> environment)
    {
        var startInfo = new ProcessStartInfo("env")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryRoot.Path,
        };
        startInfo.ArgumentList.Add("--default-signal");
        startInfo.ArgumentList.Add("setsid");
        startInfo.ArgumentList.Add(fileName);
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in environment)
        {
            if (value is null)
            {
                startInfo.Environment.Remove(name);
            }
            else
            {
                startInfo.Environment[name] = value;
            }
        }

        var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        return new BackgroundProcess(process);
    }

    private static bool IsZombie(int pid) => TryReadStat(pid)?.State == 'Z';

    private static (char State, int Parent)? TryReadStat(int pid)
    {
        try
        {
            // pid (comm) state ppid ...; comm may hold spaces and parentheses, so read after the last ')'.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (fields[0][0], int.Parse(fields[1], CultureInfo.InvariantCulture));
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
