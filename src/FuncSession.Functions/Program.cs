using FuncSession.Functions;
using Microsoft.Extensions.Hosting;

// FuncSession's Function App, in four places:
//   ApiRoutes.cs        every route on one screen: function name, verb, template, and the class that serves it
//   *Function(s).cs     the functions: adapters from a trigger to the library's endpoints (FuncSession.Http)
//   AddFuncSession      every service and option the endpoints need (FuncSession/ServiceCollectionExtensions.cs)
//   FunctionAppHost.cs  the isolated worker with the ASP.NET Core integration, calling AddFuncSession
FunctionAppHost.Create(args).Run();
