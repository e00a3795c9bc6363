// Commands write to the process-wide Console, which the tests redirect: run them one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
