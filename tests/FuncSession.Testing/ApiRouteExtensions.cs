using FuncSession.Functions;

namespace FuncSession.Testing;

/// <summary>What a test needs of a route of <see cref="ApiRoutes"/>: its verb as a request sends it, and a path to call.</summary>
public static class ApiRouteExtensions
{
    extension(ApiRoute route)
    {
        /// <summary>The verbs, upper case, as a request sends them.</summary>
        public IReadOnlyList<string> Methods => [route.Verb.ToUpperInvariant()];

        public bool HasParameter => route.Template.Contains('{', StringComparison.Ordinal);

        /// <summary>The path under /api/ with the route parameter (if any) replaced by <paramref name="value"/>, escaped.</summary>
        public string Path(string value) => route.HasParameter ? ApiPaths.Fill(route.Template, value) : route.Template;
    }
}
