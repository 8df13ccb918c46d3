// Hangfire keeps its job storage and log provider in process-wide statics, which each test host
// replaces; hosts running side by side would pick up each other's (or a disposed one's).
[assembly: CollectionBehavior(DisableTestParallelization = true)]
