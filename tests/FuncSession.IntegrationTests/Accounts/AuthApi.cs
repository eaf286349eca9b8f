using System.Net;
using System.Text.Json;
using Azure.Data.Tables;
using FuncSession.Accounts;
using FuncSession.Security;
using FuncSession.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace FuncSession.IntegrationTests.Accounts;

/// <summary>Requests and look-ups the account tests share.</summary>
internal static class AuthApi
{
    public const string Password = "correct horse battery staple";

    /// <summary>Settings that keep hashing cheap in tests; the production default is asserted on its own.</summary>
    public static Dictionary<string, string?> FastHashing(params (string Key, string? Value)[] more)
    {
        var settings = new Dictionary<string, string?> { ["FuncSession:PasswordHashIterations"] = "1000" };
        foreach (var (key, value) in more)
        {
            settings[key] = value;
        }
        return settings;
    }

    public static string Body(string username, string password, bool remember = false, bool returnToken = false) =>
        JsonSerializer.Serialize(new { username, password, remember, returnToken });

    public static Task<HttpResponseMessage> RegisterAsync(this HttpClient client, string username, string password = Password) =>
        client.PostAsync(ApiPaths.Register, HttpAssertions.Json(Body(username, password)));

    public static Task<HttpResponseMessage> LoginAsync(
        this HttpClient client, string username, string password = Password, bool remember = false, bool returnToken = false) =>
        client.PostAsync(ApiPaths.Login, HttpAssertions.Json(Body(username, password, remember, returnToken)));

    /// <summary>Registers <paramref name="username"/> and asserts it worked.</summary>
    public static async Task RegisteredAsync(this HttpClient client, string username, string password = Password)
    {
        using var response = await client.RegisterAsync(username, password);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    /// <summary>Logs in, asserts it worked, and returns the bearer token of the new session.</summary>
    public static async Task<string> LoggedInAsync(this HttpClient client, string username, string password = Password, bool remember = false)
    {
        using var response = await client.LoginAsync(username, password, remember, returnToken: true);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadJsonAsync()).GetProperty("token").GetString()!;
    }

    public static async Task<HttpStatusCode> MeStatusAsync(this HttpClient client, string? bearer = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, ApiPaths.Me);
        if (bearer is not null)
        {
            request.WithBearer(bearer);
        }
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>The storage key of a token, as the API computes it.</summary>
    public static string StorageKeyOf(this TestApi api, string token)
    {
        Assert.True(api.Services.GetRequiredService<SessionTokenCodec>().TryRead(token, out var id));
        return id.Key;
    }

    public static string UserKeyOf(string username) => UserNames.Fold(username);

    public static List<TableEntity> Entities(this TestApi api, string table, string? partition = null) =>
        partition is null
            ? [.. api.Table(table).Query<TableEntity>()]
            : [.. api.Table(table).Query<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"))];
}
