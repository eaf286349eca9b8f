using FuncSession.LocalHost;

namespace FuncSession.HardeningTests.Infrastructure;

/// <summary>One HTTP route of the API, as the Function App's attributes declare it.</summary>
public sealed record ApiRoute(string Name, string Template, IReadOnlyList<string> Methods)
{
    public bool HasParameter => Template.Contains('{', StringComparison.Ordinal);

    /// <summary>The path under /api/ with the route parameter (if any) replaced by <paramref name="value"/>, escaped.</summary>
    public string Path(string value) =>
        HasParameter ? Template[..Template.IndexOf('{', StringComparison.Ordinal)] + Uri.EscapeDataString(value) : Template;

    public override string ToString() => $"{string.Join(",", Methods)} {Template}";
}

/// <summary>Every HTTP route the API serves, so the fuzz pass covers endpoints as they are added.</summary>
public static class ApiRoutes
{
    public static IReadOnlyList<ApiRoute> All { get; } = [.. LocalHostApp.Functions
        .Where(f => f.Route is not null)
        .Select(f => new ApiRoute(f.Name, f.Route!, [.. f.Methods.Select(m => m.ToUpperInvariant())]))
        .OrderBy(r => r.Template, StringComparer.Ordinal)
        .ThenBy(r => r.Name, StringComparer.Ordinal)];

    public static bool Has(string template) => All.Any(r => r.Template == template);
}
