namespace SmartCity.Api.Readings;

/// <summary>How much ingest the twin holds in memory at once (configuration section "Ingest").</summary>
public sealed class IngestOptions
{
    public const string Section = "Ingest";

    /// <summary>
    /// Readings taken in but not yet answered (being applied, or waiting for the event log). A batch
    /// that would go above it is turned away with 503 and Retry-After before anything is applied, so
    /// more ingest than the machine can take costs no memory. About 1 KB each while in flight. Kept
    /// small because reports share the event log's queue: 20,000 readings are a fraction of a second of
    /// the log's group commits on an idle 2-core machine, so a report filed during a flood still
    /// answers well inside Orleans' 30-second call timeout even on a machine many times busier.
    /// </summary>
    public int MaxReadingsInFlight { get; set; } = 20_000;

    /// <summary>
    /// Readings applied to the twin whose event-log append failed, held until the log takes them.
    /// Once full, batches are turned away with 503 before they change anything.
    /// </summary>
    public int MaxUnloggedReadings { get; set; } = 100_000;

    /// <summary>How often held readings are offered to the event log again.</summary>
    public TimeSpan UnloggedRetryInterval { get; set; } = TimeSpan.FromSeconds(2);
}
