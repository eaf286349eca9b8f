using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;

namespace FuncSession.LocalHost;

/// <summary>
/// Calls a function method the way the isolated worker does: a new instance of the function class
/// from the container, the trigger input, route values by parameter name, and a cancellation token.
/// </summary>
internal static class FunctionInvoker
{
    public static async Task InvokeHttpAsync(FunctionDescriptor function, HttpContext context)
    {
        var arguments = new object?[function.Parameters.Count];
        for (var i = 0; i < arguments.Length; i++)
        {
            arguments[i] = BindHttp(function.Parameters[i], context);
        }
        var result = await InvokeAsync(function, context.RequestServices, arguments);
        switch (result)
        {
            case IResult endpointResult:
                await endpointResult.ExecuteAsync(context);
                break;
            case IActionResult actionResult:
                await actionResult.ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor()));
                break;
            default:
                throw new InvalidOperationException($"Function '{function.Name}' returned {result?.GetType().Name ?? "null"}, which LocalHost cannot write.");
        }
    }

    public static Task InvokeTimerAsync(FunctionDescriptor function, IServiceProvider services, TimerInfo timer, CancellationToken cancellationToken)
    {
        var arguments = function.Parameters
            .Select(parameter => parameter.ParameterType switch
            {
                var t when t == typeof(TimerInfo) => timer,
                var t when t == typeof(CancellationToken) => (object)cancellationToken,
                _ => throw Unsupported(function, parameter),
            })
            .ToArray();
        return InvokeAsync(function, services, arguments);
    }

    private static object? BindHttp(ParameterInfo parameter, HttpContext context)
    {
        if (parameter.ParameterType == typeof(HttpRequest))
        {
            return context.Request;
        }
        if (parameter.ParameterType == typeof(CancellationToken))
        {
            return context.RequestAborted;
        }
        if (parameter.ParameterType == typeof(string) && context.GetRouteValue(parameter.Name!) is { } value)
        {
            return Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture);
        }
        throw new InvalidOperationException($"LocalHost cannot bind parameter '{parameter.Name}' of type {parameter.ParameterType.Name}.");
    }

    private static async Task<object?> InvokeAsync(FunctionDescriptor function, IServiceProvider services, object?[] arguments)
    {
        var instance = function.Create?.Invoke(services, null);
        object? returned;
        try
        {
            returned = function.Method.Invoke(instance, arguments);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(ex.InnerException);
            throw;
        }

        if (returned is not Task task)
        {
            return returned;
        }
        await task;
        return function.TaskResult?.GetValue(task);
    }

    private static InvalidOperationException Unsupported(FunctionDescriptor function, ParameterInfo parameter) =>
        new($"LocalHost cannot bind parameter '{parameter.Name}' of function '{function.Name}'.");
}
