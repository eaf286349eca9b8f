using FuncSession.Testing;

namespace FuncSession.BrowserTests.Infrastructure;

/// <summary>Files the browser tests leave for people to look at (ignored by git).</summary>
public static class Artifacts
{
    public static string Folder { get; } = Directory.CreateDirectory(Path.Combine(RepositoryRoot.Path, "artifacts", "screenshots")).FullName;

    public static string Screenshot(string name) => Path.Combine(Folder, name + ".png");
}
