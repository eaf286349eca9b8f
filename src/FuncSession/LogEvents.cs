namespace FuncSession;

/// <summary>
/// The event id of every log message the library writes, in one table so that no two messages
/// share an id and alerts can be set on an id that stays the same from release to release.
/// </summary>
internal static class LogEvents
{
    // The session lifecycle.
    public const int WriteConflict = 1;
    public const int TouchSkipped = 2;
    public const int TouchFailed = 3;
    public const int RotationConflict = 4;

    // Tables at start-up.
    public const int TablesReady = 10;
    public const int TablesNotReady = 11;
    public const int TablesLeftToDeployment = 12;

    // The request pipeline.
    public const int StorageUnavailable = 20;
    public const int Contended = 21;
    public const int StorageAccessDenied = 22;
    public const int UnexpectedFailure = 23;
    public const int PasswordsBusy = 24;
    public const int AccountContended = 25;

    // Accounts.
    public const int UserLocked = 30;
    public const int WeakPasswordHashing = 31;
    public const int Rehashed = 32;
    public const int PasswordChanged = 33;
    public const int AccountDeleted = 34;

    // The cleanup sweep.
    public const int Swept = 40;
    public const int SweepStoppedByStorage = 41;
}
