// The load and fault tests measure latency and memory of one in-process API on a small machine:
// they must not share it with each other.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
