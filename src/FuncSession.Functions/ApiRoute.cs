namespace FuncSession.Functions;

/// <summary>One HTTP route of <see cref="ApiRoutes"/>.</summary>
/// <param name="Name">The function's name, as in <c>[Function]</c>.</param>
/// <param name="Verb">The HTTP method, lower case, as in <c>[HttpTrigger]</c>.</param>
/// <param name="Template">The route template without the route prefix, as in <c>[HttpTrigger]</c>.</param>
public sealed record ApiRoute(string Name, string Verb, string Template)
{
    public override string ToString() => $"{Verb.ToUpperInvariant()} {Template}";
}
