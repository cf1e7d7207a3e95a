namespace OrleansRegistry.Metadata;

/// <summary>
/// The metadata store cannot be reached or does not answer in time. Stores translate their own transient failures
/// into this type so that the registry answers 503 with <c>Retry-After</c>, which clients retry, not a 500.
/// </summary>
public sealed class MetadataUnavailableException(string message, Exception innerException) : Exception(message, innerException);
