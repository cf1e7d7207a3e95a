namespace OrleansRegistry.Storage;

public sealed record StagedUpload(string UploadId, string Token, DateTimeOffset LastModified);
