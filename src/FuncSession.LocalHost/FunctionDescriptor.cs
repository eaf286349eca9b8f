using System.Reflection;
using Microsoft.Extensions.DependencyInjection;

namespace FuncSession.LocalHost;

/// <summary>A function of the Function App as its attributes declare it.</summary>
/// <param name="Name">The name in <c>[Function]</c>.</param>
/// <param name="Type">The function class.</param>
/// <param name="Method">The function method.</param>
/// <param name="Route">The HTTP route without the route prefix; null for timer functions.</param>
/// <param name="Methods">The HTTP verbs, lower case; empty for timer functions.</param>
/// <param name="Schedule">The timer schedule expression as written (may be <c>%Setting%</c>); null for HTTP functions.</param>
internal sealed record FunctionDescriptor(
    string Name, Type Type, MethodInfo Method, string? Route, IReadOnlyList<string> Methods, string? Schedule)
{
    /// <summary>The method's parameters, read once: reflection builds a new array on every call.</summary>
    public IReadOnlyList<ParameterInfo> Parameters { get; } = Method.GetParameters();

    /// <summary>Makes an instance of the function class from the request's services, as the worker does per call; null for a static method.</summary>
    public ObjectFactory? Create { get; } = Method.IsStatic ? null : ActivatorUtilities.CreateFactory(Type, Type.EmptyTypes);

    /// <summary>The <c>Result</c> of the <c>Task&lt;T&gt;</c> the method returns; null when it returns a plain task or a value.</summary>
    public PropertyInfo? TaskResult { get; } =
        Method.ReturnType.IsGenericType && typeof(Task).IsAssignableFrom(Method.ReturnType) ? Method.ReturnType.GetProperty(nameof(Task<object>.Result)) : null;
}
