using System.Reflection;

namespace FuncSession.Testing;

/// <summary>
/// The checkout the tests run from: the nearest folder holding FuncSession.sln above the output
/// folder, or else above the working folder (a benchmark may be run from a published copy).
/// </summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    public static string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>
    /// A file the build wrote for the program <paramref name="project"/> under src/, in the configuration
    /// the tests were built in (the solution builds both in one).
    /// </summary>
    public static string BuildOutput(string project, string file) => Combine("src", project, "bin", Configuration, "net10.0", file);

    private static readonly string Configuration =
        typeof(RepositoryRoot).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    private static string Find()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(System.IO.Path.Combine(directory.FullName, "FuncSession.sln")))
                {
                    return directory.FullName;
                }
            }
        }
        throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} or {Directory.GetCurrentDirectory()} contains FuncSession.sln.");
    }
}
