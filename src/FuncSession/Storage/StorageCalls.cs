using System.Net.Sockets;
using Azure;

namespace FuncSession.Storage;

/// <summary>
/// Turns storage faults into <see cref="StorageUnavailableException"/>: no answer, time-outs,
/// server errors and throttling, and missing tables. Outcomes a caller reasons about (404 of an
/// entity, 409, 412) are left to the caller.
/// </summary>
internal static class StorageCalls
{
    public static async Task<T> Guard<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call(cancellationToken);
        }
        catch (Exception ex) when (IsUnavailable(ex, cancellationToken))
        {
            throw new StorageUnavailableException("Table Storage did not answer: " + ex.Message, ex);
        }
    }

    public static async Task Guard(Func<CancellationToken, Task> call, CancellationToken cancellationToken)
    {
        try
        {
            await call(cancellationToken);
        }
        catch (Exception ex) when (IsUnavailable(ex, cancellationToken))
        {
            throw new StorageUnavailableException("Table Storage did not answer: " + ex.Message, ex);
        }
    }

    private static bool IsUnavailable(Exception ex, CancellationToken cancellationToken) => ex switch
    {
        RequestFailedException rf => rf.Status is 0 or 408 or 429 or >= 500 || rf.ErrorCode == "TableNotFound",
        AggregateException agg => agg.InnerExceptions.All(inner => IsUnavailable(inner, cancellationToken)),
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        // The SDK's retry policy throws an AggregateException of every try; a try that failed while
        // connecting can leave a bare SocketException there (seen when connections are reset).
        HttpRequestException or IOException or SocketException or TimeoutException => true,
        _ => false,
    };
}
