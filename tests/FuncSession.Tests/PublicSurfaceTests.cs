using FuncSession.Http;

namespace FuncSession.Tests;

/// <summary>The library shows a host what it needs and nothing more; a new public type is a decision, made here.</summary>
public sealed class PublicSurfaceTests
{
    [Fact]
    public void TheLibraryExportsOnlyWhatAHostNeeds()
    {
        var exported = typeof(SessionEndpoints).Assembly.GetExportedTypes().Select(type => type.FullName).Order(StringComparer.Ordinal);

        Assert.Equal(
            [
                "FuncSession.Accounts.AccountOptions",
                "FuncSession.Cleanup.SessionSweeper",
                "FuncSession.Cleanup.SweepReport",
                "FuncSession.Cleanup.SweepStopReason",
                "FuncSession.Http.ApiResult",
                "FuncSession.Http.AuthEndpoints",
                "FuncSession.Http.DemoEndpoint",
                "FuncSession.Http.HealthEndpoint",
                "FuncSession.Http.OpenApiEndpoint",
                "FuncSession.Http.Problems",
                "FuncSession.Http.ReferenceEndpoint",
                "FuncSession.Http.SessionEndpoints",
                "FuncSession.Http.TransportSecurity",
                "FuncSession.ServiceCollectionExtensions",
                "FuncSession.SessionOptions",
                "FuncSession.Telemetry.FuncSessionTelemetry",
            ],
            exported);
    }
}
