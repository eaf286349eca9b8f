using FuncSession.Functions;
using Microsoft.Extensions.Hosting;

FunctionAppHost.Create(args).Run();
