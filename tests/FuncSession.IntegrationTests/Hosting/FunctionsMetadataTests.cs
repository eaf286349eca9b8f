using System.Text.Json;
using FuncSession.Functions;
using FuncSession.LocalHost;
using FuncSession.Testing;

namespace FuncSession.IntegrationTests.Hosting;

/// <summary>
/// One route table: the functions.metadata file the Functions SDK generates at build (the file the
/// real host reads), what LocalHost serves from the attributes, and <see cref="ApiRoutes"/> are the same.
/// </summary>
public sealed class FunctionsMetadataTests
{
    private static string OutputFile(string name) => RepositoryRoot.BuildOutput("FuncSession.Functions", name);

    [Fact]
    public void LocalHostServesExactlyTheFunctionsInTheGeneratedMetadata()
    {
        var generated = GeneratedFunctions();

        var served = LocalHostApp.Functions
            .Select(f => Describe(f.Name, f.Schedule is null ? "httpTrigger" : "timerTrigger", f.Route, f.Methods, f.Schedule))
            .Order()
            .ToList();

        Assert.NotEmpty(generated);
        Assert.Equal(generated, served);
    }

    [Fact]
    public void TheRouteTableListsExactlyTheFunctionsInTheGeneratedMetadata()
    {
        var generated = GeneratedFunctions();

        var table = ApiRoutes.All
            .Select(r => Describe(r.Name, "httpTrigger", r.Template, [r.Verb], null))
            .Append(Describe(ApiRoutes.SessionCleanup.Name, "timerTrigger", null, [], ApiRoutes.SessionCleanup.Schedule))
            .Order()
            .ToList();

        Assert.Equal(generated, table);
    }

    [Fact]
    public void EveryRouteOfTheTableHasItsOwnNameAndVerbAndTemplate()
    {
        Assert.Equal(ApiRoutes.All.Count, ApiRoutes.All.Select(r => r.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Equal(ApiRoutes.All.Count, ApiRoutes.All.Select(r => $"{r.Verb} {r.Template}").Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(ApiRoutes.All, r => Assert.Matches("^(get|put|patch|post|delete)$", r.Verb));
        // Templates are relative to host.json's route prefix.
        Assert.DoesNotContain(ApiRoutes.All, r => r.Template.StartsWith('/'));
    }


    [Fact]
    public void TheBuildPlacesHostJsonAndTheWorkerFilesBesideTheApp()
    {
        foreach (var file in new[] { "host.json", "worker.config.json", "extensions.json", "functions.metadata" })
        {
            Assert.True(File.Exists(OutputFile(file)), $"{file} is missing from the Function App's build output.");
        }
        using var host = JsonDocument.Parse(File.ReadAllText(OutputFile("host.json")));
        Assert.Equal("2.0", host.RootElement.GetProperty("version").GetString());
        Assert.Equal("api", host.RootElement.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());
        using var worker = JsonDocument.Parse(File.ReadAllText(OutputFile("worker.config.json")));
        Assert.Equal("dotnet-isolated", worker.RootElement.GetProperty("description").GetProperty("language").GetString());
    }

    [Fact]
    public void TheGeneratedExtensionsIncludeTheHttpAndTimerExtensions()
    {
        var extensions = File.ReadAllText(OutputFile("extensions.json"));
        var dependencies = File.ReadAllText(OutputFile(Path.Combine(".azurefunctions", "function.deps.json")));

        Assert.Contains("FunctionMetadataLoader", extensions, StringComparison.Ordinal);
        Assert.Contains("\"Microsoft.Azure.WebJobs.Extensions.Http/", dependencies, StringComparison.Ordinal);
        // The timer trigger lives in the core WebJobs extensions package.
        Assert.Contains("\"Microsoft.Azure.WebJobs.Extensions/", dependencies, StringComparison.Ordinal);
    }

    private static List<string> GeneratedFunctions()
    {
        using var metadata = JsonDocument.Parse(File.ReadAllText(OutputFile("functions.metadata")));
        return metadata.RootElement.EnumerateArray()
            .Select(function =>
            {
                var trigger = function.GetProperty("bindings").EnumerateArray().Single(b => b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal));
                return Describe(
                    function.GetProperty("name").GetString()!,
                    trigger.GetProperty("type").GetString()!,
                    trigger.TryGetProperty("route", out var route) ? route.GetString() : null,
                    trigger.TryGetProperty("methods", out var methods) ? methods.EnumerateArray().Select(m => m.GetString()!) : [],
                    trigger.TryGetProperty("schedule", out var schedule) ? schedule.GetString() : null);
            })
            .Order()
            .ToList();
    }

    private static string Describe(string name, string type, string? route, IEnumerable<string> methods, string? schedule) =>
        $"{name} {type} route={route} methods={string.Join(",", methods.Select(m => m.ToLowerInvariant()).Order())} schedule={schedule}";
}
