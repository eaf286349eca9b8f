using FuncSession.Functions;

namespace FuncSession.Testing;

/// <summary>
/// The paths tests call, relative to <see cref="TestApi.BaseAddress"/>, made from the templates of
/// <see cref="ApiRoutes"/>: a route that moves there moves here.
/// </summary>
public static class ApiPaths
{
    public const string Session = ApiRoutes.GetSession.Template;
    public const string Register = ApiRoutes.Register.Template;
    public const string Login = ApiRoutes.Login.Template;
    public const string Logout = ApiRoutes.Logout.Template;
    public const string LogoutAll = ApiRoutes.LogoutAll.Template;
    public const string Me = ApiRoutes.Me.Template;
    public const string UserSessions = ApiRoutes.ListUserSessions.Template;
    public const string Health = ApiRoutes.Health.Template;
    public const string Demo = ApiRoutes.Demo.Template;
    public const string OpenApi = ApiRoutes.OpenApi.Template;
    public const string Reference = ApiRoutes.Reference.Template;

    /// <summary>One value of the session: <c>session/values/{key}</c>.</summary>
    public static string Value(string key) => Fill(ApiRoutes.GetSessionValue.Template, key);

    /// <summary>One of the user's sessions, by handle: <c>auth/sessions/{id}</c>.</summary>
    public static string UserSession(string handle) => Fill(ApiRoutes.EndUserSession.Template, handle);

    /// <summary>The template with its one parameter, which ends it, replaced by <paramref name="value"/>, escaped.</summary>
    public static string Fill(string template, string value) =>
        template[..template.IndexOf('{', StringComparison.Ordinal)] + Uri.EscapeDataString(value);
}
