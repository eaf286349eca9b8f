using System.Reflection;
using Azure.Data.Tables;
using FuncSession.Functions;
using FuncSession.Testing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace FuncSession.IntegrationTests.Hosting;

/// <summary>The Function App's own start-up code builds its host and can make every function class.</summary>
public sealed class FunctionAppHostTests
{
    private static readonly string[] Settings =
    [
        "--FuncSession:SigningKeys=" + TestApi.SigningKey,
        "--SessionStorage:connectionString=UseDevelopmentStorage=true",
    ];

    [Fact]
    public void TheHostResolvesEveryFunctionClass()
    {
        using var host = FunctionAppHost.Create(Settings);
        var functionClasses = typeof(FunctionAppHost).Assembly.GetExportedTypes()
            .Where(type => type.GetMethods().Any(method => method.GetCustomAttribute<FunctionAttribute>() is not null))
            .ToList();

        Assert.NotEmpty(functionClasses);
        foreach (var type in functionClasses)
        {
            Assert.NotNull(ActivatorUtilities.CreateInstance(host.Services, type));
        }
    }

    [Fact]
    public void TheHostValidatesItsOptions()
    {
        using var host = FunctionAppHost.Create(Settings);

        var options = host.Services.GetRequiredService<IOptions<SessionOptions>>().Value;

        Assert.Equal(TimeSpan.FromMinutes(30), options.IdleTimeout);
        Assert.Equal(TimeSpan.FromHours(12), options.AbsoluteTimeout);
        Assert.Equal(TimeSpan.FromDays(31), options.PermanentLifetime);
    }

    [Theory]
    [InlineData("tableServiceUri")]
    [InlineData("endpoint")]
    public void InAzureTheTableClientIsBuiltFromTheEndpointAndTheManagedIdentity(string setting)
    {
        using var host = FunctionAppHost.Create(
        [
            "--FuncSession:SigningKeys=" + TestApi.SigningKey,
            $"--SessionStorage:{setting}=https://funcsessiondata.table.core.windows.net",
            "--SessionStorage:credential=managedidentity",
            "--SessionStorage:clientId=00000000-0000-0000-0000-000000000001",
        ]);

        var client = host.Services.GetRequiredService<TableServiceClient>();

        Assert.Equal("funcsessiondata", client.AccountName);
        Assert.Equal(new Uri("https://funcsessiondata.table.core.windows.net"), client.Uri);
    }

    [Fact]
    public void TheHostRefusesToStartWithoutASigningKey()
    {
        using var host = FunctionAppHost.Create(["--SessionStorage:connectionString=UseDevelopmentStorage=true"]);

        var error = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<SessionOptions>>().Value);

        Assert.Contains("FuncSession__SigningKeys", error.Message, StringComparison.Ordinal);
    }
}
