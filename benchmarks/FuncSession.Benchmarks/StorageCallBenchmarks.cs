using System.Net;
using System.Text;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using BenchmarkDotNet.Attributes;
using FuncSession.Storage;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Logging;

namespace FuncSession.Benchmarks;

/// <summary>
/// The API process's CPU for one session point read through Azure.Data.Tables, with storage
/// replaced by a canned answer in process: the SDK pipeline, HttpClient, the OData JSON and the
/// entity mapping. With <see cref="ForwardSdkEvents"/> the SDK's events are forwarded to a logger
/// that keeps only errors, as <c>AddAzureClients</c> does in the app at the Verbose level; without
/// it, nothing listens to them. <see cref="SdkLoggingPolicy"/> false is the app's client, whose
/// logging policy is off, so there is nothing to forward.
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class StorageCallBenchmarks
{
    private TableClient _table = null!;
    private ILoggerFactory? _loggers;
    private AzureEventSourceLogForwarder? _forwarder;
    private string _key = null!;

    [Params(false, true)]
    public bool ForwardSdkEvents { get; set; }

    [Params(true, false)]
    public bool SdkLoggingPolicy { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        // Stopped again in Cleanup, so the forwarding of one case does not reach the next, even run in one process.
        if (ForwardSdkEvents)
        {
            _loggers = LoggerFactory.Create(logging => logging.SetMinimumLevel(LogLevel.Error));
            _forwarder = new AzureEventSourceLogForwarder(_loggers);
            _forwarder.Start();
        }
        _key = new string('a', 64);
        var body = PointReadBody(SessionEntity.From(SampleSessions.Record(_key, SampleSessions.SmallValues)));
        var options = new TableClientOptions { Transport = new HttpClientTransport(new HttpClient(new CannedAnswer(body))) };
        options.Diagnostics.IsLoggingEnabled = SdkLoggingPolicy;
        _table = new TableClient(new Uri("http://127.0.0.1:10002/devstoreaccount1/Sessions"), "Sessions",
            new TableSharedKeyCredential("devstoreaccount1", Convert.ToBase64String(new byte[64])), options);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _forwarder?.Dispose();
        _loggers?.Dispose();
    }

    /// <summary>What a GET costs the API in the storage call: read the session entity and map it to a record.</summary>
    [Benchmark]
    public async Task<object?> PointReadAndMap()
    {
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(_key, _key);
        return response.HasValue ? SessionEntity.ToSession(response.Value!) : null;
    }

    /// <summary>The body Table Storage answers a point read with (minimal metadata), for the entity given.</summary>
    private static byte[] PointReadBody(TableEntity entity)
    {
        var json = new StringBuilder("{\"odata.metadata\":\"http://127.0.0.1:10002/devstoreaccount1/$metadata#Sessions/@Element\",");
        json.Append("\"odata.etag\":\"W/\\\"datetime'2026-01-01T00%3A00%3A00.0000000Z'\\\"\",");
        json.Append("\"Timestamp\":\"2026-01-01T00:00:00.0000000Z\"");
        foreach (var (name, value) in entity)
        {
            if (name is "odata.etag" or "Timestamp")
            {
                continue;
            }
            json.Append(",\"").Append(name).Append("\":");
            switch (value)
            {
                case DateTimeOffset time:
                    json.Append('"').Append(time.UtcDateTime.ToString("o")).Append('"');
                    json.Append(",\"").Append(name).Append("@odata.type\":\"Edm.DateTime\"");
                    break;
                case byte[] bytes:
                    json.Append('"').Append(Convert.ToBase64String(bytes)).Append('"');
                    json.Append(",\"").Append(name).Append("@odata.type\":\"Edm.Binary\"");
                    break;
                case bool flag:
                    json.Append(flag ? "true" : "false");
                    break;
                case int number:
                    json.Append(number);
                    break;
                default:
                    json.Append('"').Append(value).Append('"');
                    break;
            }
        }
        return Encoding.UTF8.GetBytes(json.Append('}').ToString());
    }

    /// <summary>Answers every request at once with the same 200 and JSON body, as a point read that found its entity.</summary>
    private sealed class CannedAnswer(byte[] body) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = new HttpResponseMessage(HttpStatusCode.OK) { RequestMessage = request, Content = new ByteArrayContent(body) };
            response.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json;odata=minimalmetadata;streaming=true;charset=utf-8");
            response.Headers.TryAddWithoutValidation("ETag", "W/\"datetime'2026-01-01T00%3A00%3A00.0000000Z'\"");
            response.Headers.TryAddWithoutValidation("x-ms-request-id", "00000000-0000-0000-0000-000000000000");
            response.Headers.TryAddWithoutValidation("x-ms-version", "2019-02-02");
            return Task.FromResult(response);
        }
    }
}
