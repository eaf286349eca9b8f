namespace FuncSession.BrowserTests.Infrastructure;

/// <summary>Fresh user names, so tests that share one API never meet each other's accounts.</summary>
public static class Users
{
    public const string Password = "correct horse battery staple";

    public static string NewName(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..10];
}
