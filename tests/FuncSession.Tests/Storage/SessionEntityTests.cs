using System.Text;
using FuncSession.Sessions;
using FuncSession.Storage;

namespace FuncSession.Tests.Storage;

public sealed class SessionEntityTests
{
    private static readonly DateTimeOffset Now = new(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ALoggedInSessionWithValuesOverSeveralColumnsComesBackAsItWent()
    {
        var values = Encoding.UTF8.GetBytes("{\"a\":\"" + new string('x', SessionEntity.ChunkBytes * 2 + 10) + "\"}");
        var session = new SessionRecord
        {
            Key = "k1",
            Values = values,
            User = "Alice",
            UserKey = "alice",
            AuthenticatedAt = Now.AddMinutes(-1),
            CreatedAt = Now.AddMinutes(-2),
            LastSeenAt = Now,
            ExpiresAt = Now.AddHours(1),
            AbsoluteExpiresAt = Now.AddDays(90),
            Permanent = true,
            IndexBucket = "b42",
            Pending = true,
            RotatedTo = "k2",
        };

        var entity = SessionEntity.From(session);
        var back = SessionEntity.ToSession(entity);

        Assert.Equal(3, entity.GetInt32(SessionEntity.ChunkCount));
        Assert.Equal(values, back.Values);
        Assert.Equal(
            (session.Key, session.User, session.UserKey, session.AuthenticatedAt, session.CreatedAt, session.LastSeenAt, session.ExpiresAt, session.AbsoluteExpiresAt, session.Permanent, session.IndexBucket, session.Pending, session.RotatedTo),
            (back.Key, back.User, back.UserKey, back.AuthenticatedAt, back.CreatedAt, back.LastSeenAt, back.ExpiresAt, back.AbsoluteExpiresAt, back.Permanent, back.IndexBucket, back.Pending, back.RotatedTo));
    }

    [Fact]
    public void AnAnonymousSessionWritesNoUserColumns()
    {
        var entity = SessionEntity.From(new SessionRecord { Key = "k", CreatedAt = Now, LastSeenAt = Now, ExpiresAt = Now, AbsoluteExpiresAt = Now });

        Assert.False(entity.ContainsKey(SessionEntity.User));
        Assert.False(entity.ContainsKey(SessionEntity.UserKey));
        Assert.Equal(1, entity.GetInt32(SessionEntity.ChunkCount));
        Assert.Equal(SessionRecord.EmptyValues, SessionEntity.ToSession(entity).Values);
    }

    [Fact]
    public void EveryColumnTheSweepReadsIsOneTheStoreWrites()
    {
        var entity = SessionEntity.From(new SessionRecord
        {
            Key = "k", User = "Alice", UserKey = "alice", IndexBucket = "b1", CreatedAt = Now, LastSeenAt = Now, ExpiresAt = Now, AbsoluteExpiresAt = Now,
        });

        Assert.All(SessionEntity.SweepColumns, column => Assert.True(entity.ContainsKey(column), column));
        var candidate = SessionEntity.ToSweepCandidate("k", entity);
        Assert.Equal(("k", Now, "b1", "alice"), (candidate.Key, candidate.ExpiresAt, candidate.IndexBucket, candidate.UserKey));
    }
}
