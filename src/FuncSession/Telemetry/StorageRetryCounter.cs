using Azure.Core;
using Azure.Core.Pipeline;

namespace FuncSession.Telemetry;

/// <summary>
/// Counts the requests the table client sends again (its retry policy runs every policy in the
/// per-retry position once per try). A storage call that needed a retry still reports one duration
/// in <see cref="FuncSessionMetrics.StorageDuration"/>; this shows how often storage answered with a fault first.
/// </summary>
internal sealed class StorageRetryCounter(FuncSessionMetrics metrics) : HttpPipelineSynchronousPolicy
{
    public override void OnSendingRequest(HttpMessage message)
    {
        if (message.ProcessingContext.RetryNumber > 0)
        {
            metrics.StorageRetry();
        }
    }
}
