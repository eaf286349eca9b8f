using FuncSession.LocalHost;

LocalHostApp.Create(args).Run();
