using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using Azure.Core.Diagnostics;
using FuncSession.Testing;

namespace FuncSession.IntegrationTests.Telemetry;

/// <summary>
/// The app's storage client does not format its requests and responses into the SDK's log events:
/// AddAzureClients would forward them at the Verbose level only for the log filter to drop them,
/// at a cost of about 6 KB and a third of the SDK's CPU per storage call.
/// </summary>
public sealed class SdkLoggingTests
{
    [Fact]
    public async Task TheAppsStorageCallsWriteNoSdkRequestOrResponseEvents()
    {
        await using var api = await TestApi.StartAsync();
        var events = new ConcurrentBag<string>();
        // Other tests run in this process at the same time: count only the events about this API's tables.
        using (new AzureEventSourceListener(
            (e, message) =>
            {
                if (e.EventSource.Name == "Azure-Core" && message.Contains(api.TablePrefix, StringComparison.OrdinalIgnoreCase))
                {
                    events.Add(e.EventName ?? "?");
                }
            },
            EventLevel.Verbose))
        {
            using var client = api.CreateClient();
            using var put = await client.PutAsync("session/values/a", HttpAssertions.Json("1"));
            put.EnsureSuccessStatusCode();
            using var get = await client.GetAsync("session/values/a");
            get.EnsureSuccessStatusCode();

            // The test's own client, built with the SDK's defaults, shows that the listener hears such events.
            await using var page = api.Table("Sessions").QueryAsync<Azure.Data.Tables.TableEntity>(maxPerPage: 1).AsPages().GetAsyncEnumerator();
            await page.MoveNextAsync();
        }

        var seen = events.ToArray();
        Assert.Contains("Request", seen);
        Assert.Equal(1, seen.Count(name => name == "Request"));
    }
}
