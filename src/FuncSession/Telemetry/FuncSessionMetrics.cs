using System.Diagnostics;
using System.Diagnostics.Metrics;
using FuncSession.Cleanup;
using FuncSession.Sessions;

namespace FuncSession.Telemetry;

/// <summary>
/// The service's instruments, on the <see cref="FuncSessionTelemetry.MeterName"/> meter made by the
/// host's <see cref="IMeterFactory"/> (so each host, and each test's host, has its own). The
/// instrument names are charted by the dashboard and listed in docs/deploy.md: keep them.
/// </summary>
/// <remarks>Public only so the cleanup function can report its sweep; everything else is internal.</remarks>
internal sealed class FuncSessionMetrics
{
    public const string SessionsCreated = "funcsession.sessions.created";
    public const string SessionsEnded = "funcsession.sessions.ended";
    public const string SessionsExpired = "funcsession.sessions.expired";
    public const string SessionsSwept = "funcsession.sessions.swept";
    public const string SessionWrites = "funcsession.session.writes";
    public const string SessionWriteConflicts = "funcsession.session.write_conflicts";
    public const string Logins = "funcsession.logins";
    public const string RequestsLimited = "funcsession.requests.limited";
    public const string StorageDuration = "funcsession.storage.duration";
    public const string StorageRetries = "funcsession.storage.retries";
    public const string SweepDuration = "funcsession.sweep.duration";

    private readonly TimeProvider _time;
    private readonly Counter<long> _created;
    private readonly Counter<long> _ended;
    private readonly Counter<long> _expired;
    private readonly Counter<long> _swept;
    private readonly Counter<long> _writes;
    private readonly Counter<long> _conflicts;
    private readonly Counter<long> _logins;
    private readonly Counter<long> _limited;
    private readonly Histogram<double> _storageDuration;
    private readonly Counter<long> _storageRetries;
    private readonly Histogram<double> _sweepDuration;

    internal FuncSessionMetrics(IMeterFactory meterFactory, TimeProvider time)
    {
        _time = time;
        var meter = meterFactory.Create(FuncSessionTelemetry.MeterName);
        _created = meter.CreateCounter<long>(SessionsCreated, "{session}", "Sessions created: by a first write without a session, or by a login.");
        _ended = meter.CreateCounter<long>(SessionsEnded, "{session}", "Sessions ended on request: delete, logout, logout everywhere, ending one of the user's sessions.");
        _expired = meter.CreateCounter<long>(SessionsExpired, "{session}", "Requests that came with a session that had expired.");
        _swept = meter.CreateCounter<long>(SessionsSwept, "{session}", "Expired sessions the cleanup deleted.");
        _writes = meter.CreateCounter<long>(SessionWrites, "{write}", "Session changes stored.");
        _conflicts = meter.CreateCounter<long>(SessionWriteConflicts, "{conflict}", "Writes that met a concurrent change and were applied again.");
        _logins = meter.CreateCounter<long>(Logins, "{login}", "Login attempts by outcome: succeeded, failed, throttled.");
        _limited = meter.CreateCounter<long>(RequestsLimited, "{request}", "Requests answered 429, by reason.");
        _storageDuration = meter.CreateHistogram<double>(StorageDuration, "ms", "Table Storage calls, from the first try to the answer, by operation and outcome.");
        _storageRetries = meter.CreateCounter<long>(StorageRetries, "{try}", "Table Storage requests the client sent again after a fault or time-out.");
        _sweepDuration = meter.CreateHistogram<double>(SweepDuration, "s", "Cleanup sweeps.");
    }

    /// <summary>Reports one sweep: how long it took and how many expired sessions it deleted.</summary>
    public void RecordSweep(SweepReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        _swept.Add(report.SessionsDeleted);
        _sweepDuration.Record(report.Elapsed.TotalSeconds, new KeyValuePair<string, object?>("completed", report.Completed));
    }

    internal void SessionCreated() => _created.Add(1);

    /// <summary>Counts a session ended, when the delete found it (ending one that is already gone ends nothing).</summary>
    internal void SessionEnded(WriteOutcome deleted)
    {
        if (deleted == WriteOutcome.Written)
        {
            _ended.Add(1);
        }
    }

    /// <summary>Counts a session a request came with that had expired (and the sweep has not deleted yet).</summary>
    internal void SessionSeen(SessionRecord? session, DateTimeOffset now)
    {
        if (session is not null && SessionRules.HasExpired(session, now))
        {
            _expired.Add(1);
        }
    }

    internal void WriteConflict() => _conflicts.Add(1);

    internal void StorageRetry() => _storageRetries.Add(1);

    /// <summary>Counts a stored change, and a created session when the change made one; returns <paramref name="update"/>.</summary>
    internal SessionUpdate SessionWritten(SessionUpdate update)
    {
        if (update.Outcome == SessionChange.Changed)
        {
            _writes.Add(1);
            if (update.Issued is not null)
            {
                _created.Add(1);
            }
        }
        return update;
    }

    internal void Login(string outcome)
    {
        _logins.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
        if (outcome == LoginOutcomes.Throttled)
        {
            _limited.Add(1, new KeyValuePair<string, object?>("reason", LimitReasons.Throttled));
        }
    }

    internal void RequestLimited(string reason) => _limited.Add(1, new KeyValuePair<string, object?>("reason", reason));

    internal long Timestamp() => _time.GetTimestamp();

    internal void StorageCall(string operation, string outcome, long startedAt, Activity? activity)
    {
        _storageDuration.Record(_time.GetElapsedTime(startedAt).TotalMilliseconds,
            new KeyValuePair<string, object?>("operation", operation), new KeyValuePair<string, object?>("outcome", outcome));
        if (activity is not null)
        {
            activity.SetTag("funcsession.storage.outcome", outcome);
            if (outcome != StorageOutcomes.Succeeded)
            {
                activity.SetStatus(ActivityStatusCode.Error, outcome);
            }
        }
    }

    /// <summary>Values of the <c>outcome</c> tag of <see cref="Logins"/>.</summary>
    internal static class LoginOutcomes
    {
        public const string Succeeded = "succeeded";
        public const string Failed = "failed";
        public const string Throttled = "throttled";
    }

    /// <summary>Values of the <c>reason</c> tag of <see cref="RequestsLimited"/>.</summary>
    internal static class LimitReasons
    {
        public const string Throttled = "throttled";
        public const string RateLimited = "rate-limited";
    }

    /// <summary>Values of the <c>outcome</c> tag of <see cref="StorageDuration"/>.</summary>
    internal static class StorageOutcomes
    {
        /// <summary>Storage answered; a 404, 409 or 412 the caller reasons about is an answer too.</summary>
        public const string Succeeded = "succeeded";

        /// <summary>No answer, a time-out, a server error, throttling, a missing table or a refused identity.</summary>
        public const string Unavailable = "unavailable";

        /// <summary>Anything else: a fault of the call itself, or the caller went away.</summary>
        public const string Failed = "failed";
    }
}
