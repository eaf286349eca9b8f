using BenchmarkDotNet.Running;
using FuncSession.Benchmarks;

// `storage …` runs the raw-storage baseline of the load benchmark, `minimal-endpoint …` serves the
// floor under the API's CPU per GET, `fifty-values` prints the PATCH body of the 50-value session;
// anything else goes to BenchmarkDotNet (`--filter '*'`).
return args switch
{
    ["storage", .. var rest] => await StorageBaseline.RunAsync(rest),
    ["minimal-endpoint", .. var rest] => await MinimalEndpoint.RunAsync(rest),
    ["fifty-values"] => SampleSessions.PrintFiftyValuesPatch(),
    _ => RunMicrobenchmarks(args),
};

static int RunMicrobenchmarks(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(SampleSessions).Assembly).Run(args);
    return 0;
}
