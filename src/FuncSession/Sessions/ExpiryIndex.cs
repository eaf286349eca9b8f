using System.Globalization;
using Microsoft.Extensions.Options;

namespace FuncSession.Sessions;

/// <summary>
/// Names the expiry-index partition of a session: the end of the bucket its expiry falls in
/// (<c>yyyyMMddHHmm</c>, so partitions sort by time) and a shard taken from the session key, so
/// one busy bucket spreads over several partitions. A sweep reads the partitions whose bucket
/// end has passed with one PartitionKey range query.
/// </summary>
internal sealed class ExpiryIndex(IOptions<SessionOptions> options)
{
    private const string TimeFormat = "yyyyMMddHHmm";

    private readonly long _bucketTicks = options.Value.ExpiryBucket.Ticks;
    private readonly int _shards = options.Value.ExpiryShards;

    /// <summary>The partition a session with key <paramref name="key"/> expiring at <paramref name="expiresAt"/> is indexed in.</summary>
    public string PartitionFor(DateTimeOffset expiresAt, string key)
    {
        var shard = Convert.ToInt32(key[..4], 16) % _shards;
        return $"{BucketEnd(expiresAt).ToString(TimeFormat, CultureInfo.InvariantCulture)}-{shard:D2}";
    }

    /// <summary>
    /// The first partition key that is not yet due at <paramref name="now"/>: every partition that
    /// sorts before it holds only buckets that have ended.
    /// </summary>
    public string FirstPendingPartition(DateTimeOffset now) =>
        BucketEnd(now).ToString(TimeFormat, CultureInfo.InvariantCulture);

    private DateTimeOffset BucketEnd(DateTimeOffset time)
    {
        var ticks = time.UtcTicks;
        var end = (ticks + _bucketTicks - 1) / _bucketTicks * _bucketTicks;
        return new DateTimeOffset(end, TimeSpan.Zero);
    }
}
