using System.Net;
using Azure.Data.Tables;
using FuncSession.Accounts;
using FuncSession.Testing;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace FuncSession.IntegrationTests.Accounts;

/// <summary>Accounts as stored: one per normalized name, hashed by ASP.NET Core Identity, rehashed when the parameters rise.</summary>
public sealed class AccountRegistrationTests : IAsyncLifetime
{
    private TestApi _api = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _api = await TestApi.StartAsync(settings: AuthApi.FastHashing(("FuncSession:PasswordHashIterations", "2000")));
        _client = _api.CreateRawClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _api.DisposeAsync();
    }

    [Fact]
    public async Task NamesThatDifferOnlyInCaseOrWidthAreOneAccount()
    {
        await _client.RegisteredAsync("Alice");

        foreach (var twin in new[] { "alice", "ALICE", "ＡＬＩＣＥ" })
        {
            using var again = await _client.RegisterAsync(twin);
            await again.AssertProblemAsync(HttpStatusCode.Conflict, "username-taken");
        }
        using var login = await _client.LoginAsync("ａｌｉｃｅ");
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Equal("Alice", (await login.ReadJsonAsync()).GetProperty("username").GetString());
        var user = Assert.Single(_api.Entities("Users"));
        Assert.Equal("alice", user.PartitionKey);
        Assert.Equal("Alice", user.GetString("Name"));
    }

    [Fact]
    public async Task ThePasswordIsStoredAsAnIdentityV3HashWithTheConfiguredIterations()
    {
        await _client.RegisteredAsync("bob");

        var user = Assert.Single(_api.Entities("Users"));
        var hash = user.GetString("PasswordHash");
        Assert.DoesNotContain(AuthApi.Password, string.Join(" ", user.Select(p => p.Value)), StringComparison.Ordinal);
        var (prf, iterations) = Parameters(hash);
        Assert.Equal(2, prf); // KeyDerivationPrf.HMACSHA512
        Assert.Equal(2000, iterations);
    }

    [Fact]
    public async Task AHashWithWeakerParametersIsReplacedAtTheNextSuccessfulLogin()
    {
        await _client.RegisteredAsync("carol");
        var weak = new PasswordHasher<object>(Options.Create(new PasswordHasherOptions { IterationCount = 1000 }))
            .HashPassword(new object(), AuthApi.Password);
        var entity = Assert.Single(_api.Entities("Users"));
        entity["PasswordHash"] = weak;
        await _api.Table("Users").UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace);

        using var wrong = await _client.LoginAsync("carol", "not the password");
        Assert.Equal(weak, Assert.Single(_api.Entities("Users")).GetString("PasswordHash"));
        using var login = await _client.LoginAsync("carol");

        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var rehashed = Assert.Single(_api.Entities("Users")).GetString("PasswordHash");
        Assert.Equal(2000, Parameters(rehashed).Iterations);
        using var again = await _client.LoginAsync("carol");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    [Fact]
    public async Task PasswordsAreNeitherTruncatedNorCaseFolded()
    {
        var longest = string.Concat(Enumerable.Repeat("Ab1-", 32));
        await _client.RegisteredAsync("dave", longest);

        using var prefix = await _client.LoginAsync("dave", longest[..^1]);
        using var upper = await _client.LoginAsync("dave", longest.ToUpperInvariant());
        using var exact = await _client.LoginAsync("dave", longest);
        using var tooLong = await _client.RegisterAsync("erin", longest + "x");
        using var tooShort = await _client.RegisterAsync("erin", "1234567");
        using var emoji = await _client.RegisterAsync("erin", "🔑🔑🔑🔑🔑🔑🔑🔑");

        Assert.Equal(HttpStatusCode.Unauthorized, prefix.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, upper.StatusCode);
        Assert.Equal(HttpStatusCode.OK, exact.StatusCode);
        await tooLong.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-password");
        await tooShort.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-password");
        Assert.Equal(HttpStatusCode.Created, emoji.StatusCode);
    }

    [Fact]
    public async Task OfSimultaneousRegistrationsOfOneNameExactlyOneSucceeds()
    {
        // A different password each, so no attempt is a repeat of the winner (a repeat with the same
        // name and password succeeds again, whichever request gets there first).
        var attempts = new[] { "frank", "Frank", "FRANK", "frank", "fRaNk", "ＦＲＡＮＫ", "frank", "Frank" }.Select(async (name, i) =>
        {
            using var response = await _client.RegisterAsync(name, $"password-{i}-of-" + name);
            return response.StatusCode;
        });

        var statuses = await Task.WhenAll(attempts);

        Assert.Single(statuses, HttpStatusCode.Created);
        Assert.Equal(7, statuses.Count(s => s == HttpStatusCode.Conflict));
        Assert.Single(_api.Entities("Users"));
    }

    [Fact]
    public async Task RegisteringDoesNotLogIn()
    {
        using var client = _api.CreateClient();

        using var response = await client.RegisterAsync("grace");

        Assert.Empty(response.SetCookies());
        Assert.Equal(HttpStatusCode.Unauthorized, await client.MeStatusAsync());
        Assert.Empty(_api.Entities("Sessions"));
    }

    [Fact]
    public async Task RegistrationCanBeSwitchedOff()
    {
        await using var closed = await TestApi.StartAsync(settings: AuthApi.FastHashing(("FuncSession:RegistrationEnabled", "false")));
        using var client = closed.CreateRawClient();

        using var response = await client.RegisterAsync("heidi");

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "registration-disabled");
        response.AssertNoStore();
        Assert.Empty(closed.Entities("Users"));
        using var login = await client.LoginAsync("heidi");
        await login.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid-credentials");
    }

    /// <summary>The PRF and iteration count in the header of an Identity V3 hash.</summary>
    private static (int Prf, int Iterations) Parameters(string? hash)
    {
        var bytes = Convert.FromBase64String(hash!);
        Assert.Equal(0x01, bytes[0]);
        return ((bytes[1] << 24) | (bytes[2] << 16) | (bytes[3] << 8) | bytes[4], (bytes[5] << 24) | (bytes[6] << 16) | (bytes[7] << 8) | bytes[8]);
    }
}
