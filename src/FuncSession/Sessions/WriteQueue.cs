namespace FuncSession.Sessions;

/// <summary>
/// The changes waiting for each session on this instance, in the order they arrived. A writer
/// whose turn comes takes every change waiting for its session and writes them in one read and
/// one replace (group commit); sessions nobody writes to hold no state here.
/// </summary>
internal sealed class WriteQueue
{
    private readonly Dictionary<string, List<PendingWrite>> _waiting = new(StringComparer.Ordinal);

    public void Add(string key, PendingWrite write)
    {
        lock (_waiting)
        {
            if (!_waiting.TryGetValue(key, out var list))
            {
                list = [];
                _waiting.Add(key, list);
            }
            list.Add(write);
        }
    }

    /// <summary>Every change waiting for the session, oldest first; none are left behind.</summary>
    public List<PendingWrite> TakeAll(string key)
    {
        lock (_waiting)
        {
            return _waiting.Remove(key, out var list) ? list : [];
        }
    }

    /// <summary>How many changes wait for the session now.</summary>
    public int Count(string key)
    {
        lock (_waiting)
        {
            return _waiting.TryGetValue(key, out var list) ? list.Count : 0;
        }
    }

    /// <summary>Withdraws a change that no writer has taken yet; false when one has (its outcome will come).</summary>
    public bool TryWithdraw(string key, PendingWrite write)
    {
        lock (_waiting)
        {
            if (!_waiting.TryGetValue(key, out var list) || !list.Remove(write))
            {
                return false;
            }
            if (list.Count == 0)
            {
                _waiting.Remove(key);
            }
            return true;
        }
    }
}
