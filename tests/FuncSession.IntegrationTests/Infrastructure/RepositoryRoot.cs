namespace FuncSession.IntegrationTests.Infrastructure;

/// <summary>The folder that holds FuncSession.sln, found from the test's output folder.</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "FuncSession.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException("FuncSession.sln not found above " + AppContext.BaseDirectory);
    }
}
