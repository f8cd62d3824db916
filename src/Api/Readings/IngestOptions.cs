namespace SmartCity.Api.Readings;

/// <summary>How much ingest the twin holds in memory at once (configuration section "Ingest").</summary>
public sealed class IngestOptions
{
    public const string Section = "Ingest";

    /// <summary>
    /// Readings taken in but not yet answered (being applied, or waiting for the event log). A batch
    /// that would go above it is turned away with 503 and Retry-After before anything is applied, so
    /// more ingest than the machine can take costs no memory. About 1 KB each while in flight.
    /// </summary>
    public int MaxReadingsInFlight { get; set; } = 100_000;

    /// <summary>
    /// Readings applied to the twin whose event-log append failed, held until the log takes them.
    /// Once full, batches are turned away with 503 before they change anything.
    /// </summary>
    public int MaxUnloggedReadings { get; set; } = 100_000;

    /// <summary>How often held readings are offered to the event log again.</summary>
    public TimeSpan UnloggedRetryInterval { get; set; } = TimeSpan.FromSeconds(2);
}
