using System.Reflection;

namespace FuncSession.Functions;

/// <summary>
/// The API on one screen: every function's name, HTTP verb and route template (under host.json's
/// route prefix, <c>/api/</c>), grouped by the function class that serves it. The <c>[Function]</c>
/// and <c>[HttpTrigger]</c> attributes take their arguments from here, so this is what the
/// Functions SDK writes to functions.metadata, what LocalHost serves, and what the tests call.
/// </summary>
public static class ApiRoutes
{
    // SessionFunctions → SessionEndpoints: the whole session.
    public static class GetSession { public const string Name = nameof(GetSession), Verb = "get", Template = "session"; }
    public static class PatchSession { public const string Name = nameof(PatchSession), Verb = "patch", Template = "session"; }
    public static class DeleteSession { public const string Name = nameof(DeleteSession), Verb = "delete", Template = "session"; }

    // SessionValueFunctions → SessionEndpoints: one value of the session.
    public static class GetSessionValue { public const string Name = nameof(GetSessionValue), Verb = "get", Template = "session/values/{key}"; }
    public static class PutSessionValue { public const string Name = nameof(PutSessionValue), Verb = "put", Template = "session/values/{key}"; }
    public static class DeleteSessionValue { public const string Name = nameof(DeleteSessionValue), Verb = "delete", Template = "session/values/{key}"; }

    // AuthFunctions → AuthEndpoints (Logout → SessionEndpoints: logging out is ending the session).
    public static class Register { public const string Name = nameof(Register), Verb = "post", Template = "auth/register"; }
    public static class Login { public const string Name = nameof(Login), Verb = "post", Template = "auth/login"; }
    public static class Logout { public const string Name = nameof(Logout), Verb = "post", Template = "auth/logout"; }
    public static class Me { public const string Name = nameof(Me), Verb = "get", Template = "auth/me"; }
    public static class ListUserSessions { public const string Name = nameof(ListUserSessions), Verb = "get", Template = "auth/sessions"; }
    public static class EndUserSession { public const string Name = nameof(EndUserSession), Verb = "delete", Template = "auth/sessions/{id}"; }
    public static class LogoutAll { public const string Name = nameof(LogoutAll), Verb = "post", Template = "auth/logout-all"; }
    public static class ChangePassword { public const string Name = nameof(ChangePassword), Verb = "post", Template = "auth/password"; }
    public static class DeleteAccount { public const string Name = nameof(DeleteAccount), Verb = "delete", Template = "auth/account"; }

    // HealthFunction → HealthEndpoint; DemoFunction → DemoEndpoint.
    public static class Health { public const string Name = nameof(Health), Verb = "get", Template = "health"; }
    public static class Demo { public const string Name = nameof(Demo), Verb = "get", Template = "demo"; }

    // OpenApiFunctions → OpenApiEndpoint, ReferenceEndpoint: the description of every route here.
    public static class OpenApi { public const string Name = nameof(OpenApi), Verb = "get", Template = "openapi.json"; }
    public static class Reference { public const string Name = nameof(Reference), Verb = "get", Template = "reference"; }

    // Not a route: SessionCleanupFunction → SessionSweeper, on the schedule the app setting names.
    public static class SessionCleanup { public const string Name = nameof(SessionCleanup), Schedule = "%SessionCleanupSchedule%"; }

    /// <summary>Every route above, by template: read from the table itself, so that a new route is one new line.</summary>
    public static IReadOnlyList<ApiRoute> All { get; } = [.. typeof(ApiRoutes).GetNestedTypes()
        .Where(route => route.GetField(nameof(GetSession.Template)) is not null)
        .Select(route => new ApiRoute(Constant(route, nameof(GetSession.Name)), Constant(route, nameof(GetSession.Verb)), Constant(route, nameof(GetSession.Template))))
        .OrderBy(route => route.Template, StringComparer.Ordinal)
        .ThenBy(route => route.Name, StringComparer.Ordinal)];

    private static string Constant(Type route, string field) => (string)route.GetField(field, BindingFlags.Public | BindingFlags.Static)!.GetRawConstantValue()!;
}
