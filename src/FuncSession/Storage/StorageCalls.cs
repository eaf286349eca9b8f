using System.Diagnostics;
using System.Net.Sockets;
using Azure;
using FuncSession.Sessions;
using FuncSession.Telemetry;

namespace FuncSession.Storage;

/// <summary>
/// Makes one storage call and turns storage faults into <see cref="StorageUnavailableException"/>:
/// no answer, time-outs, server errors and throttling, missing tables, and a refused identity (401/403). Outcomes a caller
/// reasons about (404 of an entity, 409, 412) are left to the caller.
/// </summary>
/// <remarks>
/// The caller's token (for a request: the client going away) is checked before the call, not
/// passed into it: a call once sent runs to its answer, bounded by the storage time-out and
/// retries. Cancelling an HTTP/1.1 call in flight closes its pooled connection while the server
/// does the work anyway, and a write's outcome would become unknown. Under load, clients that
/// give up would otherwise make the service reconnect to storage again and again.
/// </remarks>
internal static class StorageCalls
{
    /// <summary>
    /// Makes the call named <paramref name="operation"/> (e.g. <c>session.read</c>) inside a span of
    /// the <see cref="FuncSessionTelemetry.ActivitySourceName"/> source, and records its latency and
    /// outcome in <see cref="FuncSessionMetrics.StorageDuration"/>: every storage call passes here, so this is the one place.
    /// </summary>
    public static async Task<T> Guard<T>(
        FuncSessionMetrics metrics, string operation, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var activity = FuncSessionTelemetry.Source.StartActivity(operation, ActivityKind.Client);
        var startedAt = metrics.Timestamp();
        var outcome = FuncSessionMetrics.StorageOutcomes.Failed;
        try
        {
            var result = await call(CancellationToken.None);
            outcome = FuncSessionMetrics.StorageOutcomes.Succeeded;
            return result;
        }
        catch (Exception ex) when (IsUnavailable(ex, cancellationToken))
        {
            outcome = FuncSessionMetrics.StorageOutcomes.Unavailable;
            throw Unavailable(ex);
        }
        finally
        {
            metrics.StorageCall(operation, outcome, startedAt, activity);
        }
    }

    public static Task Guard(FuncSessionMetrics metrics, string operation, Func<CancellationToken, Task> call, CancellationToken cancellationToken) =>
        Guard(metrics, operation, async ct =>
        {
            await call(ct);
            return true;
        }, cancellationToken);

    /// <summary>
    /// A 404 about the entity, which callers reason about; a 404 about the table (it does not exist,
    /// e.g. before start-up created it) is an outage instead.
    /// </summary>
    public static bool IsMissingEntity(RequestFailedException ex) => ex.Status == 404 && ex.ErrorCode != TableNotFound;

    private const string TableNotFound = "TableNotFound";

    private static StorageUnavailableException Unavailable(Exception ex) =>
        IsAccessDenied(ex)
            ? new StorageUnavailableException(
                "Table Storage refused the app's identity (401/403): check the identity and its Storage Table Data Contributor role. " + ex.Message, ex)
            {
                AccessDenied = true,
            }
            : new StorageUnavailableException("Table Storage did not answer: " + ex.Message, ex) { OutcomeUnknown = MayHaveApplied(ex) };

    private static bool IsAccessDenied(Exception ex) => ex switch
    {
        RequestFailedException rf => rf.Status is 401 or 403,
        AggregateException agg => agg.InnerExceptions.Any(IsAccessDenied),
        _ => false,
    };

    /// <summary>
    /// False only when storage certainly did not apply the call: it refused it (throttled, busy, no
    /// such table) or the connection was never made. Anything else may have been applied.
    /// </summary>
    private static bool MayHaveApplied(Exception ex) => ex switch
    {
        RequestFailedException rf when rf.Status is 429 or 503 or 401 or 403 || rf.ErrorCode == TableNotFound => false,
        RequestFailedException rf when rf.Status != 0 => rf.Status is 408 or >= 500,
        RequestFailedException rf => rf.InnerException is not null && MayHaveApplied(rf.InnerException),
        AggregateException agg => agg.InnerExceptions.Any(MayHaveApplied),
        HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError } => false,
        HttpRequestException { InnerException: SocketException { SocketErrorCode: SocketError.ConnectionRefused } } => false,
        SocketException { SocketErrorCode: SocketError.ConnectionRefused } => false,
        _ => true,
    };

    private static bool IsUnavailable(Exception ex, CancellationToken cancellationToken) => ex switch
    {
        RequestFailedException rf => rf.Status is 0 or 401 or 403 or 408 or 429 or >= 500 || rf.ErrorCode == TableNotFound,
        // The SDK's retry policy throws an AggregateException of every failed try. A try cancelled
        // there timed out: the call is never given a token that cancels. A try that failed while
        // connecting can leave a bare SocketException there (seen when connections are reset).
        AggregateException agg => agg.InnerExceptions.All(inner => inner is OperationCanceledException || IsUnavailable(inner, cancellationToken)),
        // Outside a retry aggregate, a cancellation is the caller's own (a query's pages carry its
        // token) unless the caller's token is still live.
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        HttpRequestException or IOException or SocketException or TimeoutException => true,
        _ => false,
    };
}
