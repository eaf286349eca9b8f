using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace FuncSession.Infra.Tests;

/// <summary>The Azure Monitor workbook: deployed by the template, over Application Insights, charting every metric.</summary>
[Collection(CompiledTemplateCollection.Name)]
public sealed partial class DashboardTests(CompiledTemplateFixture compiled)
{
    // The FuncSession meter's instruments, as the Azure Monitor exporter names them in customMetrics.
    public static TheoryData<string> Metrics =>
    [
        "funcsession.sessions.created",
        "funcsession.sessions.ended",
        "funcsession.sessions.swept",
        "funcsession.session.writes",
        "funcsession.session.write_conflicts",
        "funcsession.logins",
        "funcsession.requests.limited",
        "funcsession.storage.duration",
        "funcsession.sweep.duration",
    ];

    private ArmResource Workbook => compiled.Main.Single("Microsoft.Insights/workbooks");

    private IReadOnlyList<string> Queries =>
        [.. ((Content["items"] as JsonArray) ?? [])
            .Select(item => (string?)item?["content"]?["query"])
            .OfType<string>()];

    private JsonObject Content
    {
        get
        {
            var serialized = Workbook.StringAt("properties.serializedData") ?? "";
            var variable = VariableExpression().Match(serialized);
            var json = variable.Success ? ArmTemplate.Text(Workbook.Template.Variables[variable.Groups[1].Value]) : serialized;
            return Assert.IsType<JsonObject>(JsonNode.Parse(json));
        }
    }

    [Fact]
    public void WorkbookReadsApplicationInsights()
    {
        Assert.Equal("shared", Workbook.StringAt("kind"));
        Assert.Contains("Microsoft.Insights/components", Workbook.StringAt("properties.sourceId"), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Metrics))]
    public void WorkbookChartsTheMetric(string metric) =>
        Assert.Contains(Queries, query => query.Contains("customMetrics", StringComparison.Ordinal) && query.Contains($"'{metric}'", StringComparison.Ordinal));

    [Fact]
    public void WorkbookChartsRequestRateAndNinetyFifthPercentileLatency()
    {
        Assert.Contains(Queries, query => query.StartsWith("requests", StringComparison.Ordinal) && query.Contains("count()", StringComparison.Ordinal));
        Assert.Contains(Queries, query => query.StartsWith("requests", StringComparison.Ordinal) && query.Contains("percentile(duration, 95)", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("funcsession.logins", "outcome")]
    [InlineData("funcsession.requests.limited", "reason")]
    [InlineData("funcsession.storage.duration", "operation")]
    public void WorkbookSplitsTheMetricByItsTag(string metric, string tag) =>
        Assert.Contains(Queries, query => query.Contains($"'{metric}'", StringComparison.Ordinal) && query.Contains($"customDimensions['{tag}']", StringComparison.Ordinal));

    [GeneratedRegex(@"^\[variables\('([^']+)'\)\]$")]
    private static partial Regex VariableExpression();
}
