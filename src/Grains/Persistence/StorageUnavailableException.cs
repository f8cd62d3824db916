namespace SmartCity.Grains.Persistence;

/// <summary>
/// The twin's database could not be reached or could not take a write, so nothing was changed and
/// the caller may try again. Thrown in place of the database driver's own exception, which Orleans
/// cannot carry from the silo that met it to the silo that called: the driver's exception is logged
/// where it happened, and this one travels.
/// </summary>
[GenerateSerializer]
[Alias("smartcity.storage-unavailable")]
public sealed class StorageUnavailableException : Exception
{
    public StorageUnavailableException()
    {
    }

    public StorageUnavailableException(string message) : base(message)
    {
    }

    public StorageUnavailableException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
