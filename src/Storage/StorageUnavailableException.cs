namespace OrleansRegistry.Storage;

/// <summary>
/// The storage backend cannot be reached or asks to be called later (connection refused, timeouts, S3's 503
/// SlowDown). Drivers translate their own transient failures into this type so that the HTTP layer answers 503 with
/// <c>Retry-After</c>, which clients retry, instead of a 500, which they treat as final.
/// </summary>
public sealed class StorageUnavailableException(string message, Exception innerException) : Exception(message, innerException);
