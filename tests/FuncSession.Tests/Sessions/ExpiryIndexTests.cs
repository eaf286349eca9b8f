using System.Security.Cryptography;
using FuncSession.Sessions;
using Microsoft.Extensions.Options;

namespace FuncSession.Tests.Sessions;

/// <summary>The names of expiry-index partitions.</summary>
public sealed class ExpiryIndexTests
{
    private static readonly DateTimeOffset Expiry = new(2026, 11, 28, 10, 31, 7, TimeSpan.Zero);

    [Fact]
    public void APartitionIsTheEndOfTheExpirysBucketAndAShardOfTheKey()
    {
        var index = new ExpiryIndex(Options.Create(new SessionOptions()));

        Assert.Equal("202611281035-05", index.PartitionFor(Expiry, "000d" + new string('f', 60)));
        Assert.Equal("202611281035-00", index.PartitionFor(new DateTimeOffset(2026, 11, 28, 10, 35, 0, TimeSpan.Zero), "0010" + new string('0', 60)));
    }

    [Fact]
    public void ByDefaultTheKeysOfABucketSpreadEvenlyOverEightPartitions()
    {
        var index = new ExpiryIndex(Options.Create(new SessionOptions()));

        var counts = Enumerable.Range(0, 8_000)
            .Select(i => Convert.ToHexStringLower(SHA256.HashData(BitConverter.GetBytes(i))))
            .GroupBy(key => index.PartitionFor(Expiry, key))
            .ToDictionary(group => group.Key, group => group.Count());

        Assert.Equal(Enumerable.Range(0, 8).Select(shard => $"202611281035-{shard:D2}"), counts.Keys.Order());
        Assert.All(counts.Values, count => Assert.InRange(count, 850, 1_150));
    }

    [Fact]
    public void EveryPartitionOfADueBucketSortsBeforeTheFirstPendingOne()
    {
        var index = new ExpiryIndex(Options.Create(new SessionOptions { ExpiryShards = 100 }));
        var due = index.PartitionFor(Expiry, "ffff" + new string('0', 60));

        Assert.EndsWith("-35", due);
        Assert.True(string.CompareOrdinal(due, index.FirstPendingPartition(Expiry.AddMinutes(4))) < 0);
        Assert.True(string.CompareOrdinal(due, index.FirstPendingPartition(Expiry.AddMinutes(3))) >= 0);
    }
}
