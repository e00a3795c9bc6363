// The tests start `cst` processes and a browser on a small machine: one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
