using FuncSession.Accounts;
using FuncSession.Security;

namespace FuncSession.Tests.Accounts;

public sealed class SessionHandlesTests
{
    private static readonly string SessionKey = new('a', 64);

    private readonly SessionHandles _handles = new(SigningKeyRing.Create(new byte[32]));

    [Fact]
    public void AHandleIsShortStableAndRevealsNeitherKey()
    {
        var handle = _handles.For("alice", SessionKey);

        Assert.Equal(SessionHandles.HandleChars, handle.Length);
        Assert.Equal(handle, _handles.For("alice", SessionKey));
        Assert.DoesNotContain(SessionKey[..8], handle, StringComparison.Ordinal);
        Assert.True(_handles.Matches(handle, "alice", SessionKey));
    }

    [Fact]
    public void AHandleBelongsToOneUserAndOneSession()
    {
        var handle = _handles.For("alice", SessionKey);

        Assert.False(_handles.Matches(handle, "bob", SessionKey));
        Assert.False(_handles.Matches(handle, "alice", new string('b', 64)));
        Assert.False(_handles.Matches(handle[..^1], "alice", SessionKey));
        Assert.NotEqual(handle, new SessionHandles(SigningKeyRing.Create(Enumerable.Repeat((byte)1, 32).ToArray())).For("alice", SessionKey));
    }
}
