// One browser and one API serve every test; the tests drive them one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
