using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace FuncSession.LocalHost;

/// <summary>
/// Reads local.settings.json the way Functions Core Tools do: its <c>Values</c> become settings
/// (<c>A__B</c> is the key <c>A:B</c>), and <c>Host.LocalHttpPort</c> is the port.
/// </summary>
internal sealed class LocalSettings
{
    public const string FileName = "local.settings.json";

    public Dictionary<string, string?> Values { get; } = new(StringComparer.OrdinalIgnoreCase);

    public int? LocalHttpPort { get; private set; }

    public string? Path { get; private set; }

    /// <summary>The first local.settings.json in the working folder or above it, or in the app's folder.</summary>
    public static LocalSettings Load(string? explicitPath = null)
    {
        var settings = new LocalSettings();
        var path = explicitPath ?? FindUpwards(Directory.GetCurrentDirectory()) ?? FindUpwards(AppContext.BaseDirectory);
        if (path is null || !File.Exists(path))
        {
            return settings;
        }

        settings.Path = path;
        using var document = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        if (document.RootElement.TryGetProperty("Values", out var values) && values.ValueKind == JsonValueKind.Object)
        {
            foreach (var value in values.EnumerateObject())
            {
                settings.Values[value.Name.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal)] =
                    value.Value.ValueKind == JsonValueKind.String ? value.Value.GetString() : value.Value.GetRawText();
            }
        }
        if (document.RootElement.TryGetProperty("Host", out var host)
            && host.TryGetProperty("LocalHttpPort", out var port)
            && port.TryGetInt32(out var number))
        {
            settings.LocalHttpPort = number;
        }
        return settings;
    }

    private static string? FindUpwards(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            var candidate = System.IO.Path.Combine(directory.FullName, FileName);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }
}
