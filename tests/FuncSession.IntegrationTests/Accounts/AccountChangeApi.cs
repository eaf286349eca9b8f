using System.Net;
using System.Text.Json;
using FuncSession.Functions;
using FuncSession.Testing;

namespace FuncSession.IntegrationTests.Accounts;

/// <summary>Requests of the change-password, delete-account and paged my-sessions tests.</summary>
internal static class AccountChangeApi
{
    public const string NewPassword = "purple elephants dance at noon";

    public const string ChangePasswordPath = ApiRoutes.ChangePassword.Template;

    public const string DeleteAccountPath = ApiRoutes.DeleteAccount.Template;

    public static HttpRequestMessage ChangePassword(string current, string next) =>
        new(HttpMethod.Post, ChangePasswordPath)
        {
            Content = HttpAssertions.Json(JsonSerializer.Serialize(new { currentPassword = current, newPassword = next })),
        };

    public static HttpRequestMessage DeleteAccount(string password) =>
        new(HttpMethod.Delete, DeleteAccountPath)
        {
            Content = HttpAssertions.Json(JsonSerializer.Serialize(new { password })),
        };

    /// <summary>The user's sessions as the list shows them, first page only.</summary>
    public static async Task<List<JsonElement>> SessionsAsync(this HttpClient client, string bearer)
    {
        using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, ApiPaths.UserSessions).WithBearer(bearer));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. (await response.ReadJsonAsync()).EnumerateArray()];
    }
}
