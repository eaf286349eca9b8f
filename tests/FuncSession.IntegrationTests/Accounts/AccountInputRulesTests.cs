using System.Net;
using Azure.Data.Tables;
using FuncSession.Accounts;
using FuncSession.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace FuncSession.IntegrationTests.Accounts;

/// <summary>What registration refuses, over HTTP against Azurite: common passwords, non-text passwords, invisible and mixed-script names.</summary>
public sealed class AccountInputRulesTests : IAsyncLifetime
{
    private TestApi _api = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _api = await TestApi.StartAsync(settings: AuthApi.FastHashing());
        _client = _api.CreateRawClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _api.DisposeAsync();
    }

    [Theory]
    [InlineData("password")]
    [InlineData("Password1")]
    [InlineData("ｑｗｅｒｔｙｕｉｏｐ")] // full width: the same password once normalized
    [InlineData("iloveyou")]
    public async Task RegisteringWithACommonPasswordIsRefusedAndStoresNothing(string password)
    {
        using var response = await _client.RegisterAsync("carol", password);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "common-password");
        Assert.Contains("less common", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(_api.Entities("Users"));
    }

    [Fact]
    public async Task AnAccountWhosePasswordBecameCommonStillLogsIn()
    {
        // Registered before the list existed: written straight to storage with the API's own hasher.
        await _client.RegisteredAsync("dave");
        var entity = Assert.Single(_api.Entities("Users"));
        entity["PasswordHash"] = _api.Services.GetRequiredService<Passwords>().Hash("password1");
        await _api.Table("Users").UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace);

        using var login = await _client.LoginAsync("dave", "password1");

        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
    }

    [Theory]
    [InlineData("\uFFFE")]
    [InlineData("\uFFFF")]
    [InlineData("\uFDD0")]
    [InlineData("\U0010FFFE")]
    public async Task APasswordWithANoncharacterIsA400AtRegistrationAndLoginNotA500(string noncharacter)
    {
        await _client.RegisteredAsync("erin");
        var password = "long enough " + noncharacter + " password";

        using var register = await _client.RegisterAsync("frank", password);
        using var login = await _client.LoginAsync("erin", password);

        var problem = await register.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-password");
        Assert.Contains("noncharacters", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await login.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-password");
    }

    [Theory]
    [InlineData("p\u0430ypal")]     // Cyrillic 'а' among Latin letters
    [InlineData("\u0391lice")]      // Greek capital alpha
    [InlineData("ひらがな한글")]     // Japanese kana with Korean Hangul
    public async Task ANameThatMixesScriptsIsRefusedWithADetailThatSaysSo(string name)
    {
        using var response = await _client.RegisterAsync(name);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-username");
        Assert.Contains("one script", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(_api.Entities("Users"));
    }

    [Theory]
    [InlineData("bob\u3164")]       // Hangul filler: a letter that renders as nothing
    [InlineData("bo\u034Fb")]       // combining grapheme joiner
    [InlineData("bob\uFE0F")]       // variation selector
    public async Task ANameWithAnInvisibleCharacterIsRefusedWithADetailThatSaysSo(string name)
    {
        using var response = await _client.RegisterAsync(name);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-username");
        Assert.Contains("invisible", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("алиса")]           // all Cyrillic
    [InlineData("mary-jane.2024@example")]
    [InlineData("山田たろう")]       // Han with Hiragana: Japanese
    [InlineData("김철수")]
    public async Task ANameInOneScriptWithDigitsAndPunctuationIsRegistered(string name)
    {
        await _client.RegisteredAsync(name);

        using var login = await _client.LoginAsync(name);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
    }
}
