using FuncSession.LocalHost;

try
{
    LocalHostApp.Create(args).Run();
    return 0;
}
catch (InvalidScheduleException ex)
{
    // A configuration mistake, not a crash: say which setting, without a stack trace.
    Console.Error.WriteLine($"error: {ex.Message}");
    return 1;
}
