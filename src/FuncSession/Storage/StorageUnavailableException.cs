namespace FuncSession.Storage;

/// <summary>Table Storage did not answer, or answered with a server-side failure. The request may be retried.</summary>
public sealed class StorageUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
