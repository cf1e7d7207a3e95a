namespace OrleansRegistry.Storage;

/// <summary>The result of writing a chunk: the upload's token from now on, and how many bytes the chunk held.</summary>
public sealed record UploadWrite(string Token, long BytesWritten);
