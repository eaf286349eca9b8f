namespace FuncSession.Testing;

/// <summary>
/// One API for all the tests of a class (<c>IClassFixture&lt;ApiFixture&gt;</c>), for tests that
/// need no fresh app: each start costs a host, a table prefix and five tables. Derive to change
/// the settings; tests that move a clock, count storage calls or assert empty tables start their own.
/// </summary>
public class ApiFixture : IAsyncLifetime
{
    public TestApi Api { get; private set; } = null!;

    /// <summary>Settings over <see cref="TestApi"/>'s defaults.</summary>
    protected virtual IDictionary<string, string?>? Settings => null;

    public async Task InitializeAsync() => Api = await TestApi.StartAsync(settings: Settings);

    public async Task DisposeAsync() => await Api.DisposeAsync();
}
