namespace FuncSession.LocalHost;

/// <summary>A timer function's schedule setting holds no schedule; the message names the setting.</summary>
public sealed class InvalidScheduleException(string message, Exception? innerException = null)
    : Exception(message, innerException);
