using System.Reflection;

namespace FuncSession.Infra.Tests;

/// <summary>
/// Runs the Bicep CLI that the test project's PackageDownload restored into the NuGet packages folder
/// (<c>NUGET_PACKAGES</c> when set, otherwise <c>~/.nuget/packages</c>).
/// </summary>
internal static class BicepCli
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public static string Version { get; } =
        typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(attribute => attribute.Key == "BicepVersion").Value!;

    public static string ExecutablePath { get; } = Locate();

    public static CliResult Run(params string[] arguments) => CommandLine.Run(ExecutablePath, arguments, Timeout);

    private static string Locate()
    {
        var packagesFolder = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var executable = Path.Combine(packagesFolder, "azure.bicep.commandline.linux-x64", Version, "tools", "bicep");

        return File.Exists(executable)
            ? executable
            : throw new FileNotFoundException(
                $"The Bicep CLI {Version} is not at {executable}. Restore the test project (dotnet restore) to download it.",
                executable);
    }
}
