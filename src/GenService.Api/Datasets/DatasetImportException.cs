namespace GenService.Api.Datasets;

/// <summary>An uploaded archive cannot become a dataset; the message says why, for the client to read.</summary>
public sealed class DatasetImportException : Exception
{
    public DatasetImportException()
    {
    }

    public DatasetImportException(string message)
        : base(message)
    {
    }

    public DatasetImportException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
