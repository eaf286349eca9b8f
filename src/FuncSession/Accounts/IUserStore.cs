using FuncSession.Sessions;

namespace FuncSession.Accounts;

/// <summary>The accounts table, as the account service needs it. Outages surface as <see cref="Sessions.StorageUnavailableException"/>.</summary>
internal interface IUserStore
{
    /// <summary>One point read; null when there is no such account.</summary>
    Task<UserRecord?> GetAsync(string key, CancellationToken cancellationToken);

    /// <summary>Adds the account; <see cref="WriteOutcome.Conflict"/> when the name is taken.</summary>
    Task<WriteOutcome> AddAsync(UserRecord user, CancellationToken cancellationToken);

    /// <summary>Replaces the account if it is still at <see cref="UserRecord.Version"/>.</summary>
    Task<WriteOutcome> ReplaceAsync(UserRecord user, CancellationToken cancellationToken);
}
