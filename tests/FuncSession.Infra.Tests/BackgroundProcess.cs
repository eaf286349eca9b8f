using System.Diagnostics;
using System.Text;

namespace FuncSession.Infra.Tests;

/// <summary>A program running in the background; its output is collected as it comes.</summary>
internal sealed class BackgroundProcess : IDisposable
{
    private readonly StringBuilder output = new();

    public BackgroundProcess(Process process)
    {
        Process = process;
        process.OutputDataReceived += (_, line) => Append(line.Data);
        process.ErrorDataReceived += (_, line) => Append(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Process Process { get; }

    public int Id => Process.Id;

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    /// <summary>Ends whatever is left of the program and its descendants, so a failed test leaves nothing running.</summary>
    public void Dispose()
    {
        foreach (var pid in LocalProcesses.Descendants(Id).Append(Id))
        {
            try
            {
                using var left = Process.GetProcessById(pid);
                left.Kill();
            }
            catch (ArgumentException)
            {
                // Already gone.
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
        }
        Process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (output)
        {
            output.AppendLine(line);
        }
    }
}
