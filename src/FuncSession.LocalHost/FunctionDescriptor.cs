using System.Reflection;

namespace FuncSession.LocalHost;

/// <summary>A function of the Function App as its attributes declare it.</summary>
/// <param name="Name">The name in <c>[Function]</c>.</param>
/// <param name="Type">The function class.</param>
/// <param name="Method">The function method.</param>
/// <param name="Route">The HTTP route without the route prefix; null for timer functions.</param>
/// <param name="Methods">The HTTP verbs, lower case; empty for timer functions.</param>
/// <param name="Schedule">The timer schedule expression as written (may be <c>%Setting%</c>); null for HTTP functions.</param>
internal sealed record FunctionDescriptor(
    string Name, Type Type, MethodInfo Method, string? Route, IReadOnlyList<string> Methods, string? Schedule);
