namespace FuncSession.Accounts;

/// <summary>Every hashing turn is taken and the queue for them is full: the request is refused at once.</summary>
internal sealed class PasswordsBusyException()
    : Exception("Every core is hashing a password and the queue of waiting hashes is full.");
