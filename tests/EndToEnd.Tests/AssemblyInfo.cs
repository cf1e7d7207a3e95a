// One test at a time, for three reasons: the machine has 2 cores and each test runs a registry
// plus heavy clients; every containers/image client (skopeo, buildah, podman) shares the root
// blob-info cache database under /var/lib/containers/cache and takes its lock; and xunit 2 only
// enforces [Fact(Timeout = ...)] when parallelization is off.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
