using Azure;
using Azure.Data.Tables;
using BenchmarkDotNet.Attributes;
using FuncSession.Http;
using FuncSession.Sessions;
using FuncSession.Storage;

namespace FuncSession.Benchmarks;

/// <summary>
/// The CPU work of <c>GET /api/session</c> after storage has answered: the entity becomes a
/// session record, and the record becomes the response body.
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class SessionReadBenchmarks
{
    private TableEntity _entity = null!;
    private SessionRecord _record = null!;

    [GlobalSetup]
    public void Setup()
    {
        _record = SampleSessions.Record(new string('a', 64), SampleSessions.FiftyValues);
        _entity = SessionEntity.From(_record);
        _entity.ETag = new ETag("W/\"datetime'2026-01-01T00%3A00%3A00.0000000Z'\"");
    }

    /// <summary>The target: under 20 µs.</summary>
    [Benchmark(Baseline = true)]
    public ApiResult FiftyValueEntityToResponse() => SessionView.Of(SessionEntity.ToSession(_entity));

    [Benchmark]
    public object FiftyValueEntityToRecord() => SessionEntity.ToSession(_entity);

    [Benchmark]
    public ApiResult FiftyValueRecordToResponse() => SessionView.Of(_record);

    /// <summary><c>GET /api/session/values/{key}</c> on the same session: one value out of fifty.</summary>
    [Benchmark]
    public byte[]? OneValueOfFifty() => SessionJson.Get(_record.Values, "key27");
}
