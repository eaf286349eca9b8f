using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace FuncSession.LocalHost;

/// <summary>
/// Finds the functions of an assembly from their <c>[Function]</c>, <c>[HttpTrigger]</c> and
/// <c>[TimerTrigger]</c> attributes: the same facts the Functions SDK writes to functions.metadata.
/// </summary>
internal static class FunctionCatalog
{
    public static IReadOnlyList<FunctionDescriptor> Discover(Assembly assembly) =>
        [.. assembly.GetExportedTypes()
            .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static))
            .Select(Describe)
            .OfType<FunctionDescriptor>()
            .OrderBy(function => function.Name, StringComparer.Ordinal)];

    private static FunctionDescriptor? Describe(MethodInfo method)
    {
        if (method.GetCustomAttribute<FunctionAttribute>() is not { } function)
        {
            return null;
        }

        foreach (var parameter in method.GetParameters())
        {
            if (parameter.GetCustomAttribute<HttpTriggerAttribute>() is { } http)
            {
                var verbs = (http.Methods ?? ["get", "post", "put", "patch", "delete", "head", "options"])
                    .Select(verb => verb.ToLowerInvariant())
                    .ToArray();
                return new FunctionDescriptor(function.Name, method.DeclaringType!, method, http.Route ?? function.Name, verbs, null);
            }
            if (parameter.GetCustomAttribute<TimerTriggerAttribute>() is { } timer)
            {
                return new FunctionDescriptor(function.Name, method.DeclaringType!, method, null, [], timer.Schedule);
            }
        }
        throw new InvalidOperationException($"Function '{function.Name}' has a trigger that LocalHost cannot run.");
    }
}
