namespace FuncSession.FloodBenchmark;

/// <summary>What the flood process counted: answers by status (0 for a failed request) and the CPU it used.</summary>
internal sealed record FloodResult(IReadOnlyDictionary<int, int> Statuses, TimeSpan Cpu);
