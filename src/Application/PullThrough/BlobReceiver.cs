namespace OrleansRegistry.Application.PullThrough;

/// <summary>
/// Where a whole blob's bytes go as they come from the upstream: given its size and how it is being served (a
/// miss, or joined to another request's fetch), the stream to write them to. Called before the first byte, so the
/// answer's headers (and its access-log entry) are written then.
/// </summary>
public delegate Stream BlobReceiver(long size, CacheOutcome outcome);
