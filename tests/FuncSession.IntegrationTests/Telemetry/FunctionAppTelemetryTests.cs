using FuncSession.Testing;
using System.Reflection;
using Azure.Identity;
using FuncSession.Functions;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace FuncSession.IntegrationTests.Telemetry;

/// <summary>
/// The Function App exports telemetry only when Application Insights is configured, and starts the
/// same either way. Nothing here resolves an exporter: that would send to Azure.
/// </summary>
public sealed class FunctionAppTelemetryTests
{
    private const string ConnectionString = "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=http://127.0.0.1:9/";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TheHostResolvesEveryFunctionClassWithAndWithoutApplicationInsights(bool appInsights)
    {
        string[] settings =
        [
            "--FuncSession:SigningKeys=" + TestApi.SigningKey,
            "--SessionStorage:connectionString=UseDevelopmentStorage=true",
            .. appInsights
                ? new[]
                {
                    $"--{FunctionAppTelemetry.ConnectionStringSetting}={ConnectionString}",
                    $"--{FunctionAppTelemetry.AuthenticationStringSetting}=ClientId=00000000-0000-0000-0000-000000000001;Authorization=AAD",
                }
                : [],
        ];
        using var host = FunctionAppHost.Create(settings);
        var functionClasses = typeof(FunctionAppHost).Assembly.GetExportedTypes()
            .Where(type => type.GetMethods().Any(method => method.GetCustomAttribute<FunctionAttribute>() is not null))
            .ToList();

        Assert.Contains(typeof(SessionCleanupFunction), functionClasses);
        foreach (var type in functionClasses)
        {
            Assert.NotNull(ActivatorUtilities.CreateInstance(host.Services, type));
        }
    }

    [Fact]
    public void MetricsAndTracesAreExportedOnlyWhenAConnectionStringIsSet()
    {
        var without = Registered(new Dictionary<string, string?>());
        var with = Registered(new Dictionary<string, string?> { [FunctionAppTelemetry.ConnectionStringSetting] = ConnectionString });

        Assert.DoesNotContain(without, d => d.ServiceType == typeof(MeterProvider) || d.ServiceType == typeof(TracerProvider));
        Assert.Contains(with, d => d.ServiceType == typeof(MeterProvider));
        Assert.Contains(with, d => d.ServiceType == typeof(TracerProvider));
    }

    [Theory]
    [InlineData("ClientId=00000000-0000-0000-0000-000000000001;Authorization=AAD")]
    [InlineData("Authorization=AAD; ClientId=00000000-0000-0000-0000-000000000001")]
    [InlineData("Authorization=AAD")]
    public void TheAuthenticationStringSignsInWithTheManagedIdentity(string authentication) =>
        Assert.IsType<ManagedIdentityCredential>(FunctionAppTelemetry.Credential(authentication));

    [Fact]
    public void WithoutAnAuthenticationStringTheConnectionStringAlone()
    {
        Assert.Null(FunctionAppTelemetry.Credential(null));
        Assert.Null(FunctionAppTelemetry.Credential(""));
    }

    [Fact]
    public void AnAuthenticationStringWithoutEntraIdIsRefusedByName()
    {
        var error = Assert.Throws<InvalidOperationException>(() => FunctionAppTelemetry.Credential("ClientId=abc"));

        Assert.Contains(FunctionAppTelemetry.AuthenticationStringSetting, error.Message, StringComparison.Ordinal);
    }

    private static ServiceCollection Registered(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddFunctionAppTelemetry(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        return services;
    }
}
